import 'reflect-metadata';

import { openRuntime, prepareDatabase } from '../runtime';
import { print, runCli } from './print';

/** Applies pending migrations to DATABASE_URL, or to the embedded database under DATA_DIR. */
async function main(): Promise<void> {
  const runtime = await openRuntime(process.env, (m) => print(m));
  try {
    await prepareDatabase(runtime, (m) => print(m), false);
    print('Migrations are up to date.');
  } finally {
    await runtime.close();
  }
}

runCli(main);
