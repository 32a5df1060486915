import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DataSource } from 'typeorm';

import { loadConfig } from '../../config/app-config';
import { createDataSource } from '../data-source-options';
import { startEmbeddedPostgres } from '../embedded-postgres';

/**
 * A throwaway embedded database with every migration applied: the reference that
 * migration:check and migration:generate compare the entities against.
 */
export async function withMigratedScratchDatabase<T>(
  work: (ds: DataSource) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'j2-migrations-'));
  const embedded = await startEmbeddedPostgres(dir);
  const config = loadConfig({
    JWT_SECRET: 'x'.repeat(32),
    DATA_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
  });
  const ds = createDataSource(config, embedded.url, {
    poolSize: 1,
    applicationName: 'migration-cli',
  });
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    return await work(ds);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await embedded.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** SQL that would bring the database in line with the entities (empty when in step). */
export async function pendingSchemaChanges(ds: DataSource) {
  return ds.driver.createSchemaBuilder().log();
}
