import { Role } from '../src/common/auth/role';
import { createUser, TestUser } from './utils/auth';
import {
  createClaim,
  createClaimant,
  createIncident,
  createPerson,
  move,
  TestIncident,
} from './utils/fixtures';
import { API, startTestApp, TestApp } from './utils/test-app';

/**
 * A person's outcome is corrected only while nothing on file presupposes the current one: the
 * claim rules (a death claim needs a person who died, `self` a survivor, heir shares a death)
 * cannot be walked around by editing the person afterwards.
 */
describe('correcting a person’s outcome', () => {
  let t: TestApp;
  let admin: TestUser;
  let caseWorker: TestUser;
  let incident: TestIncident;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, Role.Admin);
    caseWorker = await createUser(t, Role.CaseWorker);
    incident = await createIncident(t, admin);
  });
  afterAll(() => t.close());

  const person = async (id: string) =>
    (await t.http().get(`${API}/persons/${id}`).set(admin.auth).expect(200)).body as {
      outcome: string;
      version: number;
    };
  const correct = async (id: string, body: Record<string, unknown>) => {
    const { version } = await person(id);
    return t
      .http()
      .patch(`${API}/persons/${id}`)
      .set(admin.auth)
      .set('If-Match', `"${version}"`)
      .send(body);
  };
  const deathClaim = (claimantId: string) =>
    createClaim(t, caseWorker, {
      claimantId,
      programmeId: incident.programmes.exGratia.id,
      type: 'death',
      amountClaimed: { amount: '1000.00', currency: 'AZN' },
    });

  it('refuses "survived" while a death claim or an heir’s share stands, then allows it', async () => {
    const personId = await createPerson(t, admin, incident.id, 'deceased');
    const heir = await createClaimant(t, caseWorker, {
      personId,
      fullName: 'Heir Example',
      relationship: 'spouse',
      heirSharePercent: 50,
    });
    const claim = await deathClaim(heir.id);

    const refused = await correct(personId, { outcome: 'survived', injurySeverity: 'minor' });
    expect([refused.status, refused.body.code]).toEqual([409, 'PERSON_OUTCOME_CONFLICT']);
    expect(refused.body.detail).toContain(claim.reference);
    expect(await person(personId)).toMatchObject({ outcome: 'deceased', version: 1 });

    // A withdrawn claim no longer counts; the heir's share still does.
    await move(t, caseWorker, claim, { to: 'withdrawn', reason: 'Filed for the wrong person' });
    const stillRefused = await correct(personId, { outcome: 'survived' });
    expect([stillRefused.status, stillRefused.body.code]).toEqual([409, 'PERSON_OUTCOME_CONFLICT']);
    expect(stillRefused.body.detail).toMatch(/1 claimant/);

    await t
      .http()
      .patch(`${API}/claimants/${heir.id}`)
      .set(admin.auth)
      .set('If-Match', `"${heir.version}"`)
      .send({ heirSharePercent: null })
      .expect(200);
    const allowed = await correct(personId, { outcome: 'survived', injurySeverity: 'minor' });
    expect(allowed.status).toBe(200);
    expect(allowed.body.outcome).toBe('survived');
  });

  it('refuses "deceased" while the survivor’s own claimant stands', async () => {
    const personId = await createPerson(t, admin, incident.id, 'survived');
    await createClaimant(t, caseWorker, {
      personId,
      fullName: 'Survivor Example',
      relationship: 'self',
    });
    const refused = await correct(personId, { outcome: 'deceased', injurySeverity: null });
    expect([refused.status, refused.body.code]).toEqual([409, 'PERSON_OUTCOME_CONFLICT']);
    expect((await person(personId)).outcome).toBe('survived');
  });

  it('answers a stale If-Match with 412 before weighing the rule', async () => {
    const personId = await createPerson(t, admin, incident.id, 'deceased');
    const heir = await createClaimant(t, caseWorker, {
      personId,
      fullName: 'Heir Example',
      relationship: 'child',
      heirSharePercent: 25,
    });
    await deathClaim(heir.id);
    await t
      .http()
      .patch(`${API}/persons/${personId}`)
      .set(admin.auth)
      .set('If-Match', '"7"')
      .send({ outcome: 'survived' })
      .expect(412);
  });

  it('never lets a death claim and a correction to "survived" both through when they race', async () => {
    for (let round = 0; round < 5; round++) {
      const personId = await createPerson(t, admin, incident.id, 'deceased');
      const heir = await createClaimant(t, caseWorker, {
        personId,
        fullName: 'Heir Example',
        relationship: 'parent',
      });
      const [filed, corrected] = await Promise.all([
        t
          .http()
          .post(`${API}/claims`)
          .set(caseWorker.auth)
          .send({
            claimantId: heir.id,
            programmeId: incident.programmes.exGratia.id,
            type: 'death',
            amountClaimed: { amount: '1000.00', currency: 'AZN' },
          }),
        correct(personId, { outcome: 'survived', injurySeverity: 'minor' }),
      ]);
      // Exactly one wins, and what is on file is consistent either way.
      expect([filed.status, corrected.status].sort()).toEqual(
        filed.status === 201 ? [201, 409] : [200, 422],
      );
      const { outcome } = await person(personId);
      expect(outcome).toBe(filed.status === 201 ? 'deceased' : 'survived');
    }
  });
});
