import { join } from 'node:path';

import { DataSource } from 'typeorm';

import { queryRows, sql } from '../common/database/sql';
import { AppConfig, ConfigError, loadConfig } from '../config/app-config';
import { ensureLocalSecrets } from '../config/local-secrets';
import { createDataSource } from './data-source-options';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';
import { seedJ28243 } from './seeds/seed-j2-8243';

export interface Runtime {
  config: AppConfig;
  databaseUrl: string;
  embedded?: EmbeddedPostgres;
  close(): Promise<void>;
}

type Say = (message: string) => void;

/**
 * Resolves configuration and the database before Nest starts: the server named by
 * DATABASE_URL, or else the embedded PGlite under DATA_DIR with locally kept secrets.
 */
export async function openRuntime(env: NodeJS.ProcessEnv, say: Say): Promise<Runtime> {
  let config = loadConfig(env);
  let embedded: EmbeddedPostgres | undefined;
  if (config.embedded) {
    if (!config.production) {
      const local = ensureLocalSecrets(config.DATA_DIR, env);
      if (local.created) say(`Generated development secrets in ${local.path} (owner-only).`);
      config = loadConfig({ ...env, ...local.secrets });
    }
    embedded = await startEmbeddedPostgres(join(config.DATA_DIR));
    say(
      `Embedded PostgreSQL (PGlite) on ${embedded.url.replace(/:[^:@/]+@/, ':***@')}, data in ${embedded.dataDir}`,
    );
  }
  for (const name of ['JWT_SECRET', 'DATA_ENCRYPTION_KEY', 'AUDIT_SIGNING_KEY'] as const) {
    if (!config[name]) {
      await embedded?.stop();
      throw new ConfigError(
        `Invalid configuration:\n  ${name}: is required when DATABASE_URL is set`,
      );
    }
  }
  return {
    config,
    databaseUrl: config.DATABASE_URL ?? embedded!.url,
    embedded,
    close: async () => embedded?.stop(),
  };
}

/** Applies pending migrations and, when the database has no incident yet, seeds J2-8243. */
export async function prepareDatabase(runtime: Runtime, say: Say, seed: boolean): Promise<void> {
  const ds = createDataSource(runtime.config, runtime.databaseUrl, {
    poolSize: 1,
    applicationName: 'j2-8243-migrations',
  });
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    if (applied.length > 0) say(`Applied ${applied.length} migration(s).`);
    if (seed) {
      const [{ count }] = await queryRows<{
        count: number;
      }>(ds, sql(`SELECT count(*)::int AS count FROM incidents`));
      if (count === 0) {
        const result = await seedJ28243(ds);
        say(
          `Seeded ${result.incidentCode}: ${result.persons} persons, ${result.programmes} programmes.`,
        );
      }
    }
  } finally {
    await ds.destroy();
  }
}

/** A short-lived single-connection DataSource for start-up work outside Nest. */
export async function withDataSource<T>(
  runtime: Runtime,
  work: (ds: DataSource) => Promise<T>,
): Promise<T> {
  const ds = createDataSource(runtime.config, runtime.databaseUrl, {
    poolSize: 1,
    applicationName: 'j2-8243-startup',
  });
  await ds.initialize();
  try {
    return await work(ds);
  } finally {
    await ds.destroy();
  }
}
