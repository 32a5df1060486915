import { randomUUID } from 'node:crypto';

import { Role } from '../../src/common/auth/role';
import { execute, queryRows, sql } from '../../src/common/database/sql';
import { AccessDenialsService } from '../../src/modules/audit/access-denials.service';
import { createUser, TestUser } from '../utils/auth';
import { createClaim, createIncident, createPerson, represent } from '../utils/fixtures';
import { API, startTestApp, TestApp } from '../utils/test-app';

interface DeniedEvent {
  actor_id: string | null;
  actor_role: string | null;
  ip: string | null;
  changes: {
    method: string;
    route: string;
    minute: string;
    count: number;
    statuses: Record<string, number>;
  };
}

/** Settles every minute now, as if 75 s had passed since the last request. */
const settleAll = () => new Date(Date.now() + 3600_000);

describe('requests without a valid token: limited per address, audited in aggregate (section 12)', () => {
  let t: TestApp;
  let denials: AccessDenialsService;

  beforeAll(async () => {
    t = await startTestApp({ ANONYMOUS_RATE_LIMIT_PER_MINUTE: '60' });
    denials = t.app.get(AccessDenialsService);
  });
  afterAll(() => t.close());

  const maxSeq = async () =>
    BigInt(
      (await queryRows(t.ds, sql(`SELECT COALESCE(max(seq),0)::text AS m FROM audit_events`)))[0].m,
    );

  it('300 anonymous requests: 429 with Retry-After past the limit, and a few audit rows at most', async () => {
    // Whatever earlier suites left uncounted goes to the chain first.
    await denials.flush(settleAll());
    // Earlier suites' anonymous requests from this address counted in a window that may end in
    // the middle of the flood and let a second window's 60 through: start from a fresh one.
    await execute(
      t.ds,
      sql(`DELETE FROM rate_limit_buckets WHERE key LIKE 'throttle:anonymous:%'`),
    );
    const before = await maxSeq();
    const statuses: number[] = [];
    const retryAfter: string[] = [];
    const route = `${API}/claims/${randomUUID()}`;
    for (let batch = 0; batch < 30; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          i % 2 === 0
            ? t.http().get(route)
            : t.http().get(route).set('Authorization', 'Bearer not.a.valid-token-at-all'),
        ),
      );
      for (const res of answers) {
        statuses.push(res.status);
        if (res.status === 429) retryAfter.push(String(res.headers['retry-after']));
        expect(res.headers['content-type']).toMatch(/problem\+json/);
      }
    }
    const refused = statuses.filter((s) => s === 401).length;
    const limited = statuses.filter((s) => s === 429).length;
    expect(refused + limited).toBe(300);
    // The limit is 60 a minute, and the flood takes a few seconds: at most 60 get through.
    expect(refused).toBeLessThanOrEqual(60);
    expect(limited).toBeGreaterThanOrEqual(240);
    expect(retryAfter.every((v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 60)).toBe(
      true,
    );
    // Not one chain append per request: nothing reached the chain during the flood.
    expect(await maxSeq()).toBe(before);

    await denials.flush(settleAll());
    const rows = await queryRows<DeniedEvent & { action: string }>(
      t.ds,
      sql(
        `SELECT action, actor_id, actor_role, ip, changes FROM audit_events WHERE seq > :afterSeq ORDER BY seq`,
        { afterSeq: before.toString() },
      ),
    );
    // One per (address, route, minute): the requests may straddle a minute boundary.
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.length).toBeLessThanOrEqual(2);
    for (const row of rows) {
      expect(row).toMatchObject({
        action: 'access.denied',
        actor_id: null,
        ip: expect.any(String),
        changes: { method: 'GET', route: '/api/v1/claims/:id' },
      });
    }
    const total = (status: string) =>
      rows.reduce((sum, r) => sum + (r.changes.statuses[status] ?? 0), 0);
    expect(total('401')).toBe(refused);
    expect(total('429')).toBe(limited);
    expect(rows.reduce((sum, r) => sum + r.changes.count, 0)).toBe(300);
  });

  it('keeps health checks out of the per-address limit', async () => {
    await t.http().get('/health').expect(200);
  });

  it('does not limit requests with a valid token', async () => {
    const user = await createUser(t, Role.Auditor);
    await t.http().get(`${API}/auth/me`).set(user.auth).expect(200);
  });
});

describe('denials raised by the guard and inside services are audited in aggregate (section 12)', () => {
  let t: TestApp;
  let denials: AccessDenialsService;
  let admin: TestUser;
  let lawyer: TestUser;
  let caseWorker: TestUser;
  let foreignClaimId: string;
  let ownClaimId: string;

  beforeAll(async () => {
    t = await startTestApp();
    denials = t.app.get(AccessDenialsService);
    admin = await createUser(t, Role.Admin);
    lawyer = await createUser(t, Role.Lawyer);
    caseWorker = await createUser(t, Role.CaseWorker);
    const incident = await createIncident(t, admin);
    const claimFor = async (represented: boolean) => {
      const personId = await createPerson(t, admin, incident.id, 'deceased');
      const claimant = await t
        .http()
        .post(`${API}/claimants`)
        .set(admin.auth)
        .send({ personId, fullName: 'Denial Claimant', relationship: 'spouse' })
        .expect(201);
      if (represented) await represent(t, admin, claimant.body.id, lawyer.id);
      const claim = await createClaim(t, admin, {
        claimantId: claimant.body.id,
        programmeId: incident.programmes.exGratia.id,
        type: 'death',
        amountClaimed: { amount: '40000.00', currency: 'AZN' },
      });
      return claim.id;
    };
    ownClaimId = await claimFor(true);
    foreignClaimId = await claimFor(false);
  });
  afterAll(() => t.close());

  async function eventsOf(userId: string): Promise<DeniedEvent[]> {
    await denials.flush(settleAll());
    return await queryRows<DeniedEvent>(
      t.ds,
      sql(
        `SELECT actor_id, actor_role, ip, changes FROM audit_events
        WHERE action = 'access.denied' AND actor_id = :userId ORDER BY seq`,
        { userId },
      ),
    );
  }

  it('counts a lawyer’s 404s outside their clients and a 403 from a rule, per route', async () => {
    for (let i = 0; i < 3; i++) {
      await t.http().get(`${API}/claims/${foreignClaimId}`).set(lawyer.auth).expect(404);
    }
    // Lawyers write shared notes only: a 403 raised by the notes service.
    const refused = await t
      .http()
      .post(`${API}/claims/${ownClaimId}/notes`)
      .set(lawyer.auth)
      .send({ body: 'Internal?', visibility: 'internal' })
      .expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    const events = await eventsOf(lawyer.id);
    const byRoute = Object.fromEntries(
      events.map((e) => [`${e.changes.method} ${e.changes.route}`, e]),
    );
    expect(byRoute['GET /api/v1/claims/:id']).toMatchObject({
      actor_role: 'lawyer',
      changes: { count: 3, statuses: { '404': 3 } },
    });
    expect(byRoute['POST /api/v1/claims/:id/notes']).toMatchObject({
      changes: { count: 1, statuses: { '403': 1 } },
    });
  });

  it('counts a role refused by the guard once per route and minute, with the count', async () => {
    for (let i = 0; i < 5; i++) {
      await t.http().get(`${API}/audit-events`).set(caseWorker.auth).expect(403);
    }
    const events = await eventsOf(caseWorker.id);
    expect(events).toEqual([
      expect.objectContaining({
        actor_role: 'case_worker',
        changes: expect.objectContaining({
          method: 'GET',
          route: '/api/v1/audit-events',
          count: 5,
          statuses: { '403': 5 },
        }),
      }),
    ]);
  });

  it('does not count a 404 answered to staff (it reveals nothing they could not see)', async () => {
    await t.http().get(`${API}/claims/${randomUUID()}`).set(admin.auth).expect(404);
    expect(await eventsOf(admin.id)).toEqual([]);
  });

  it('keeps the chain valid after the aggregated appends', async () => {
    const auditor = await createUser(t, Role.Auditor);
    const verification = await t
      .http()
      .get(`${API}/audit-events/verification`)
      .set(auditor.auth)
      .expect(200);
    expect(verification.body).toMatchObject({ valid: true, firstInvalidSeq: null });
  });
});
