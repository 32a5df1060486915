import 'reflect-metadata';
import { print } from './print';
import { createDataSource } from '../data-source-options';
import { openRuntime, prepareDatabase } from '../runtime';
import { seedJ28243 } from '../seeds/seed-j2-8243';

/** Loads J2-8243 (idempotent: a second run changes nothing). */
async function main(): Promise<void> {
  const say = (m: string) => print(m);
  const runtime = await openRuntime(process.env, say);
  try {
    await prepareDatabase(runtime, say, false);
    const ds = createDataSource(runtime.config, runtime.databaseUrl, { poolSize: 1 });
    await ds.initialize();
    try {
      const result = await seedJ28243(ds);
      say(
        result.incidentCreated || result.persons || result.programmes
          ? `Seeded ${result.incidentCode}: incident ${result.incidentCreated ? 'created' : 'kept'}, ${result.persons} persons, ${result.programmes} programmes.`
          : `${result.incidentCode} is already seeded: nothing changed.`,
      );
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
