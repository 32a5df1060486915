import 'reflect-metadata';

import { seedJ28243 } from '../seeds/seed-j2-8243';
import { print, runCli, withCliDatabase } from './print';

/** Loads J2-8243 (idempotent: a second run changes nothing). */
async function main(): Promise<void> {
  await withCliDatabase({ migrate: true }, async (ds) => {
    const result = await seedJ28243(ds);
    print(
      result.incidentCreated || result.persons || result.programmes
        ? `Seeded ${result.incidentCode}: incident ${result.incidentCreated ? 'created' : 'kept'}, ${result.persons} persons, ${result.programmes} programmes.`
        : `${result.incidentCode} is already seeded: nothing changed.`,
    );
  });
}

runCli(main);
