import 'reflect-metadata';

import { queryRows, sql } from '../../common/database/sql';
import { print, runCli, withCliDatabase } from './print';

/** Reverts the newest applied migration of DATABASE_URL (or the embedded database): one step. */
async function main(): Promise<void> {
  await withCliDatabase({ migrate: false, applicationName: 'j2-8243-migrations' }, async (ds) => {
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
  });
}

runCli(main);
