import 'reflect-metadata';

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from 'pg';

import { loadConfig } from '../src/config/app-config';
import { EmbeddedPostgres, startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { prepareDatabase } from '../src/database/runtime';

declare global {
  var __EMBEDDED_PG__: EmbeddedPostgres | undefined;
  var __TEST_DATABASE_READY__: boolean | undefined;
}

/** Settings every e2e suite runs with; secrets are test-only values. */
const TEST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  JWT_SECRET: 'test-only-jwt-secret-0123456789-abcdefghijklmnopqrstuvwxyz',
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 0x5a).toString('base64'),
  // Ed25519 key from a fixed seed (PKCS#8 DER prefix + 32 bytes): audit checkpoints.
  AUDIT_SIGNING_KEY: Buffer.concat([
    Buffer.from('302e020100300506032b657004220420', 'hex'),
    Buffer.alloc(32, 0x42),
  ]).toString('base64'),
  // Every request comes from 127.0.0.1, for every suite in the same minute: the suites that
  // test the pre-authentication limit set their own.
  ANONYMOUS_RATE_LIMIT_PER_MINUTE: '100000',
  // Failed sign-ins are counted per address in the shared database, and every suite signs in
  // from 127.0.0.1: the suites that test the limit of 10 set it (and clear the counts) themselves.
  LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
  // Aggregated denials reach the audit chain when a suite flushes them, never in the middle of
  // another suite's count of its own events.
  AUDIT_DENIALS_FLUSH_SECONDS: '0',
  SEED_ON_START: 'false',
  // Suites compare the summary with what they just changed: compute it every time.
  REPORT_CACHE_TTL_MS: '0',
};

/**
 * Starts the embedded PostgreSQL when DATABASE_URL is unset (workers inherit the URL), refuses
 * a server database whose name does not say it is for tests, empties it (the suites count what
 * they write, so every run starts from nothing, the second as the first), applies the
 * migrations and seeds J2-8243 once for the whole run.
 */
export default async function globalSetup(): Promise<void> {
  // The service and e2e projects both name this file: the database is prepared once per run.
  if (globalThis.__TEST_DATABASE_READY__) return;
  globalThis.__TEST_DATABASE_READY__ = true;
  for (const [key, value] of Object.entries(TEST_ENV)) process.env[key] ??= value;
  if (!process.env.DATABASE_URL) {
    const embedded = await startEmbeddedPostgres(mkdtempSync(join(tmpdir(), 'j2-test-')));
    globalThis.__EMBEDDED_PG__ = embedded;
    process.env.DATABASE_URL = embedded.url;
    // One connection per pool: PGlite's socket server is not safe for concurrent
    // parameterised queries from several connections (see data-source-options.ts).
    process.env.DB_POOL_SIZE = '1';
    // A session shared by all connections: a statement prepared by one exists for the next.
    process.env.DB_PREPARED_STATEMENTS = 'false';
  } else {
    const name = new URL(process.env.DATABASE_URL).pathname.slice(1);
    if (!/test/i.test(name)) {
      throw new Error(
        `Refusing to run the e2e suites against database "${name}": its name must contain "test".`,
      );
    }
    await emptyDatabase(process.env.DATABASE_URL);
  }
  const config = loadConfig(process.env);
  await prepareDatabase(
    { config, databaseUrl: config.databaseUrl, close: async () => undefined },
    () => undefined,
    true,
  );
}

/** Drops everything an earlier run left: the service's tables and the job queue's schema. */
async function emptyDatabase(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `DROP SCHEMA IF EXISTS pgboss CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public`,
    );
  } finally {
    await client.end();
  }
}
