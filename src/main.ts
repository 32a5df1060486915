import 'reflect-metadata';

import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

import { Logger } from '@nestjs/common';

import { ShutdownState } from './common/lifecycle/shutdown-state';
import { ConfigError } from './config/app-config';
import { DataDirectoryLockedError } from './database/embedded-postgres';
import { openRuntime, prepareDatabase, withDataSource } from './database/runtime';
import { ensureBootstrapUsers } from './modules/users/bootstrap-users';
import { createApp } from './setup-app';

/**
 * V8 lets the old generation grow to four times its live size between full collections when
 * collecting is cheap: under sustained load (a 100,000-claim CSV export, a read storm) the
 * app's RSS climbed from 150 MB to 330 MB of garbage awaiting collection. Doubling at most keeps
 * it near 210 MB for a few more incremental collections of ~15 ms (bench/README.md).
 */
setFlagsFromString('--heap-growing-percent=100');

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const boot = new Logger('Boot');
  const say = (message: string) => boot.log(message);

  const runtime = await openRuntime(process.env, say);
  try {
    await prepareDatabase(runtime, say, runtime.config.seedOnStart);
    const demo = await withDataSource(runtime, (ds) => ensureBootstrapUsers(ds, runtime.config));
    if (demo.length > 0) {
      say('Demo users created (shown once; change or deactivate them before real use):');
      for (const d of demo) say(`  ${d.role.padEnd(12)} ${d.email}  ${d.password}`);
    }
    const app = await createApp(runtime.config, runtime.databaseUrl);
    await app.listen({ port: runtime.config.PORT, host: runtime.config.HOST });
    say(`Listening on ${await app.getUrl()} (API under /api/v1, docs at /docs)`);
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      say(`${signal}: finishing in-flight requests, then stopping`);
      app.get(ShutdownState).begin();
      const grace = setTimeout(() => {
        boot.error(
          `In-flight requests still running after ${runtime.config.SHUTDOWN_GRACE_MS} ms; exiting`,
        );
        process.exit(1);
      }, runtime.config.SHUTDOWN_GRACE_MS);
      grace.unref();
      // In this order: the listener closes and in-flight requests finish (fastify close), the
      // pool closes (Nest's shutdown hooks), and only then does the embedded database stop.
      app
        .close()
        .then(() => runtime.close())
        .then(
          () => {
            say('Stopped cleanly');
            process.exit(0);
          },
          (error: unknown) => {
            boot.error(error);
            process.exit(1);
          },
        );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  } catch (error) {
    await runtime.close();
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirectoryLockedError) {
    console.error(error.message);
  } else {
    console.error('The service failed to start:', error);
  }
  process.exit(1);
});
