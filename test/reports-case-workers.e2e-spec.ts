import { Role } from '../src/common/auth/role';
import { Clock } from '../src/common/clock';
import { execute, queryRows, sql } from '../src/common/database/sql';
import { CLAIM_STATUSES } from '../src/modules/claims/domain/claim-status';
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

interface Stats {
  caseWorkerId: string;
  fullName: string;
  openClaims: number;
  avgDaysInStatus: number | null;
  maxDaysInStatus: number | null;
  decidedClaims: number;
  medianDaysToDecision: number | null;
  byStatus: Record<string, number>;
}

describe('GET /reports/case-workers', () => {
  let t: TestApp;
  let admin: TestUser;
  let worker: TestUser;
  let idle: TestUser;
  let retired: TestUser;
  let auditor: TestUser;
  let incident: TestIncident;

  /** Every page, as the given user. */
  async function all(user: TestUser, query: Record<string, string> = {}): Promise<Stats[]> {
    const items: Stats[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: Stats[]; nextCursor: string | null } } = await t
        .http()
        .get(`${API}/reports/case-workers`)
        .query({ limit: 200, ...query, ...(cursor ? { cursor } : {}) })
        .set(user.auth)
        .expect(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  }

  beforeAll(async () => {
    t = await startTestApp();
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date('2026-12-20T12:00:00Z'));
    admin = await createUser(t, Role.Admin);
    worker = await createUser(t, Role.CaseWorker, { fullName: 'Aysel Rzayeva' });
    idle = await createUser(t, Role.CaseWorker, { fullName: 'Idle Worker' });
    retired = await createUser(t, Role.CaseWorker, { fullName: 'Retired Worker', active: false });
    auditor = await createUser(t, Role.Auditor);
    incident = await createIncident(t, admin);
    const person = await t
      .http()
      .post(`${API}/incidents/${incident.id}/persons`)
      .set(worker.auth)
      .send({
        fullName: 'Rauf Hüseynov',
        category: 'passenger',
        nationalities: ['AZ'],
        outcome: 'deceased',
      })
      .expect(201);

    const relationships = [
      'spouse',
      'child',
      'parent',
      'sibling',
      'dependant',
      'estate_representative',
      'child',
    ];
    const underReview = async (): Promise<ClaimBody> => {
      const claimant = await createClaimant(t, worker, {
        personId: person.body.id,
        fullName: `Claimant ${relationships.length}`,
        relationship: relationships.shift()!,
      });
      const claim = await createClaim(t, worker, {
        claimantId: claimant.id,
        programmeId: incident.programmes.exGratia.id,
        type: 'death',
        amountClaimed: { amount: '40000.00', currency: 'AZN' },
      });
      return moveThrough(
        t,
        [
          [worker, { to: 'submitted' }],
          [worker, { to: 'under_review' }],
        ],
        claim,
      );
    };
    const approved = async () => {
      const claim = await underReview();
      await fileVerifiedDocuments(t, claim.id, [
        'death_certificate',
        'proof_of_kinship',
        'identity_document',
      ]);
      return moveThrough(
        t,
        [
          // Several heirs of one person share the programme's AZN 40,000: each is assessed a part.
          [worker, { to: 'assessed', amount: { amount: '10000.00', currency: 'AZN' } }],
          [admin, { to: 'approved' }],
        ],
        claim,
      );
    };
    const rejected = async () =>
      moveThrough(
        t,
        [[admin, { to: 'rejected', reason: 'No kinship shown' }]],
        await underReview(),
      );

    const o1 = await underReview();
    const o2 = await moveThrough(
      t,
      [[worker, { to: 'information_requested', reason: 'Birth certificate' }]],
      await underReview(),
    );
    const o3 = await approved();
    const o4 = await approved();
    const r1 = await rejected();
    const r2 = await rejected();
    await moveThrough(
      t,
      [[worker, { to: 'withdrawn', reason: 'Family settled privately' }]],
      await underReview(),
    );

    // The lifecycle stamps the real time; put the stamps where the scenario needs them.
    const stamp = (
      claim: ClaimBody,
      at: { changed: string; submitted?: string; decided?: string },
    ) =>
      execute(
        t.ds,
        sql(
          `UPDATE claims SET status_changed_at = :changed,
                             submitted_at = COALESCE(:submitted, submitted_at),
                             decided_at = COALESCE(:decided, decided_at) WHERE id = :id`,
          {
            id: claim.id,
            changed: at.changed,
            submitted: at.submitted ?? null,
            decided: at.decided ?? null,
          },
        ),
      );
    // Open, days in status at 2026-12-20T12:00: 2, 10.5, 1, 0.5, 5.
    await stamp(o1, { changed: '2026-12-18T12:00:00Z' });
    await stamp(o2, { changed: '2026-12-10T00:00:00Z' });
    // Decided, days from submission to decision: 10, 11.5, 14, 30.
    await stamp(o3, {
      changed: '2026-12-19T12:00:00Z',
      submitted: '2026-12-01T00:00:00Z',
      decided: '2026-12-11T00:00:00Z',
    });
    await stamp(o4, {
      changed: '2026-12-20T00:00:00Z',
      submitted: '2026-12-01T00:00:00Z',
      decided: '2026-12-12T12:00:00Z',
    });
    await stamp(r1, {
      changed: '2026-12-15T12:00:00Z',
      submitted: '2026-12-01T12:00:00Z',
      decided: '2026-12-15T12:00:00Z',
    });
    // Rejected in October: the appeal window closed long ago, so it is no longer open work.
    await stamp(r2, {
      changed: '2026-10-01T00:00:00Z',
      submitted: '2026-09-01T00:00:00Z',
      decided: '2026-10-01T00:00:00Z',
    });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  it('reports open work, time in status, median time to decision and counts by status', async () => {
    const mine = (await all(admin)).find((s) => s.caseWorkerId === worker.id);
    expect(mine).toEqual({
      caseWorkerId: worker.id,
      fullName: 'Aysel Rzayeva',
      openClaims: 5,
      avgDaysInStatus: 3.8,
      maxDaysInStatus: 10.5,
      decidedClaims: 4,
      medianDaysToDecision: 12.75,
      byStatus: {
        ...Object.fromEntries(CLAIM_STATUSES.map((s) => [s, 0])),
        under_review: 1,
        information_requested: 1,
        approved: 2,
        rejected: 2,
        withdrawn: 1,
      },
    });
  });

  it('lists active case workers only, idle ones with zeros', async () => {
    const items = await all(auditor);
    expect(items.find((s) => s.caseWorkerId === retired.id)).toBeUndefined();
    expect(items.find((s) => s.caseWorkerId === admin.id)).toBeUndefined();
    expect(items.find((s) => s.caseWorkerId === idle.id)).toEqual({
      caseWorkerId: idle.id,
      fullName: 'Idle Worker',
      openClaims: 0,
      avgDaysInStatus: null,
      maxDaysInStatus: null,
      decidedClaims: 0,
      medianDaysToDecision: null,
      byStatus: Object.fromEntries(CLAIM_STATUSES.map((s) => [s, 0])),
    });
    const [{ n }] = await queryRows<{ n: number }>(
      t.ds,
      sql(`SELECT count(*)::int AS n FROM users WHERE role = 'case_worker' AND active`),
    );
    expect(items).toHaveLength(n);
  });

  it('counts only the claims of one incident when asked', async () => {
    const other = await createIncident(t, admin);
    const elsewhere = (await all(admin, { incidentId: other.id })).find(
      (s) => s.caseWorkerId === worker.id,
    );
    expect(elsewhere).toMatchObject({ openClaims: 0, decidedClaims: 0, avgDaysInStatus: null });
    const here = (await all(admin, { incidentId: incident.id })).find(
      (s) => s.caseWorkerId === worker.id,
    );
    expect(here).toMatchObject({ openClaims: 5, decidedClaims: 4, medianDaysToDecision: 12.75 });
    await t
      .http()
      .get(`${API}/reports/case-workers`)
      .query({ incidentId: '00000000-0000-4000-8000-000000000000' })
      .set(admin.auth)
      .expect(404);
  });

  it('pages with a cursor', async () => {
    const first = await t
      .http()
      .get(`${API}/reports/case-workers`)
      .query({ limit: 1 })
      .set(admin.auth)
      .expect(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t
      .http()
      .get(`${API}/reports/case-workers`)
      .query({ limit: 1, cursor: first.body.nextCursor })
      .set(admin.auth)
      .expect(200);
    expect(second.body.items[0].caseWorkerId).not.toBe(first.body.items[0].caseWorkerId);
  });
});
