import { randomUUID } from 'node:crypto';

import { Client } from 'pg';

import { Role } from '../../src/common/auth/role';
import { ClaimStatus } from '../../src/modules/claims/domain/claim-status';
import { createUser, TestUser } from '../utils/auth';
import { createClaimFixture } from '../utils/fixtures';
import {
  eventsWithoutChange,
  overpaidClaims,
  paymentsWithoutEvent,
  transitionsWithoutEvent,
  versionsOutOfStep,
  withClient,
} from '../utils/invariants';
import {
  AppUnderTest,
  describeOnServer,
  PROBLEM_JSON,
  sleep,
  startApp,
} from '../utils/reliability';
import { API } from '../utils/test-app';

/*
 * A storm of payments, reversals and transitions while another session keeps terminating
 * the app's database backends (pg_terminate_backend on its application_name). Requests may
 * fail, but only as 503 (the database went away) or as the ordinary 409/412/422 refusals,
 * always as problem+json; afterwards the ledger, the transition history and the audit chain
 * must be exactly as consistent as without the storm.
 */

/* The storm lasts STORM_MS, longer (up to MAX_STORM_MS) until enough requests got through for
 * the storm to prove anything: on a loaded machine few requests finish between two kills. */
const STORM_MS = 6000;
const MAX_STORM_MS = 45_000;
const ENOUGH = 6;
const WORKERS = 8;
const APPROVED = '1000.00';

interface Outcome {
  route: string;
  status: number;
  problem: boolean;
  code?: string;
}

describeOnServer('backends terminated in the middle of a payment and transition storm', () => {
  const applicationName = `j2-rel-storm-${process.pid}`;
  let t: AppUnderTest;
  let admin: TestUser;
  let auditor: TestUser;
  const paymentClaims: string[] = [];
  const transitionClaims: string[] = [];
  const outcomes: Outcome[] = [];
  let kills = 0;
  let terminatedSessions = 0;

  beforeAll(async () => {
    t = await startApp({
      env: {
        DB_APPLICATION_NAME: applicationName,
        DB_POOL_SIZE: '8',
        DB_CONNECT_TIMEOUT_MS: '2000',
        RATE_LIMIT_PER_MINUTE: '100000',
      },
    });
    admin = await createUser(t, Role.Admin);
    auditor = await createUser(t, Role.Auditor);
    for (let i = 0; i < 6; i++) {
      const claim = await createClaimFixture(t.ds, {
        status: ClaimStatus.Approved,
        amountAssessed: APPROVED,
        amountApproved: APPROVED,
      });
      paymentClaims.push(claim.claimId);
    }
    for (let i = 0; i < 4; i++) {
      const claim = await createClaimFixture(t.ds, { status: ClaimStatus.UnderReview });
      transitionClaims.push(claim.claimId);
    }
    await runStorm();
  }, 120_000);
  afterAll(() => t.close());

  const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

  function record(
    route: string,
    res: { status: number; headers: Record<string, string>; body: unknown },
  ) {
    const problem = PROBLEM_JSON.test(res.headers['content-type'] ?? '');
    outcomes.push({
      route,
      status: res.status,
      problem,
      code: problem ? (res.body as { code?: string }).code : undefined,
    });
  }

  async function paymentWorker(running: () => boolean): Promise<void> {
    const sent: { claimId: string; key: string; body: object }[] = [];
    const paid: string[] = [];
    while (running()) {
      const roll = Math.random();
      if (roll < 0.15 && sent.length > 0) {
        // The same request again: a replay returns the first result, never a second payment.
        const again = pick(sent);
        const res = await t
          .http()
          .post(`${API}/claims/${again.claimId}/payments`)
          .set(admin.auth)
          .set('Idempotency-Key', again.key)
          .send(again.body);
        record('payment replay', res);
      } else if (roll < 0.25 && paid.length > 0) {
        const res = await t
          .http()
          .post(`${API}/payments/${pick(paid)}/reversal`)
          .set(admin.auth)
          .send({ reason: 'Entered in error during the storm' });
        record('reversal', res);
      } else {
        const claimId = pick(paymentClaims);
        const key = randomUUID();
        const body = {
          kind: 'advance',
          amount: { amount: `${50 + Math.floor(Math.random() * 200)}.00`, currency: 'AZN' },
          method: 'bank_transfer',
        };
        sent.push({ claimId, key, body });
        const res = await t
          .http()
          .post(`${API}/claims/${claimId}/payments`)
          .set(admin.auth)
          .set('Idempotency-Key', key)
          .send(body);
        record('payment', res);
        if (res.status === 201) paid.push((res.body as { id: string }).id);
      }
    }
  }

  async function transitionWorker(running: () => boolean): Promise<void> {
    while (running()) {
      const id = pick(transitionClaims);
      const read = await t.http().get(`${API}/claims/${id}`).set(admin.auth);
      record('claim read', read);
      if (read.status !== 200) continue;
      const claim = read.body as { status: string; version: number };
      const to =
        claim.status === ClaimStatus.UnderReview
          ? { to: ClaimStatus.InformationRequested, reason: 'Need the death certificate' }
          : { to: ClaimStatus.UnderReview };
      const res = await t
        .http()
        .post(`${API}/claims/${id}/transitions`)
        .set(admin.auth)
        .set('If-Match', `"${claim.version}"`)
        .send(to);
      record('transition', res);
    }
  }

  async function killer(running: () => boolean): Promise<void> {
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      while (running()) {
        const res = await client.query<{ terminated: boolean }>(
          `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
            WHERE application_name = $1 AND pid <> pg_backend_pid()`,
          [applicationName],
        );
        kills++;
        terminatedSessions += res.rows.filter((r) => r.terminated).length;
        await sleep(200 + Math.random() * 300);
      }
    } finally {
      await client.end();
    }
  }

  async function runStorm(): Promise<void> {
    const startedAt = Date.now();
    const succeeded = (route: string, status: number) =>
      outcomes.filter((o) => o.route === route && o.status === status).length >= ENOUGH;
    const running = () => {
      const elapsed = Date.now() - startedAt;
      if (elapsed >= MAX_STORM_MS) return false;
      return elapsed < STORM_MS || !(succeeded('payment', 201) && succeeded('transition', 200));
    };
    await Promise.all([
      killer(running),
      ...Array.from({ length: WORKERS / 2 }, () => paymentWorker(running)),
      ...Array.from({ length: WORKERS / 2 }, () => transitionWorker(running)),
    ]);
    const byStatus: Record<string, number> = {};
    for (const o of outcomes) {
      const key = `${o.route} ${o.status}${o.code ? ` ${o.code}` : ''}`;
      byStatus[key] = (byStatus[key] ?? 0) + 1;
    }
    console.log(
      `storm: ${outcomes.length} requests, ${kills} kill rounds terminated ${terminatedSessions} sessions\n` +
        JSON.stringify(byStatus, null, 1),
    );
  }

  it('was a real storm: requests succeeded and sessions were terminated', () => {
    expect(terminatedSessions).toBeGreaterThan(10);
    expect(
      outcomes.filter((o) => o.status === 201 && o.route === 'payment').length,
    ).toBeGreaterThanOrEqual(ENOUGH);
    expect(
      outcomes.filter((o) => o.status === 200 && o.route === 'transition').length,
    ).toBeGreaterThanOrEqual(ENOUGH);
  });

  it('every failure was a 503 or an ordinary refusal, as problem+json; never a 500', () => {
    const bad = outcomes.filter(
      (o) => o.status >= 300 && (![409, 412, 422, 503].includes(o.status) || !o.problem),
    );
    expect(bad).toEqual([]);
    expect(outcomes.filter((o) => o.status >= 500 && o.status !== 503)).toEqual([]);
  });

  it('no claim is paid beyond its approved amount', async () => {
    expect(await withClient((c) => overpaidClaims(c, paymentClaims))).toEqual([]);
  });

  it('every payment and every transition has its one audit event, and no event lacks its row', async () => {
    const all = [...paymentClaims, ...transitionClaims];
    await withClient(async (c) => {
      expect(await paymentsWithoutEvent(c, paymentClaims)).toEqual([]);
      expect(await transitionsWithoutEvent(c, transitionClaims)).toEqual([]);
      expect(await eventsWithoutChange(c, all)).toEqual([]);
      expect(await versionsOutOfStep(c, transitionClaims)).toEqual([]);
    });
  });

  it('the service recovers by itself and the audit chain verifies', async () => {
    let res = await t.http().get(`${API}/audit-events/verification`).set(auditor.auth);
    // The first request after the storm may still meet a pooled session that was terminated.
    for (let i = 0; i < 5 && res.status === 503; i++) {
      await sleep(100);
      res = await t.http().get(`${API}/audit-events/verification`).set(auditor.auth);
    }
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ valid: true, firstInvalidSeq: null });
  });
});
