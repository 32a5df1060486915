import 'reflect-metadata';
import { print } from './print';
import { createDataSource } from '../data-source-options';
import { openRuntime } from '../runtime';
import { queryRows, sql } from '../../common/database/sql';

/** Reverts the newest applied migration of DATABASE_URL (or the embedded database): one step. */
async function main(): Promise<void> {
  const runtime = await openRuntime(process.env, (m) => print(m));
  try {
    const ds = createDataSource(runtime.config, runtime.databaseUrl, {
      poolSize: 1,
      applicationName: 'j2-8243-migrations',
    });
    await ds.initialize();
    try {
      const [table] = await queryRows<{
        name: string | null;
      }>(ds, sql(`SELECT to_regclass('migrations') AS name`));
      const [newest] = table?.name
        ? await queryRows<{
            name: string;
          }>(ds, sql(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`))
        : [];
      if (!newest) {
        print('No migration has been applied: nothing to revert.');
        return;
      }
      await ds.undoLastMigration({ transaction: 'each' });
      print(`Reverted ${newest.name}. \`npm run migration:run\` applies it again.`);
    } finally {
      await ds.destroy();
    }
  } finally {
    await runtime.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
