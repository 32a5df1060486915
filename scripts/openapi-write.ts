/**
 * Writes openapi.json: the OpenAPI document exactly as GET /docs-json serves it, from the
 * application built by createApp (setup-app.ts) on a throw-away embedded database.
 *
 *   npm run openapi:write            rewrite openapi.json after an API change
 *   npm run openapi:write -- --check  exit 1 when openapi.json differs from the served document
 *
 * test/openapi-committed.e2e-spec.ts makes the same comparison in every test run, so a change
 * to the API that forgets this file fails CI; src/api-client/schema.d.ts is generated from it.
 */
import 'reflect-metadata';

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadConfig } from '../src/config/app-config';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { prepareDatabase } from '../src/database/runtime';
import { createApp } from '../src/setup-app';

export const OPENAPI_FILE = join(__dirname, '..', 'openapi.json');

/** The committed form: two-space JSON with a final newline, keys in the order served. */
export const formatDocument = (document: unknown) => `${JSON.stringify(document, null, 2)}\n`;

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const dir = mkdtempSync(join(tmpdir(), 'j2-openapi-'));
  const embedded = await startEmbeddedPostgres(join(dir, 'db'));
  try {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: embedded.url,
      DB_POOL_SIZE: '1',
      DB_PREPARED_STATEMENTS: 'false',
      DATA_DIR: dir,
      JWT_SECRET: 'openapi-write-only-secret-0123456789-abcdefghijklmnop',
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 0x5a).toString('base64'),
      AUDIT_SIGNING_KEY: Buffer.concat([
        Buffer.from('302e020100300506032b657004220420', 'hex'),
        Buffer.alloc(32, 0x42),
      ]).toString('base64'),
      DOCS_ENABLED: 'true',
      SEED_ON_START: 'false',
      WORKER_ENABLED: 'false',
    });
    await prepareDatabase(
      { config, databaseUrl: config.databaseUrl, close: async () => undefined },
      () => undefined,
      false,
    );
    const app = await createApp(config, config.databaseUrl);
    try {
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      const response = await app.getHttpAdapter().getInstance().inject('/docs-json');
      if (response.statusCode !== 200)
        throw new Error(`/docs-json answered ${response.statusCode}`);
      const served = formatDocument(JSON.parse(response.body));
      if (check) {
        const committed = readFileSync(OPENAPI_FILE, 'utf8');
        if (committed !== served) {
          console.error('openapi.json differs from the served document: run npm run openapi:write');
          process.exitCode = 1;
        } else {
          console.log('openapi.json is the served document');
        }
      } else {
        writeFileSync(OPENAPI_FILE, served);
        console.log(`Wrote ${OPENAPI_FILE}`);
      }
    } finally {
      await app.close();
    }
  } finally {
    await embedded.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
