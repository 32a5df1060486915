import { ClaimStatus } from '../../src/modules/claims/domain/claim-status';
import { ReminderSweep } from '../../src/modules/notifications/reminders/reminder-sweep';
import { PersonOutcome } from '../../src/modules/persons/domain/person-kinds';
import { createClaimFixture, insertIncident, insertPerson } from '../utils/fixtures';
import { ServiceContext, startServiceContext } from './service-context';

/**
 * Who a limitation reminder names: the persons a programme covers with no claim in it that
 * still stands, the deceased first, then by name. A query-sized question, asked of the
 * service directly (the reminders e2e suite covers the sweep end to end).
 */
describe('ReminderSweep.personsWithoutClaim', () => {
  let s: ServiceContext;

  beforeAll(async () => {
    s = await startServiceContext();
  });
  afterAll(() => s.close());

  it('lists the uncovered, the deceased first and then by name; a withdrawn claim covers no one', async () => {
    const { incidentId, programmes } = await insertIncident(s.ds);
    const person = (fullName: string, outcome = PersonOutcome.Deceased) =>
      insertPerson(s.ds, incidentId, { fullName, outcome });
    const zara = await person('Zara Uncovered');
    const adam = await person('Adam Survivor', PersonOutcome.Survived);
    const bela = await person('Bela Withdrawn');
    const dina = await person('Dina Drafted');
    await createClaimFixture(s.ds, {
      person: { incidentId, personId: bela },
      status: ClaimStatus.Withdrawn,
    });
    await createClaimFixture(s.ds, {
      person: { incidentId, personId: dina },
      status: ClaimStatus.Draft,
    });

    const listed = await s.app
      .get(ReminderSweep)
      .personsWithoutClaim(s.ds.manager, incidentId, programmes.airline_ex_gratia!);
    expect(listed).toEqual([bela, zara, adam]);
  });
});
