import { randomUUID } from 'node:crypto';

import { Role } from '../../src/common/auth/role';
import { execute, queryRows, sql } from '../../src/common/database/sql';
import { ClaimStatus } from '../../src/modules/claims/domain/claim-status';
import { createUser, TestUser } from '../utils/auth';
import {
  createClaimant,
  createClaimFixture,
  createIncident,
  createPerson,
} from '../utils/fixtures';
import {
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
 * Two instances of the service, each with its own pool, on one PostgreSQL database: every
 * rule that must hold "across several app instances" (docs/api.md) is exercised by
 * sending the competing requests to both at once.
 */

describeOnServer('two instances on one database', () => {
  let a: AppUnderTest;
  let b: AppUnderTest;
  let admin: TestUser;
  const GENERAL_LIMIT = 30;

  beforeAll(async () => {
    const env = (name: string) => ({
      DB_APPLICATION_NAME: `j2-rel-instance-${name}`,
      DB_POOL_SIZE: '5',
      LOGIN_RATE_LIMIT_PER_MINUTE: '10',
      RATE_LIMIT_PER_MINUTE: '100000',
    });
    a = await startApp({ env: env('a') });
    b = await startApp({ env: env('b') });
    admin = await createUser(a, Role.Admin);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  /** Alternates requests between the instances and sends them all at once. */
  function both<T>(count: number, send: (app: AppUnderTest, i: number) => Promise<T>) {
    return Promise.all(Array.from({ length: count }, (_, i) => send(i % 2 ? b : a, i)));
  }

  const advance = (amount: string) => ({
    kind: 'advance',
    amount: { amount, currency: 'AZN' },
    method: 'bank_transfer',
  });

  it('one Idempotency-Key sent to both: one payment, every answer the same payment', async () => {
    const claim = await createClaimFixture(a.ds, {
      status: ClaimStatus.Approved,
      amountAssessed: '1000.00',
      amountApproved: '1000.00',
    });
    const key = randomUUID();
    const answers = await both(10, (app) =>
      app
        .http()
        .post(`${API}/claims/${claim.claimId}/payments`)
        .set(admin.auth)
        .set('Idempotency-Key', key)
        .send(advance('250.00')),
    );
    const created = answers.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    // A request that met the first one still in flight is told to retry (409), never paid twice.
    for (const r of answers.filter((x) => x.status !== 201)) {
      expect(r.status).toBe(409);
      expect(r.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(r.body.code).toBe('IDEMPOTENCY_KEY_IN_FLIGHT');
    }
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    const rows = await queryRows<{ id: string }>(
      a.ds,
      sql(`SELECT id FROM payments WHERE claim_id = :claimId`, { claimId: claim.claimId }),
    );
    expect(rows.map((r) => r.id)).toEqual([created[0]!.body.id]);
  });

  it('different keys against one approved amount: paid exactly up to it, the rest 422', async () => {
    const claim = await createClaimFixture(a.ds, {
      status: ClaimStatus.Approved,
      amountAssessed: '1000.00',
      amountApproved: '1000.00',
    });
    const answers = await both(16, (app) =>
      app
        .http()
        .post(`${API}/claims/${claim.claimId}/payments`)
        .set(admin.auth)
        .set('Idempotency-Key', randomUUID())
        .send(advance('100.00')),
    );
    expect(answers.filter((r) => r.status === 201)).toHaveLength(10);
    const refused = answers.filter((r) => r.status !== 201);
    expect(refused.map((r) => [r.status, r.body.code])).toEqual(
      Array(6).fill([422, 'PAYMENT_EXCEEDS_APPROVED']),
    );
    await withClient(async (c) => {
      expect(await overpaidClaims(c, [claim.claimId])).toEqual([]);
      expect(await paymentsWithoutEvent(c, [claim.claimId])).toEqual([]);
    });
    const [{ paid }] = await queryRows<{ paid: string }>(
      a.ds,
      sql(`SELECT sum(amount)::text AS paid FROM payments WHERE claim_id = :claimId`, {
        claimId: claim.claimId,
      }),
    );
    expect(paid).toBe('1000.00');
  });

  it('one transition with the same If-Match sent to both: one succeeds, the rest 412', async () => {
    const claim = await createClaimFixture(a.ds, { status: ClaimStatus.UnderReview });
    const answers = await both(8, (app) =>
      app
        .http()
        .post(`${API}/claims/${claim.claimId}/transitions`)
        .set(admin.auth)
        .set('If-Match', '"1"')
        .send({ to: 'information_requested', reason: 'Need the death certificate' }),
    );
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of answers.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(412);
      expect(r.headers['content-type']).toMatch(PROBLEM_JSON);
    }
    await withClient(async (c) => {
      expect(await transitionsWithoutEvent(c, [claim.claimId])).toEqual([]);
      expect(await versionsOutOfStep(c, [claim.claimId])).toEqual([]);
    });
    const [row] = await queryRows<{ version: number; moves: number }>(
      a.ds,
      sql(
        `SELECT version, (SELECT count(*)::int FROM claim_transitions WHERE claim_id = :claimId) AS moves
         FROM claims WHERE id = :claimId`,
        { claimId: claim.claimId },
      ),
    );
    expect(row).toEqual({ version: 2, moves: 1 });
  });

  it('claims filed on both at once get unique references', async () => {
    const incident = await createIncident(a, admin);
    const personId = await createPerson(a, admin, incident.id, 'deceased');
    const claimants = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        createClaimant(i % 2 ? b : a, admin, {
          personId,
          fullName: `Heir ${i}`,
          relationship: 'child',
        }),
      ),
    );
    const answers = await both(20, (app, i) =>
      app
        .http()
        .post(`${API}/claims`)
        .set(admin.auth)
        .send({
          claimantId: claimants[i % claimants.length]!.id,
          programmeId: incident.programmes.exGratia.id,
          type: 'death',
          amountClaimed: { amount: '1000.00', currency: 'AZN' },
        }),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(201));
    const references = answers.map((r) => r.body.reference as string);
    expect(new Set(references).size).toBe(20);
    for (const ref of references) expect(ref).toMatch(new RegExp(`^${incident.code}-C-\\d{5}$`));
    const numbers = references.map((r) => Number(r.slice(-5))).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  describe('rate limits are shared', () => {
    beforeEach(async () => {
      await execute(a.ds, sql(`DELETE FROM rate_limit_buckets WHERE key LIKE 'login:%'`));
    });

    it('11 sign-in attempts for one account split across both: the 11th is 429', async () => {
      const user = await createUser(a, Role.CaseWorker);
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) {
        const res = await (i % 2 ? b : a)
          .http()
          .post(`${API}/auth/login`)
          .send({ email: user.email, password: 'not-the-password-at-all' });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([...Array(10).fill(401), 429]);
      // The right password does not get through the limit either, on either instance.
      for (const app of [a, b]) {
        const res = await app
          .http()
          .post(`${API}/auth/login`)
          .send({ email: user.email, password: user.password });
        expect(res.status).toBe(429);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      }
    });

    it('the per-user request limit counts the requests sent to both (within one sync interval)', async () => {
      // The general limiter counts locally and publishes every 250 ms (exactly from 80 % of the
      // limit on): a burst spread over two instances can pass the limit before they have
      // heard of each other, and is cut off at the next publication on both.
      const env = (name: string) => ({
        DB_APPLICATION_NAME: `j2-rel-limited-${name}`,
        RATE_LIMIT_PER_MINUTE: String(GENERAL_LIMIT),
      });
      const la = await startApp({ env: env('a') });
      const lb = await startApp({ env: env('b') });
      try {
        const user = await createUser(la, Role.CaseWorker);
        const statuses: number[] = [];
        const started = Date.now();
        for (let i = 0; i < GENERAL_LIMIT + 10; i++) {
          const app = i % 2 ? lb : la;
          statuses.push((await app.http().get(`${API}/auth/me`).set(user.auth)).status);
        }
        const served = statuses.filter((s) => s === 200).length;
        console.log(
          `per-user limit ${GENERAL_LIMIT}/min over two instances: a burst of ${statuses.length} requests in ${Date.now() - started} ms got ${served} answers`,
        );
        expect(served).toBeGreaterThanOrEqual(GENERAL_LIMIT);
        await sleep(700);
        for (const app of [la, lb]) {
          const res = await app.http().get(`${API}/auth/me`).set(user.auth);
          expect(res.status).toBe(429);
          expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        }
      } finally {
        await la.close();
        await lb.close();
      }
    });
  });
});
