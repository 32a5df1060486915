import { join } from 'node:path';

import { DataSource, DataSourceOptions } from 'typeorm';

import { QueryLogger } from '../common/database/query-logger';
import { ResilientPgClient } from '../common/database/resilient-pg-client';
import type { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** Migrations: `.ts` under ts-node and jest, compiled `.js` under dist/. */
const MIGRATIONS = [join(__dirname, '..', '..', 'migrations', '*.{ts,js}')];

/**
 * One options builder for the app, the CLI scripts and the tests. `url` is the server from
 * DATABASE_URL or the embedded one's loopback address.
 */
export function dataSourceOptions(
  config: AppConfig,
  url: string,
  overrides: { poolSize?: number; applicationName?: string } = {},
): DataSourceOptions {
  // PGlite is a single session behind its socket server, which interleaves the extended-protocol
  // messages (Parse/Bind/Execute) of concurrent connections outside a transaction: two
  // parameterised queries at once can run each other's statements. One connection is correct.
  const poolCap = config.embedded ? 1 : Number.MAX_SAFE_INTEGER;
  const poolSize = Math.min(overrides.poolSize ?? config.DB_POOL_SIZE, poolCap);
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: ['error', 'migration'],
    // Failed queries are logged without their parameter values (they carry personal data).
    logger: new QueryLogger(),
    poolSize,
    applicationName: overrides.applicationName ?? config.DB_APPLICATION_NAME,
    connectTimeoutMS: config.DB_CONNECT_TIMEOUT_MS,
    extra: {
      // A client that cannot crash the process with an unhandled 'error', and that closes a
      // connection whose query gets no answer at all (a partition): see its comment.
      Client: ResilientPgClient,
      deadConnectionTimeoutMillis: config.embedded
        ? undefined
        : config.DB_STATEMENT_TIMEOUT_MS + config.DB_CONNECT_TIMEOUT_MS,
      // PGlite's socket server shares one session between its connections: a statement one
      // connection prepared already exists for the next one.
      prepareMarkedStatements: !config.embedded && config.DB_PREPARED_STATEMENTS === 'true',
      max: poolSize,
      statement_timeout: config.DB_STATEMENT_TIMEOUT_MS,
      idle_in_transaction_session_timeout: config.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      connectionTimeoutMillis: config.DB_CONNECT_TIMEOUT_MS,
    },
  };
}

export function createDataSource(
  config: AppConfig,
  url: string,
  overrides?: Parameters<typeof dataSourceOptions>[2],
): DataSource {
  return new DataSource(dataSourceOptions(config, url, overrides));
}
