import type { DataSource } from 'typeorm';

import { createDataSource } from '../data-source-options';
import { openRuntime, prepareDatabase, Runtime } from '../runtime';

/** CLI output: these scripts speak to the person at the terminal, not to the service's log. */
export function print(message: string): void {
  process.stdout.write(`${message}\n`);
}

/**
 * Runs a script's main: a failure prints its message (or, with `stack`, the whole error) and
 * exits 1.
 */
export function runCli(main: () => Promise<void>, options: { stack?: boolean } = {}): void {
  main().catch((error: unknown) => {
    console.error(options.stack || !(error instanceof Error) ? error : error.message);
    process.exit(1);
  });
}

/**
 * Opens the database a script works on (DATABASE_URL, or the embedded one under DATA_DIR),
 * applies pending migrations when asked, and lends `work` a one-connection data source; both
 * are closed afterwards, whatever happens.
 */
export async function withCliDatabase(
  options: { migrate: boolean; applicationName?: string },
  work: (ds: DataSource, runtime: Runtime) => Promise<void>,
): Promise<void> {
  const runtime = await openRuntime(process.env, print);
  try {
    if (options.migrate) await prepareDatabase(runtime, print, false);
    const ds = createDataSource(runtime.config, runtime.databaseUrl, {
      poolSize: 1,
      ...(options.applicationName ? { applicationName: options.applicationName } : {}),
    });
    await ds.initialize();
    try {
      await work(ds, runtime);
    } finally {
      await ds.destroy();
    }
  } finally {
    await runtime.close();
  }
}
