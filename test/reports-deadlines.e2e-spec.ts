import { Role } from '../src/common/auth/role';
import { Clock } from '../src/common/clock';
import { execute, sql } from '../src/common/database/sql';
import { maskName } from '../src/common/privacy/mask';
import { createUser, TestUser } from './utils/auth';
import {
  ClaimBody,
  createClaim,
  createClaimant,
  createIncident,
  fileVerifiedDocuments,
  moveThrough,
  TestIncident,
} from './utils/fixtures';
import { API, startTestApp, TestApp } from './utils/test-app';

interface Deadlines {
  incidentId: string;
  limitation: { deadline: string; daysRemaining: number; programmes: unknown[] };
  personsWithoutClaim: {
    total: number;
    deceased: number;
    items: { personId: string; fullName: string; outcome: string; daysRemaining: number }[];
  };
  informationRequested: {
    total: number;
    items: {
      claimId: string;
      claimantName: string;
      personName: string;
      since: string;
      daysWaiting: number;
    }[];
  };
  appealWindows: {
    total: number;
    items: {
      claimId: string;
      status: string;
      decidedAt: string | null;
      since: string;
      closesAt: string;
      daysLeft: number;
    }[];
  };
  generatedAt: string;
}

describe('GET /reports/incidents/:id/deadlines', () => {
  let t: TestApp;
  let admin: TestUser;
  let caseWorker: TestUser;
  let auditor: TestUser;
  let incident: TestIncident;
  let clock: jest.SpyInstance<Date, []>;
  const persons: Record<string, string> = {};
  const claims: Record<string, ClaimBody> = {};

  const setClock = (iso: string) => clock.mockImplementation(() => new Date(iso));
  const deadlines = async (
    user: TestUser,
    query: Record<string, number> = {},
  ): Promise<Deadlines> =>
    (
      await t
        .http()
        .get(`${API}/reports/incidents/${incident.id}/deadlines`)
        .query(query)
        .set(user.auth)
        .expect(200)
    ).body as Deadlines;

  beforeAll(async () => {
    t = await startTestApp();
    clock = jest.spyOn(t.app.get(Clock), 'now');
    admin = await createUser(t, Role.Admin);
    caseWorker = await createUser(t, Role.CaseWorker);
    auditor = await createUser(t, Role.Auditor);
    // Occurred 2024-12-25: the limitation deadline is 2026-12-25, as for J2-8243.
    incident = await createIncident(t, admin);

    const person = async (key: string, fullName: string, outcome: 'deceased' | 'survived') => {
      const res = await t
        .http()
        .post(`${API}/incidents/${incident.id}/persons`)
        .set(caseWorker.auth)
        .send({ fullName, category: 'passenger', nationalities: ['AZ'], outcome })
        .expect(201);
      persons[key] = res.body.id;
    };
    await person('zaur', 'Zaur Əliyev', 'deceased');
    await person('aydan', 'Aydan Rəhimova', 'survived');
    await person('anar', 'Anar Məmmədov', 'deceased');
    await person('behruz', 'Bəhruz Qasımov', 'deceased');
    await person('covered', 'Nicat Covered', 'deceased');

    // Bəhruz's only claim is withdrawn: he still has no claim.
    const withdrawnBy = await createClaimant(t, caseWorker, {
      personId: persons.behruz!,
      fullName: 'Lalə Qasımova',
      relationship: 'spouse',
    });
    const withdrawn = await createClaim(t, caseWorker, {
      claimantId: withdrawnBy.id,
      programmeId: incident.programmes.exGratia.id,
      type: 'death',
      amountClaimed: { amount: '40000.00', currency: 'AZN' },
    });
    await moveThrough(
      t,
      [[caseWorker, { to: 'withdrawn', reason: 'Filed under the wrong person' }]],
      withdrawn,
    );

    const relationships = [
      'spouse',
      'child',
      'parent',
      'sibling',
      'dependant',
      'estate_representative',
    ];
    const claim = async (key: string) => {
      const claimant = await createClaimant(t, caseWorker, {
        personId: persons.covered!,
        fullName: `Claimant ${key}`,
        relationship: relationships.shift()!,
      });
      let c = await createClaim(t, caseWorker, {
        claimantId: claimant.id,
        programmeId: incident.programmes.exGratia.id,
        type: 'death',
        amountClaimed: { amount: '40000.00', currency: 'AZN' },
      });
      c = await moveThrough(
        t,
        [
          [caseWorker, { to: 'submitted' }],
          [caseWorker, { to: 'under_review' }],
        ],
        c,
      );
      return c;
    };
    const approve = async (c: ClaimBody) => {
      await fileVerifiedDocuments(t, c.id, [
        'death_certificate',
        'proof_of_kinship',
        'identity_document',
      ]);
      return moveThrough(
        t,
        [
          // Several heirs of one person share the programme's AZN 40,000: each is assessed a part.
          [caseWorker, { to: 'assessed', amount: { amount: '10000.00', currency: 'AZN' } }],
          [admin, { to: 'approved' }],
        ],
        c,
      );
    };
    const info = {
      to: 'information_requested',
      reason: 'Certified translation of the death certificate',
    };
    claims.w1 = await moveThrough(t, [[caseWorker, info]], await claim('w1'));
    claims.w2 = await moveThrough(t, [[caseWorker, info]], await claim('w2'));
    claims.a1 = await approve(await claim('a1'));
    claims.a2 = await moveThrough(
      t,
      [[admin, { to: 'rejected', reason: 'Not a dependant' }]],
      await claim('a2'),
    );
    claims.a3 = await moveThrough(
      t,
      [[caseWorker, { to: 'offer_declined', reason: 'Amount too low' }]],
      await approve(await claim('a3')),
    );
    claims.a4 = await moveThrough(
      t,
      [[admin, { to: 'rejected', reason: 'Duplicate' }]],
      await claim('a4'),
    );

    // The lifecycle stamps the real time; put the stamps where the scenario needs them.
    const stamp = (key: string, column: 'status_changed_at' | 'decided_at', at: string) =>
      execute(
        t.ds,
        sql(`UPDATE claims SET ${column} = :at WHERE id = :id`, { id: claims[key]!.id, at }),
      );
    await stamp('w1', 'status_changed_at', '2026-12-01T12:00:00Z');
    await stamp('w2', 'status_changed_at', '2026-12-10T08:00:00Z');
    await stamp('a1', 'decided_at', '2026-11-25T10:00:00Z');
    await stamp('a2', 'decided_at', '2026-11-30T09:00:00Z');
    await stamp('a2', 'status_changed_at', '2026-11-30T09:00:00Z');
    // a3 was approved on 1 November and its offer declined on 21 November: the window runs
    // from the decline.
    await stamp('a3', 'decided_at', '2026-11-01T15:00:00Z');
    await stamp('a3', 'status_changed_at', '2026-11-21T15:00:00Z');
    await stamp('a4', 'decided_at', '2026-11-15T00:00:00Z');
    await stamp('a4', 'status_changed_at', '2026-11-15T00:00:00Z');
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  describe('five days before the limitation deadline (2026-12-20)', () => {
    let report: Deadlines;
    beforeAll(async () => {
      setClock('2026-12-20T12:00:00Z');
      report = await deadlines(caseWorker);
    });

    it('counts down to the deadline', () => {
      // No programme of this incident has a deadline of its own: the incident's applies.
      expect(report.limitation).toEqual({
        deadline: '2026-12-25',
        daysRemaining: 5,
        programmes: [],
      });
      expect(report.generatedAt).toBe('2026-12-20T12:00:00.000Z');
    });

    it('lists persons without a claim, deceased first, a withdrawn claim not counting', () => {
      expect(report.personsWithoutClaim).toEqual({
        total: 4,
        deceased: 3,
        items: [
          expect.objectContaining({
            personId: persons.anar,
            fullName: 'Anar Məmmədov',
            outcome: 'deceased',
            daysRemaining: 5,
          }),
          expect.objectContaining({
            personId: persons.behruz,
            fullName: 'Bəhruz Qasımov',
            outcome: 'deceased',
            daysRemaining: 5,
          }),
          expect.objectContaining({
            personId: persons.zaur,
            fullName: 'Zaur Əliyev',
            outcome: 'deceased',
            daysRemaining: 5,
          }),
          expect.objectContaining({
            personId: persons.aydan,
            fullName: 'Aydan Rəhimova',
            outcome: 'survived',
            daysRemaining: 5,
          }),
        ],
      });
    });

    it('lists claims waiting for information, the longest wait first', () => {
      expect(report.informationRequested).toEqual({
        total: 2,
        items: [
          expect.objectContaining({
            claimId: claims.w1!.id,
            claimantName: 'Claimant w1',
            personName: 'Nicat Covered',
            since: '2026-12-01T12:00:00.000Z',
            daysWaiting: 19,
          }),
          expect.objectContaining({
            claimId: claims.w2!.id,
            since: '2026-12-10T08:00:00.000Z',
            daysWaiting: 10,
          }),
        ],
      });
    });

    it('lists rejections and declined offers with an open appeal window, the one closing soonest first', () => {
      // An approval opens no window until its offer is declined (a1 is not listed); a4's
      // window closed at the end of 15 December.
      expect(report.appealWindows).toEqual({
        total: 2,
        items: [
          expect.objectContaining({
            claimId: claims.a3!.id,
            status: 'offer_declined',
            decidedAt: '2026-11-01T15:00:00.000Z',
            since: '2026-11-21T15:00:00.000Z',
            closesAt: '2026-12-21T23:59:59.999Z',
            daysLeft: 1,
          }),
          expect.objectContaining({
            claimId: claims.a2!.id,
            status: 'rejected',
            since: '2026-11-30T09:00:00.000Z',
            closesAt: '2026-12-30T23:59:59.999Z',
            daysLeft: 10,
          }),
        ],
      });
    });

    it('caps each list at the limit and still gives the totals', async () => {
      const capped = await deadlines(caseWorker, { limit: 1 });
      expect(capped.personsWithoutClaim).toMatchObject({ total: 4, deceased: 3 });
      expect(capped.personsWithoutClaim.items.map((p) => p.personId)).toEqual([persons.anar]);
      expect(capped.informationRequested.total).toBe(2);
      expect(capped.informationRequested.items.map((c) => c.claimId)).toEqual([claims.w1!.id]);
      expect(capped.appealWindows.total).toBe(2);
      expect(capped.appealWindows.items.map((c) => c.claimId)).toEqual([claims.a3!.id]);
    });

    it('refuses a limit over 200', async () => {
      const res = await t
        .http()
        .get(`${API}/reports/incidents/${incident.id}/deadlines`)
        .query({ limit: 201 })
        .set(admin.auth)
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });

    it('masks names for auditors', async () => {
      const masked = await deadlines(auditor);
      expect(masked.personsWithoutClaim.items.map((p) => p.fullName)).toEqual(
        ['Anar Məmmədov', 'Bəhruz Qasımov', 'Zaur Əliyev', 'Aydan Rəhimova'].map(maskName),
      );
      expect(masked.informationRequested.items[0]).toMatchObject({
        claimantName: maskName('Claimant w1'),
        personName: maskName('Nicat Covered'),
      });
    });
  });

  it('shows 0 days on the deadline day itself', async () => {
    setClock('2026-12-25T05:00:00Z');
    const report = await deadlines(admin);
    expect(report.limitation.daysRemaining).toBe(0);
    expect(report.personsWithoutClaim.items.every((p) => p.daysRemaining === 0)).toBe(true);
    expect(report.appealWindows.items.map((c) => [c.claimId, c.daysLeft])).toEqual([
      [claims.a2!.id, 5],
    ]);
  });

  it('keeps an appeal window open to the end of its last calendar day', async () => {
    setClock('2026-12-21T23:59:59Z');
    const lastDay = await deadlines(admin);
    expect(lastDay.appealWindows.items.map((c) => [c.claimId, c.daysLeft])).toEqual([
      [claims.a3!.id, 0],
      [claims.a2!.id, 9],
    ]);
    setClock('2026-12-22T00:00:00Z');
    const nextDay = await deadlines(admin);
    expect(nextDay.appealWindows.items.map((c) => c.claimId)).toEqual([claims.a2!.id]);
  });

  it('goes negative after the deadline and drops closed appeal windows', async () => {
    setClock('2026-12-27T09:00:00Z');
    const report = await deadlines(admin);
    expect(report.limitation).toEqual({
      deadline: '2026-12-25',
      daysRemaining: -2,
      programmes: [],
    });
    expect(report.personsWithoutClaim.total).toBe(4);
    expect(report.personsWithoutClaim.items.map((p) => p.daysRemaining)).toEqual([-2, -2, -2, -2]);
    expect(report.informationRequested.items.map((c) => c.daysWaiting)).toEqual([25, 17]);
    expect(report.appealWindows).toEqual({
      total: 1,
      items: [expect.objectContaining({ claimId: claims.a2!.id, daysLeft: 3 })],
    });
  });

  it('answers 404 for an unknown incident', async () => {
    await t
      .http()
      .get(`${API}/reports/incidents/00000000-0000-4000-8000-000000000000/deadlines`)
      .set(admin.auth)
      .expect(404);
  });
});
