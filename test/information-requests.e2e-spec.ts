import { Role } from '../src/common/auth/role';
import { createUser, TestUser } from './utils/auth';
import {
  createClaim,
  createClaimant,
  createIncident,
  createPerson,
  transition,
} from './utils/fixtures';
import { API, startTestApp, TestApp } from './utils/test-app';

/** `dueDate` on an information request (docs/api.md#the-claim-lifecycle, second release). */

const DAY = 86_400_000;
const daysAhead = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

describe('information requests carry a due date', () => {
  let t: TestApp;
  let admin: TestUser;
  let caseWorker: TestUser;
  let claim: { id: string; version: number };

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    admin = await createUser(t, Role.Admin);
    caseWorker = await createUser(t, Role.CaseWorker);
    const incident = await createIncident(t, admin);
    const person = await createPerson(t, caseWorker, incident.id, 'deceased');
    const claimant = await createClaimant(t, caseWorker, {
      personId: person,
      fullName: 'Due Date Claimant',
      relationship: 'spouse',
    });
    let c = await createClaim(t, caseWorker, {
      claimantId: claimant.id,
      programmeId: incident.programmes.exGratia.id,
      type: 'death',
      amountClaimed: { amount: '10.00', currency: 'AZN' },
    });
    c = (await transition(t, caseWorker, c, { to: 'submitted' }).expect(200)).body;
    claim = (await transition(t, caseWorker, c, { to: 'under_review' }).expect(200)).body;
  });
  afterAll(() => t.close());

  const ask = (body: Record<string, unknown>) =>
    transition(t, caseWorker, claim, { to: 'information_requested', reason: 'need more', ...body });

  it.each([
    [{ dueDate: '2027-02-30' }, 400, 'VALIDATION_FAILED'],
    [{ dueDate: '28/01/2027' }, 400, 'VALIDATION_FAILED'],
    [{ dueDate: daysAhead(0) }, 422, 'DUE_DATE_OUT_OF_RANGE'],
    [{ dueDate: daysAhead(-3) }, 422, 'DUE_DATE_OUT_OF_RANGE'],
    [{ dueDate: daysAhead(181) }, 422, 'DUE_DATE_OUT_OF_RANGE'],
  ])('refuses %j with %i %s', async (body, status, code) => {
    const res = await ask(body);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
  });

  it('refuses a due date on any other transition (400 DUE_DATE_NOT_ACCEPTED)', async () => {
    const res = await transition(t, caseWorker, claim, {
      to: 'withdrawn',
      reason: 'x',
      dueDate: daysAhead(10),
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('DUE_DATE_NOT_ACCEPTED');
  });

  it('defaults to 60 days, keeps it on the claim while open and on the transition for good', async () => {
    const res = await ask({}).expect(200);
    const due = res.body.informationDueDate as string;
    expect([daysAhead(60), daysAhead(61)]).toContain(due);
    const back = await transition(t, caseWorker, res.body, { to: 'under_review' }).expect(200);
    expect(back.body.informationDueDate).toBeNull();
    const again = await transition(t, caseWorker, back.body, {
      to: 'information_requested',
      reason: 'one more thing',
      dueDate: daysAhead(180),
    }).expect(200);
    expect(again.body.informationDueDate).toBe(daysAhead(180));
    const history = await t
      .http()
      .get(`${API}/claims/${claim.id}/transitions`)
      .set(caseWorker.auth)
      .expect(200);
    expect(history.body.items.map((i: { dueDate: string | null }) => i.dueDate)).toEqual([
      null,
      null,
      due,
      null,
      daysAhead(180),
    ]);
  });
});
