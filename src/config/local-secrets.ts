import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

interface LocalSecrets {
  JWT_SECRET: string;
  DATA_ENCRYPTION_KEY: string;
}

/**
 * Outside production on the embedded database, missing secrets are generated once and kept
 * under the data directory (owner-only), so `npm start` needs no set-up and data encrypted
 * yesterday still decrypts today. Returns the values to use and whether a file was created.
 */
export function ensureLocalSecrets(
  dataDir: string,
  env: NodeJS.ProcessEnv,
): { secrets: LocalSecrets; created: boolean; path: string } {
  const path = join(resolve(dataDir), 'secrets.json');
  let stored: Partial<LocalSecrets> = {};
  if (existsSync(path)) stored = JSON.parse(readFileSync(path, 'utf8')) as Partial<LocalSecrets>;
  const secrets: LocalSecrets = {
    JWT_SECRET: env.JWT_SECRET || stored.JWT_SECRET || randomBytes(48).toString('base64url'),
    DATA_ENCRYPTION_KEY:
      env.DATA_ENCRYPTION_KEY || stored.DATA_ENCRYPTION_KEY || randomBytes(32).toString('base64'),
  };
  const missing = !stored.JWT_SECRET || !stored.DATA_ENCRYPTION_KEY;
  const generated = missing && (!env.JWT_SECRET || !env.DATA_ENCRYPTION_KEY);
  if (generated) {
    mkdirSync(resolve(dataDir), { recursive: true, mode: 0o700 });
    const toStore = { ...stored };
    if (!env.JWT_SECRET) toStore.JWT_SECRET = secrets.JWT_SECRET;
    if (!env.DATA_ENCRYPTION_KEY) toStore.DATA_ENCRYPTION_KEY = secrets.DATA_ENCRYPTION_KEY;
    writeFileSync(path, JSON.stringify(toStore, null, 2), { mode: 0o600 });
    chmodSync(path, 0o600);
  }
  return { secrets, created: generated, path };
}
