import 'reflect-metadata';

import { existsSync } from 'node:fs';

import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';

import { AppModule } from './app.module';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { withDataSource } from './database/runtime';

/**
 * The background worker alone (`npm run worker`): outbox delivery, reminders and audit
 * verification against DATABASE_URL, with no HTTP listener. Start as many as the load needs;
 * they share the work through the database. The embedded database belongs to the app process,
 * whose in-process worker serves it.
 */
export async function startWorker(config: AppConfig) {
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot(config, config.databaseUrl),
    { bufferLogs: true },
  );
  app.useLogger(app.get(PinoLogger));
  app.flushLogs();
  await app.init();
  return app;
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const say = new Logger('Worker');
  const config = loadConfig({ ...process.env, WORKER_ENABLED: 'true' });
  if (config.embedded) {
    throw new ConfigError(
      'npm run worker needs DATABASE_URL: the embedded database is served by the app process, ' +
        'whose own worker runs with npm start (WORKER_ENABLED=true).',
    );
  }
  for (const name of ['JWT_SECRET', 'DATA_ENCRYPTION_KEY'] as const) {
    if (!config[name]) throw new ConfigError(`Invalid configuration:\n  ${name}: is required`);
  }
  const runtime = { config, databaseUrl: config.databaseUrl, close: async () => undefined };
  const pending = await withDataSource(runtime, (ds) => ds.showMigrations());
  if (pending) {
    throw new ConfigError(
      'The database has pending migrations: start the app once or run npm run migration:run first.',
    );
  }
  const app = await startWorker(config);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    say.log(`${signal}: finishing the work in hand, then stopping`);
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        say.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  });
}
