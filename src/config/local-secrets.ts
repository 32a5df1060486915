import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

interface LocalSecrets {
  JWT_SECRET: string;
  DATA_ENCRYPTION_KEY: string;
  AUDIT_SIGNING_KEY: string;
}

/** A fresh Ed25519 private key as base64 PKCS#8 DER, the form AUDIT_SIGNING_KEY takes. */
export function newAuditSigningKey(): string {
  return generateKeyPairSync('ed25519')
    .privateKey.export({ format: 'der', type: 'pkcs8' })
    .toString('base64');
}

const GENERATE: Record<keyof LocalSecrets, () => string> = {
  JWT_SECRET: () => randomBytes(48).toString('base64url'),
  DATA_ENCRYPTION_KEY: () => randomBytes(32).toString('base64'),
  AUDIT_SIGNING_KEY: newAuditSigningKey,
};

/**
 * Outside production on the embedded database, missing secrets are generated once and kept
 * under the data directory (owner-only), so `npm start` needs no set-up, data encrypted
 * yesterday still decrypts today and yesterday's audit checkpoints still verify. Returns the
 * values to use and whether a file was created or completed.
 */
export function ensureLocalSecrets(
  dataDir: string,
  env: NodeJS.ProcessEnv,
): { secrets: LocalSecrets; created: boolean; path: string } {
  const path = join(resolve(dataDir), 'secrets.json');
  let stored: Partial<LocalSecrets> = {};
  if (existsSync(path)) stored = JSON.parse(readFileSync(path, 'utf8')) as Partial<LocalSecrets>;
  const names = Object.keys(GENERATE) as (keyof LocalSecrets)[];
  const secrets = Object.fromEntries(
    names.map((name) => [name, env[name] || stored[name] || GENERATE[name]()]),
  ) as unknown as LocalSecrets;
  // Stored: every secret the environment does not give and the file did not hold yet.
  const toStore = { ...stored };
  for (const name of names) if (!env[name] && !stored[name]) toStore[name] = secrets[name];
  const generated = names.some((name) => !env[name] && !stored[name]);
  if (generated) {
    mkdirSync(resolve(dataDir), { recursive: true, mode: 0o700 });
    writeFileSync(path, JSON.stringify(toStore, null, 2), { mode: 0o600 });
    chmodSync(path, 0o600);
  }
  return { secrets, created: generated, path };
}
