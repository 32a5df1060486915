import { randomUUID } from 'node:crypto';

import { Role } from '../src/common/auth/role';
import { queryRows, sql } from '../src/common/database/sql';
import { ClaimStatus } from '../src/modules/claims/domain/claim-status';
import { SIGNED_PAID_AMOUNT, sumMoney } from '../src/modules/payments/ledger-sql';
import { createUser, TestUser } from './utils/auth';
import { ClaimFixture, createClaimFixture, setClaimStatus } from './utils/fixtures';
import { API, startTestApp, TestApp } from './utils/test-app';

interface PaymentBody {
  id: string;
  claimId: string;
  kind: string;
  amount: { amount: string; currency: string };
  paidAt: string;
  method: string;
  reference: string | null;
  reversalOf: string | null;
  reason: string | null;
  recordedBy: string | null;
  createdAt: string;
}

describe('payments ledger', () => {
  let t: TestApp;
  let admin: TestUser;
  let caseWorker: TestUser;
  let lawyer: TestUser;
  let auditor: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, Role.Admin);
    caseWorker = await createUser(t, Role.CaseWorker);
    lawyer = await createUser(t, Role.Lawyer);
    auditor = await createUser(t, Role.Auditor);
  });
  afterAll(() => t.close());

  const approved = (amountApproved: string, status = ClaimStatus.Approved) =>
    createClaimFixture(t.ds, { status, amountApproved, amountAssessed: amountApproved });

  function pay(claimId: string, body: object, key: string | null = randomUUID(), user = admin) {
    const req = t.http().post(`${API}/claims/${claimId}/payments`).set(user.auth);
    if (key !== null) req.set('Idempotency-Key', key);
    return req.send(body);
  }

  const advance = (amount: string, currency = 'AZN') => ({
    kind: 'advance',
    amount: { amount, currency },
    method: 'bank_transfer',
  });
  const award = (amount: string, currency = 'AZN') => ({
    ...advance(amount, currency),
    kind: 'award',
  });

  async function ledger(claimId: string): Promise<{ rows: number; paid: string }> {
    const [row] = await queryRows<{ rows: number; paid: string }>(
      t.ds,
      sql(
        `SELECT count(*)::int AS rows,
              ${sumMoney(SIGNED_PAID_AMOUNT('payments'))} AS paid
         FROM payments WHERE claim_id = :claimId`,
        { claimId },
      ),
    );
    return row!;
  }

  describe('recording', () => {
    it('records an advance with every response field and an audit event', async () => {
      const claim = await createClaimFixture(t.ds, { status: ClaimStatus.UnderReview });
      const res = await pay(claim.claimId, {
        ...advance('1500.5'),
        reference: 'AZAL-TRF-0001',
        paidAt: '2025-03-01T10:00:00Z',
      }).expect(201);
      const body = res.body as PaymentBody;
      expect(body).toEqual({
        id: expect.any(String),
        claimId: claim.claimId,
        kind: 'advance',
        amount: { amount: '1500.50', currency: 'AZN' },
        claimAmount: { amount: '1500.50', currency: 'AZN' },
        exchangeRate: null,
        paidAt: '2025-03-01T10:00:00.000Z',
        method: 'bank_transfer',
        reference: 'AZAL-TRF-0001',
        reversalOf: null,
        reason: null,
        recordedBy: admin.id,
        createdAt: expect.any(String),
      });
      const [event] = await queryRows<{ action: string; actor_id: string }>(
        t.ds,
        sql(
          `SELECT action, actor_id FROM audit_events WHERE entity_type = 'payment' AND entity_id = :bodyId`,
          { bodyId: body.id },
        ),
      );
      expect(event).toEqual({ action: 'payment.record', actor_id: admin.id });
      const list = await t
        .http()
        .get(`${API}/claims/${claim.claimId}/payments`)
        .set(caseWorker.auth)
        .expect(200);
      expect(list.body).toEqual({ items: [body], nextCursor: null });
    });

    it('needs an Idempotency-Key (400) of sane form', async () => {
      const claim = await createClaimFixture(t.ds);
      const missing = await pay(claim.claimId, advance('10.00'), null).expect(400);
      expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(missing.body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
      const short = await pay(claim.claimId, advance('10.00'), 'abc').expect(400);
      expect(short.body.code).toBe('IDEMPOTENCY_KEY_MALFORMED');
      expect((await ledger(claim.claimId)).rows).toBe(0);
    });

    it('replays the same key and body with the first result; another body answers 422', async () => {
      const claim = await createClaimFixture(t.ds);
      const key = randomUUID();
      const first = await pay(claim.claimId, advance('100.00'), key).expect(201);
      const again = await pay(claim.claimId, advance('100'), key).expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const other = await pay(claim.claimId, advance('100.01'), key).expect(422);
      expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      const otherClaim = await createClaimFixture(t.ds);
      const elsewhere = await pay(otherClaim.claimId, advance('100.00'), key).expect(422);
      expect(elsewhere.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await ledger(claim.claimId)).toEqual({ rows: 1, paid: '100.00' });
      expect((await ledger(otherClaim.claimId)).rows).toBe(0);
    });

    it('records exactly one payment for 50 concurrent requests with one key', async () => {
      const claim = await approved('5000.00');
      const key = randomUUID();
      const body = { ...advance('250.00'), reference: 'CONCURRENT-1' };
      const responses = await Promise.all(
        Array.from({ length: 50 }, () => pay(claim.claimId, body, key)),
      );
      const rows = await queryRows<{ id: string }>(
        t.ds,
        sql(`SELECT * FROM payments WHERE idempotency_key = :key`, { key }),
      );
      expect(rows).toHaveLength(1);
      const stored = await t
        .http()
        .get(`${API}/claims/${claim.claimId}/payments`)
        .set(admin.auth)
        .expect(200);
      expect(stored.body.items).toHaveLength(1);
      for (const res of responses) {
        if (res.status === 409) {
          expect(res.body.code).toBe('IDEMPOTENCY_KEY_IN_FLIGHT');
          continue;
        }
        expect(res.status).toBe(201);
        expect(res.body).toEqual(stored.body.items[0]);
      }
      expect(responses.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(1);
      const [{ count }] = await queryRows<{ count: number }>(
        t.ds,
        sql(
          `SELECT count(*)::int AS count FROM audit_events WHERE action = 'payment.record' AND entity_id = :paymentId`,
          { paymentId: rows[0]!.id },
        ),
      );
      expect(count).toBe(1);
    });

    it('never lets 20 concurrent payments exceed the approved amount; the excess answers 422', async () => {
      const claim = await approved('1000.00');
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => pay(claim.claimId, advance('70.00'))),
      );
      const accepted = responses.filter((r) => r.status === 201);
      const refused = responses.filter((r) => r.status !== 201);
      expect(accepted).toHaveLength(14);
      for (const res of refused) {
        expect(res.status).toBe(422);
        expect(res.body.code).toBe('PAYMENT_EXCEEDS_APPROVED');
      }
      expect(await ledger(claim.claimId)).toEqual({ rows: 14, paid: '980.00' });
    });

    it('sums decimals exactly: 0.10 + 0.20 fills 0.30 approved, and 0.01 more is refused', async () => {
      const claim = await approved('0.30', ClaimStatus.OfferAccepted);
      await pay(claim.claimId, advance('0.10')).expect(201);
      await pay(claim.claimId, award('0.20')).expect(201);
      expect(await ledger(claim.claimId)).toEqual({ rows: 2, paid: '0.30' });
      const over = await pay(claim.claimId, award('0.01')).expect(422);
      expect(over.body.code).toBe('PAYMENT_EXCEEDS_APPROVED');
      expect(over.body.detail).toMatch(/at most 0\.00 can still be paid/);
    });

    it('offsets advances against the award: one cap on the total', async () => {
      const claim = await approved('40000.00');
      await pay(claim.claimId, advance('16000.00')).expect(201);
      await setClaimStatus(t.ds, claim.claimId, ClaimStatus.OfferAccepted);
      const tooMuch = await pay(claim.claimId, award('40000.00')).expect(422);
      expect(tooMuch.body.code).toBe('PAYMENT_EXCEEDS_APPROVED');
      await pay(claim.claimId, award('24000.00')).expect(201);
      expect(await ledger(claim.claimId)).toEqual({ rows: 2, paid: '40000.00' });
    });

    it('caps advances before approval by the amount claimed', async () => {
      const claim = await createClaimFixture(t.ds, {
        status: ClaimStatus.Assessed,
        amountClaimed: '500.00',
      });
      await pay(claim.claimId, advance('400.00')).expect(201);
      const res = await pay(claim.claimId, advance('100.01')).expect(422);
      expect(res.body.code).toBe('PAYMENT_EXCEEDS_CLAIMED');
    });

    it.each([
      ['an advance', ClaimStatus.Draft, 'advance', 'PAYMENT_NOT_ALLOWED_IN_STATUS'],
      ['an advance', ClaimStatus.Rejected, 'advance', 'CLAIM_NOT_PAYABLE'],
      ['an advance', ClaimStatus.Closed, 'advance', 'CLAIM_NOT_PAYABLE'],
      ['an advance', ClaimStatus.Withdrawn, 'advance', 'CLAIM_NOT_PAYABLE'],
      ['an award', ClaimStatus.Closed, 'award', 'CLAIM_NOT_PAYABLE'],
      ['an award', ClaimStatus.Approved, 'award', 'PAYMENT_NOT_ALLOWED_IN_STATUS'],
      ['an award', ClaimStatus.UnderReview, 'award', 'PAYMENT_NOT_ALLOWED_IN_STATUS'],
    ])('refuses %s on a %s claim with 409', async (_, status, kind, code) => {
      const claim = await createClaimFixture(t.ds, { status, amountApproved: '1000.00' });
      const res = await pay(claim.claimId, { ...advance('10.00'), kind }).expect(409);
      expect(res.body.code).toBe(code);
      expect((await ledger(claim.claimId)).rows).toBe(0);
    });

    it('refuses another currency than the claim’s when no rate converts it (422)', async () => {
      const claim = await createClaimFixture(t.ds, { currency: 'XDR', amountClaimed: '128821.00' });
      // No test records rates this early: none converts EUR into XDR on that date.
      const early = { ...advance('10.00', 'EUR'), paidAt: '2025-01-02T10:00:00Z' };
      const res = await pay(claim.claimId, early).expect(422);
      expect(res.body.code).toBe('EXCHANGE_RATE_MISSING');
      expect((await ledger(claim.claimId)).rows).toBe(0);
      await pay(claim.claimId, advance('10.00', 'XDR')).expect(201);
    });

    it('validates the body: float amounts, unknown methods and fields, future dates', async () => {
      const claim = await createClaimFixture(t.ds);
      const cases: object[] = [
        { ...advance('10.00'), amount: { amount: 10.5, currency: 'AZN' } },
        advance('10.005'),
        advance('-5.00'),
        advance('0.00'),
        { ...advance('10.00'), method: 'crypto' },
        { ...advance('10.00'), kind: 'refund' },
        { ...advance('10.00'), currency: 'AZN' },
        { ...advance('10.00'), paidAt: new Date(Date.now() + 86_400_000).toISOString() },
        { ...advance('10.00'), paidAt: 'yesterday' },
        // The fixtures' incident happened on 2024-12-25.
        { ...advance('10.00'), paidAt: '2024-12-24T23:59:59Z' },
      ];
      for (const body of cases) {
        const res = await pay(claim.claimId, body);
        expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      }
      expect((await ledger(claim.claimId)).rows).toBe(0);
    });

    it('answers 404 for an unknown claim', async () => {
      await pay(randomUUID(), advance('10.00')).expect(404);
    });
  });

  describe('reversal', () => {
    let claim: ClaimFixture;
    let payment: PaymentBody;

    beforeAll(async () => {
      claim = await approved('300.00');
      payment = (await pay(claim.claimId, advance('300.00')).expect(201)).body as PaymentBody;
    });

    const reverse = (id: string, body: object = { reason: 'Transfer returned' }, user = admin) =>
      t.http().post(`${API}/payments/${id}/reversal`).set(user.auth).send(body);

    it('is admin-only and needs a reason', async () => {
      await reverse(payment.id, { reason: 'x' }, caseWorker).expect(403);
      await reverse(payment.id, {}).expect(400);
      await reverse(payment.id, { reason: '' }).expect(400);
    });

    it('adds an opposite entry of the same kind and amount, once (concurrent attempts: one wins)', async () => {
      const responses = await Promise.all(Array.from({ length: 5 }, () => reverse(payment.id)));
      const created = responses.filter((r) => r.status === 201);
      expect(created).toHaveLength(1);
      for (const res of responses.filter((r) => r.status !== 201)) {
        expect([res.status, res.body.code]).toEqual([409, 'PAYMENT_ALREADY_REVERSED']);
      }
      expect(created[0]!.body).toMatchObject({
        claimId: claim.claimId,
        kind: 'advance',
        amount: { amount: '300.00', currency: 'AZN' },
        method: 'bank_transfer',
        reversalOf: payment.id,
        reason: 'Transfer returned',
        recordedBy: admin.id,
      });
      expect(await ledger(claim.claimId)).toEqual({ rows: 2, paid: '0.00' });
      const [original] = await queryRows<{ amount: string; reason: string | null }>(
        t.ds,
        sql(`SELECT amount::text, reason FROM payments WHERE id = :paymentId`, {
          paymentId: payment.id,
        }),
      );
      expect(original).toEqual({ amount: '300.00', reason: null });
      const [{ count }] = await queryRows<{ count: number }>(
        t.ds,
        sql(
          `SELECT count(*)::int AS count FROM audit_events WHERE action = 'payment.reverse' AND entity_id = :paymentId`,
          { paymentId: created[0]!.body.id },
        ),
      );
      expect(count).toBe(1);
    });

    it('refuses to reverse a reversal (409), and frees the cap for a new payment', async () => {
      const [row] = await queryRows<{ id: string }>(
        t.ds,
        sql(`SELECT id FROM payments WHERE reversal_of = :paymentId`, { paymentId: payment.id }),
      );
      const res = await reverse(row!.id).expect(409);
      expect(res.body.code).toBe('PAYMENT_REVERSAL_NOT_REVERSIBLE');
      await pay(claim.claimId, advance('300.00')).expect(201);
      expect(await ledger(claim.claimId)).toEqual({ rows: 3, paid: '300.00' });
    });

    it('answers 404 for an unknown payment', async () => {
      await reverse(randomUUID()).expect(404);
    });
  });

  describe('access', () => {
    it('lets only admins record payments', async () => {
      const claim = await createClaimFixture(t.ds);
      for (const user of [caseWorker, lawyer, auditor]) {
        await pay(claim.claimId, advance('10.00'), randomUUID(), user).expect(403);
      }
    });

    it('shows lawyers the ledger of their own clients only (404 otherwise); auditors read it', async () => {
      const own = await createClaimFixture(t.ds, { lawyerId: lawyer.id });
      const foreign = await createClaimFixture(t.ds);
      await pay(own.claimId, advance('10.00')).expect(201);
      await pay(foreign.claimId, advance('10.00')).expect(201);
      const mine = await t
        .http()
        .get(`${API}/claims/${own.claimId}/payments`)
        .set(lawyer.auth)
        .expect(200);
      expect(mine.body.items).toHaveLength(1);
      const theirs = await t
        .http()
        .get(`${API}/claims/${foreign.claimId}/payments`)
        .set(lawyer.auth)
        .expect(404);
      expect(theirs.body.code).toBe('NOT_FOUND');
      await t.http().get(`${API}/claims/${foreign.claimId}/payments`).set(auditor.auth).expect(200);
    });

    it('pages the ledger with a cursor', async () => {
      const claim = await approved('100.00');
      for (let i = 0; i < 3; i++) await pay(claim.claimId, advance('1.00')).expect(201);
      const page1 = await t
        .http()
        .get(`${API}/claims/${claim.claimId}/payments?limit=2`)
        .set(admin.auth)
        .expect(200);
      expect(page1.body.items).toHaveLength(2);
      const page2 = await t
        .http()
        .get(`${API}/claims/${claim.claimId}/payments?limit=2&cursor=${page1.body.nextCursor}`)
        .set(admin.auth)
        .expect(200);
      expect(page2.body).toMatchObject({ nextCursor: null });
      expect(page2.body.items).toHaveLength(1);
    });
  });
});
