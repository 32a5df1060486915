import 'reflect-metadata';

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { print, runCli } from './print';
import { pendingSchemaChanges, withMigratedScratchDatabase } from './scratch-database';

/** Writes migrations/<timestamp>-<Name>.ts from the entity/migration difference, for review. */
async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    console.error('Usage: npm run migration:generate -- VerbNoun');
    process.exit(2);
  }
  const sql = await withMigratedScratchDatabase(pendingSchemaChanges);
  if (sql.upQueries.length === 0) {
    print('No schema changes: nothing to generate.');
    return;
  }
  const timestamp = Date.now();
  const esc = (q: string) => q.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
  const up = sql.upQueries
    .map((q) => `    await queryRunner.query(\`${esc(q.query)}\`);`)
    .join('\n');
  const down = [...sql.downQueries]
    .reverse()
    .map((q) => `    await queryRunner.query(\`${esc(q.query)}\`);`)
    .join('\n');
  const file = join(__dirname, '..', '..', '..', 'migrations', `${timestamp}-${name}.ts`);
  writeFileSync(
    file,
    `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${timestamp} implements MigrationInterface {
  name = '${name}${timestamp}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${up}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${down}
  }
}
`,
  );
  print(`Wrote ${file}`);
}

runCli(main, { stack: true });
