import 'reflect-metadata';

import { print, runCli } from './print';
import { pendingSchemaChanges, withMigratedScratchDatabase } from './scratch-database';

/** Fails when the entities and the migrations describe different schemas. */
async function main(): Promise<void> {
  const drift = await withMigratedScratchDatabase(
    async (ds) => (await pendingSchemaChanges(ds)).upQueries,
  );
  if (drift.length === 0) {
    print('Entities and migrations agree.');
    return;
  }
  console.error('Entities and migrations have drifted apart. Missing from the migrations:');
  for (const q of drift) console.error(`  ${q.query};`);
  console.error('Write a migration (npm run migration:generate -- Name) and review it.');
  process.exit(1);
}

runCli(main, { stack: true });
