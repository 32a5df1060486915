import { createHmac } from 'node:crypto';

import { JwtService } from '@nestjs/jwt';
import type { Logger as TypeOrmLogger } from 'typeorm';

import { Role } from '../../src/common/auth/role';
import { execute, sql } from '../../src/common/database/sql';
import { ClaimStatus } from '../../src/modules/claims/domain/claim-status';
import { createUser, TestUser } from '../utils/auth';
import { createClaimFixture, fileVerifiedDocuments, representClaimant } from '../utils/fixtures';
import { API, startTestApp, TestApp } from '../utils/test-app';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * GET /claims/:id reads the claim in the access check's own statement (one round trip). The
 * session is still read from the database on every request, and decided on before anything
 * else: deactivation, logout, a new token epoch and a role change apply to the very next read.
 */
describe('the single-claim read rides along with the access check', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    // No background worker: its outbox statements would fall among the request's own.
    t = await startTestApp({ MFA_REQUIRED_ROLES: 'admin', WORKER_ENABLED: 'false' });
    admin = await createUser(t, Role.Admin);
  });
  afterAll(() => t.close());

  const read = (user: TestUser, id: string) => t.http().get(`${API}/claims/${id}`).set(user.auth);

  /**
   * The SQL statements the app sends while `run` runs, less the rate limiter's publish of its
   * counts: a timer sends it every 250 ms whatever the requests, so it may fall in any window
   * (far below its limit, as here, a request adds no statement of the limiter's own).
   */
  async function statementsOf(run: () => Promise<unknown>): Promise<string[]> {
    const sent: string[] = [];
    const original = t.ds.logger;
    const capture: TypeOrmLogger = {
      logQuery: (sql) => {
        if (!/^\s*(INSERT INTO|DELETE FROM) rate_limit_buckets/.test(sql)) sent.push(sql);
      },
      logQueryError: (...args) => original.logQueryError(...args),
      logQuerySlow: () => undefined,
      logSchemaBuild: () => undefined,
      logMigration: () => undefined,
      log: () => undefined,
    };
    Object.assign(t.ds, { logger: capture });
    try {
      await run();
    } finally {
      Object.assign(t.ds, { logger: original });
    }
    return sent;
  }

  it('costs one statement: the session check and the scoped claim together', async () => {
    const caseWorker = await createUser(t, Role.CaseWorker);
    const { claimId } = await createClaimFixture(t.ds);
    const sent = await statementsOf(() => read(caseWorker, claimId).expect(200));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('FROM users u');
    expect(sent[0]).toContain('FROM claims c');
  });

  it('answers the claim as the list, which reads it its own way, shows it', async () => {
    const caseWorker = await createUser(t, Role.CaseWorker);
    const { claimId } = await createClaimFixture(t.ds);
    const combined = (await read(caseWorker, claimId).expect(200)).body as Record<string, unknown>;
    const listed = await t
      .http()
      .get(`${API}/claims?claimantId=${combined.claimantId as string}`)
      .set(caseWorker.auth)
      .expect(200);
    expect(listed.body.items).toEqual([combined]);
  });

  it('keeps every value exact though the row travels as JSON: cents, dates, arrays, text', async () => {
    const caseWorker = await createUser(t, Role.CaseWorker);
    const lawyer = await createUser(t, Role.Lawyer);
    const { claimId, claimantId } = await createClaimFixture(t.ds, {
      status: ClaimStatus.Approved,
      amountClaimed: '9999999999999.90',
      amountAssessed: '1234567.10',
      amountApproved: '1234567.00',
      lawyerId: lawyer.id,
    });
    await fileVerifiedDocuments(t, claimId, ['death_certificate']);
    await execute(
      t.ds,
      sql(
        `UPDATE claims SET description = :description, exceeds_liability_limit = true,
                decided_at = '2025-03-04T05:06:07.089Z', submitted_at = '2025-01-02T03:04:05.006Z',
                status_changed_at = '2025-03-04T05:06:07.089Z', information_due_date = '2025-04-30'
          WHERE id = :claimId`,
        { claimId, description: 'Ödəniş "və" \\ \u00e9 \u2028 ✓' },
      ),
    );
    await execute(
      t.ds,
      sql(
        `INSERT INTO payments (claim_id, kind, amount, currency, claim_amount, paid_at, method)
         SELECT id, 'award', '0.10', currency, '0.10', now(), 'bank_transfer' FROM claims WHERE id = :claimId`,
        { claimId },
      ),
    );

    const combined = (await read(caseWorker, claimId).expect(200)).body as Record<string, unknown>;
    expect(combined).toMatchObject({
      amountClaimed: { amount: '9999999999999.90' },
      amountAssessed: { amount: '1234567.10' },
      amountApproved: { amount: '1234567.00' },
      description: 'Ödəniş "və" \\ \u00e9 \u2028 ✓',
      exceedsLiabilityLimit: true,
      submittedAt: '2025-01-02T03:04:05.006Z',
      decidedAt: '2025-03-04T05:06:07.089Z',
      statusChangedAt: '2025-03-04T05:06:07.089Z',
      informationDueDate: '2025-04-30',
      paid: '0.10',
      outstanding: '1234566.90',
      approvedAboveAssessed: false,
    });
    expect(combined.missingDocuments).not.toContain('death_certificate');
    const listed = await t
      .http()
      .get(`${API}/claims?claimantId=${claimantId}`)
      .set(caseWorker.auth)
      .expect(200);
    expect(listed.body.items).toEqual([combined]);
    // The lawyer's view reads the same row through the scoped statement.
    const asLawyer = (await read(lawyer, claimId).expect(200)).body as Record<string, unknown>;
    expect({ ...asLawyer, allowedTransitions: [] }).toEqual({
      ...combined,
      allowedTransitions: [],
    });
  });

  it('logout ends access at once', async () => {
    const user = await createUser(t, Role.CaseWorker);
    const { claimId } = await createClaimFixture(t.ds);
    await read(user, claimId).expect(200);
    await t.http().post(`${API}/auth/logout`).set(user.auth).expect(204);
    const res = await read(user, claimId).expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('deactivation ends access at once', async () => {
    const user = await createUser(t, Role.Auditor);
    const { claimId } = await createClaimFixture(t.ds);
    await read(user, claimId).expect(200);
    await t.ds.query(`UPDATE users SET active = false WHERE id = $1`, [user.id]);
    expect((await read(user, claimId).expect(401)).body.code).toBe('UNAUTHENTICATED');
  });

  it('a new token epoch (password change) ends access at once', async () => {
    const user = await createUser(t, Role.CaseWorker);
    const { claimId } = await createClaimFixture(t.ds);
    await read(user, claimId).expect(200);
    await t.ds.query(`UPDATE users SET token_epoch = token_epoch + 1 WHERE id = $1`, [user.id]);
    await read(user, claimId).expect(401);
  });

  it('scopes by the role the database holds now, not the one in the token', async () => {
    const user = await createUser(t, Role.CaseWorker);
    const foreign = await createClaimFixture(t.ds);
    const own = await createClaimFixture(t.ds);
    await representClaimant(t.ds, own.claimantId, user.id);
    await read(user, foreign.claimId).expect(200);
    await t.ds.query(`UPDATE users SET role = 'lawyer' WHERE id = $1`, [user.id]);
    const hidden = await read(user, foreign.claimId).expect(404);
    expect(hidden.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    await read(user, own.claimId).expect(200);
  });

  it('a representation that ends hides the claim from the lawyer at once', async () => {
    const lawyer = await createUser(t, Role.Lawyer);
    const { claimId, claimantId } = await createClaimFixture(t.ds, { lawyerId: lawyer.id });
    await read(lawyer, claimId).expect(200);
    await t.ds.query(
      `UPDATE representations SET ended_at = now() WHERE claimant_id = $1 AND lawyer_id = $2`,
      [claimantId, lawyer.id],
    );
    await read(lawyer, claimId).expect(404);
  });

  it('refuses a token from the second of its exp, though it was verified before', async () => {
    const user = await createUser(t, Role.CaseWorker);
    const { claimId } = await createClaimFixture(t.ds);
    // The session's own claims, re-signed to expire within two seconds.
    const claims = new JwtService().decode(user.token) as Record<string, unknown>;
    const exp = Math.floor(Date.now() / 1000) + 2;
    const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ ...claims, exp })}`;
    const token = `${body}.${createHmac('sha256', process.env.JWT_SECRET!).update(body).digest('base64url')}`;
    const withToken = () =>
      t.http().get(`${API}/claims/${claimId}`).set('Authorization', `Bearer ${token}`);
    await withToken().expect(200);
    await withToken().expect(200);
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50));
    expect((await withToken().expect(401)).body.code).toBe('UNAUTHENTICATED');
  });

  it('still refuses a session that may only enrol a second factor', async () => {
    const { claimId } = await createClaimFixture(t.ds);
    const res = await read(admin, claimId).expect(403);
    expect(res.body.code).toBe('MFA_ENROLMENT_REQUIRED');
  });

  it('leaves a malformed id to the pipe (400) and answers 404 for an unknown one', async () => {
    const user = await createUser(t, Role.CaseWorker);
    expect((await read(user, 'not-a-uuid').expect(400)).body.code).toBe('VALIDATION_FAILED');
    await read(user, '00000000-0000-4000-8000-000000000000').expect(404);
  });
});
