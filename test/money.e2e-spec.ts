import Decimal from 'decimal.js';

import { Role } from '../src/common/auth/role';
import { execute, queryOne, queryRows, sql } from '../src/common/database/sql';
import { createUser, TestUser } from './utils/auth';
import { ClaimView, expectStatus, MoneyWork, PaymentView } from './utils/fixtures';
import { API, seededIncidentId, startTestApp, TestApp } from './utils/test-app';

/**
 * Money across payers and currencies (docs/money.md and the second-release rules of
 * section 3), through the API on a real PostgreSQL. Rates are global: this suite records its
 * own on dates no other suite uses (May 2025).
 */

/** Exact conversion as the design defines it, computed here independently of the service. */
const Exact = Decimal.clone({ precision: 100 });
const halfEven = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2);

describe('money across payers and currencies', () => {
  let t: TestApp;
  let admin: TestUser;
  let approver: TestUser;
  let caseWorker: TestUser;
  let lawyer: TestUser;
  let auditor: TestUser;
  let work: MoneyWork;
  let incidentId: string;
  let mc99: string;
  let azal: string;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    admin = await createUser(t, Role.Admin);
    approver = await createUser(t, Role.Admin);
    caseWorker = await createUser(t, Role.CaseWorker);
    lawyer = await createUser(t, Role.Lawyer);
    auditor = await createUser(t, Role.Auditor);
    work = new MoneyWork(t, admin, caseWorker, approver);
    incidentId = await work.incident();
    mc99 = await work.programme(incidentId, {
      payer: 'carrier_insurer',
      currency: 'XDR',
      liabilityLimit: '128821.00',
      eligibility: { categories: ['passenger'], note: 'MC99 Art. 17' },
      limitationDeadline: '2026-12-25',
    });
    azal = await work.programme(incidentId, {
      payer: 'airline_ex_gratia',
      currency: 'AZN',
      amountPerDeceased: '40000.00',
      amountPerInjured: '20000.00',
    });
  });
  afterAll(() => t.close());

  describe('exchange rates', () => {
    it('records a rate (admin), lists it with filters, refuses lawyers, and is never edited', async () => {
      const created = await work.rate('USD', 'KZT', '512.1234567891', '2025-05-02');
      const list = await expectStatus<{ items: { id: string; rate: string }[] }>(
        'rates',
        t
          .http()
          .get(`${API}/exchange-rates`)
          .query({ base: 'USD', quote: 'KZT', from: '2025-05-01', to: '2025-05-03' })
          .set(auditor.auth),
        200,
      );
      expect(list.items).toEqual([
        expect.objectContaining({ id: created.id, rate: '512.1234567891' }),
      ]);
      await t.http().get(`${API}/exchange-rates`).set(lawyer.auth).expect(403);
      await t
        .http()
        .post(`${API}/exchange-rates`)
        .set(caseWorker.auth)
        .send({ base: 'USD', quote: 'KZT', rate: '1', rateDate: '2025-05-02', source: 'x' })
        .expect(403);
      await expect(
        execute(t.ds, sql(`UPDATE exchange_rates SET rate = 1 WHERE id = :id`, { id: created.id })),
      ).rejects.toThrow(/append-only/);
    });

    it.each([
      [{ base: 'USD', quote: 'USD', rate: '1', rateDate: '2025-05-02', source: 'same' }],
      [{ base: 'USD', quote: 'KZT', rate: 512.5, rateDate: '2025-05-02', source: 'float' }],
      [{ base: 'USD', quote: 'KZT', rate: '0', rateDate: '2025-05-02', source: 'zero' }],
      [{ base: 'USD', quote: 'KZT', rate: '1.12345678901', rateDate: '2025-05-02', source: 'x' }],
      [{ base: 'USD', quote: 'GBP', rate: '1', rateDate: '2025-05-02', source: 'not allowed' }],
      [{ base: 'USD', quote: 'KZT', rate: '1', rateDate: '2999-01-01', source: 'future' }],
      [{ base: 'USD', quote: 'KZT', rate: '1', rateDate: '2025-05-02', source: 'x', extra: 1 }],
    ])('refuses %j with 400', async (body) => {
      const res = await t.http().post(`${API}/exchange-rates`).set(admin.auth).send(body);
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    });
  });

  describe('an MC99 claim in XDR paid in RUB', () => {
    let claim: ClaimView;
    const RATE = '121.3517'; // 1 XDR = 121.3517 RUB, recorded for 20 May 2025

    beforeAll(async () => {
      const person = await work.person(incidentId);
      const heir = await work.claimant(person, { relationship: 'spouse' });
      claim = await work.claim({
        claimantId: heir,
        programmeId: mc99,
        amountClaimed: { amount: '128821.00', currency: 'XDR' },
      });
      claim = await work.assessed(claim, '20000.00');
      claim = await expectStatus<ClaimView>('approve', work.approve(claim), 200);
      claim = await work.move(caseWorker, claim, { to: 'offer_accepted' });
      await work.rate('XDR', 'RUB', RATE, '2025-05-20');
    });

    it('converts at the recorded rate, exact to the cent, and keeps amount, claim amount and rate', async () => {
      const paid = await expectStatus<PaymentView>(
        'payment',
        work.pay(
          claim.id,
          'award',
          { amount: '1000000.00', currency: 'RUB' },
          '2025-05-23T10:00:00Z',
        ),
        201,
      );
      const expected = halfEven(new Exact('1000000.00').dividedBy(RATE));
      expect(expected).toBe('8240.51');
      expect(paid.amount).toEqual({ amount: '1000000.00', currency: 'RUB' });
      expect(paid.claimAmount).toEqual({ amount: expected, currency: 'XDR' });
      expect(paid.exchangeRate).toEqual({
        id: expect.any(String),
        base: 'XDR',
        quote: 'RUB',
        rate: RATE,
        rateDate: '2025-05-20',
        source: 'Test rate source',
      });
      const [row] = await queryRows(
        t.ds,
        sql(`SELECT claim_amount::text AS c FROM payments WHERE id = :paidId`, { paidId: paid.id }),
      );
      expect(row.c).toBe(expected);
      expect((await work.claimNow(claim.id)).paid).toBe(expected);
    });

    it('caps on the converted amount', async () => {
      const before = await work.ledger(claim.id);
      const left = new Exact('20000.00').minus(before.net);
      // The smallest RUB amount whose conversion is a cent over what is left.
      const over = new Exact(left.plus('0.01')).times(RATE).toDecimalPlaces(2, Decimal.ROUND_UP);
      const refused = await work
        .pay(
          claim.id,
          'award',
          { amount: over.toFixed(2), currency: 'RUB' },
          '2025-05-23T10:00:00Z',
        )
        .expect(422);
      expect(refused.body.code).toBe('PAYMENT_EXCEEDS_APPROVED');
      expect(await work.ledger(claim.id)).toEqual(before);
    });

    it('leaves a recorded payment unchanged when a later rate or a correction is recorded', async () => {
      const [first] = (
        await expectStatus<{ items: PaymentView[] }>(
          'list',
          t.http().get(`${API}/claims/${claim.id}/payments`).set(admin.auth),
          200,
        )
      ).items;
      await work.rate('XDR', 'RUB', '130.0000', '2025-05-20'); // a correction for the same day
      await work.rate('XDR', 'RUB', '125.0000', '2025-05-22');
      const [again] = (
        await expectStatus<{ items: PaymentView[] }>(
          'list',
          t.http().get(`${API}/claims/${claim.id}/payments`).set(admin.auth),
          200,
        )
      ).items;
      expect(again).toEqual(first);
      // A new payment on the same date now takes the newest rate within the window.
      const next = await expectStatus<PaymentView>(
        'payment',
        work.pay(claim.id, 'award', { amount: '125.00', currency: 'RUB' }, '2025-05-23T10:00:00Z'),
        201,
      );
      expect(next.claimAmount.amount).toBe('1.00');
      expect(next.exchangeRate?.rateDate).toBe('2025-05-22');
    });

    it('answers 422 EXCHANGE_RATE_MISSING and writes nothing without a rate within 7 days', async () => {
      const before = await work.ledger(claim.id);
      const res = await work
        .pay(claim.id, 'award', { amount: '100.00', currency: 'RUB' }, '2025-05-12T10:00:00Z')
        .expect(422);
      expect(res.body.code).toBe('EXCHANGE_RATE_MISSING');
      const eur = await work
        .pay(claim.id, 'award', { amount: '100.00', currency: 'EUR' }, '2025-05-23T10:00:00Z')
        .expect(422);
      expect(eur.body.code).toBe('EXCHANGE_RATE_MISSING');
      expect(await work.ledger(claim.id)).toEqual(before);
    });

    it('shows the paid currency beside the claim currency in the reports', async () => {
      const report = await expectStatus<{ items: Record<string, unknown>[] }>(
        'claims report',
        t
          .http()
          .get(`${API}/reports/incidents/${incidentId}/claims`)
          .query({ programmeId: mc99, limit: 200 })
          .set(caseWorker.auth),
        200,
      );
      const row = report.items.find((r) => r.claimId === claim.id)!;
      const ledger = await work.ledger(claim.id);
      expect(row).toMatchObject({ currency: 'XDR', paid: ledger.net, paidIn: '1000125.00 RUB' });
      const summary = await expectStatus<{
        amounts: { programmeId: string; paid: string; paidIn: unknown[] }[];
      }>(
        'summary',
        t.http().get(`${API}/reports/incidents/${incidentId}/summary`).set(admin.auth),
        200,
      );
      const amounts = summary.amounts.find((a) => a.programmeId === mc99)!;
      expect(amounts.paidIn).toEqual([{ amount: '1000125.00', currency: 'RUB' }]);
    });
  });

  describe('three heirs of one passenger in the MC99 programme (limit per person)', () => {
    let claims: ClaimView[];

    beforeAll(async () => {
      const person = await work.person(incidentId);
      claims = [];
      for (const [relationship, assessed] of [
        ['spouse', '60000.00'],
        ['child', '50000.00'],
        ['parent', '30000.00'],
      ] as const) {
        const heir = await work.claimant(person, { relationship });
        const c = await work.claim({
          claimantId: heir,
          programmeId: mc99,
          amountClaimed: { amount: assessed, currency: 'XDR' },
        });
        claims.push(await work.assessed(c, assessed));
      }
    });

    it('checks the sum for the person, not each claim, and flags an approval over it', async () => {
      claims[0] = await expectStatus<ClaimView>('approve 1', work.approve(claims[0]!), 200);
      claims[1] = await expectStatus<ClaimView>('approve 2', work.approve(claims[1]!), 200);
      expect(claims[1]!.exceedsLiabilityLimit).toBe(false);
      // 60,000 + 50,000 + 30,000 = 140,000 XDR: over 128,821 although each claim is under it.
      const refused = await work.approve(claims[2]!).expect(422);
      expect(refused.body.code).toBe('AMOUNT_EXCEEDS_LIABILITY_LIMIT');
      expect(refused.body.detail).toContain('140000.00');
      const disputed = await expectStatus<ClaimView>(
        'approve 3 with a reason',
        work.approve(claims[2]!, { reason: 'Loss of support proven above the first tier' }),
        200,
      );
      expect(disputed.exceedsLiabilityLimit).toBe(true);
      expect(disputed.amountApproved).toEqual({ amount: '30000.00', currency: 'XDR' });
    });

    it('lets the person’s position add up the three claims', async () => {
      const person = claims[0]!.personId;
      const position = await expectStatus<{
        programmes: { programmeId: string; approved: string; claims: unknown[] }[];
      }>('position', t.http().get(`${API}/persons/${person}/compensation`).set(admin.auth), 200);
      const inMc99 = position.programmes.find((p) => p.programmeId === mc99)!;
      expect(inMc99.approved).toBe('140000.00');
      expect(inMc99.claims).toHaveLength(3);
    });
  });

  describe('two heirs of one passenger in the AZAL programme (AZN 40,000 per deceased)', () => {
    it('never approves more than AZN 40,000 together, nor more than an heir’s share', async () => {
      const person = await work.person(incidentId);
      const first = await work.claimant(person, { relationship: 'spouse', heirSharePercent: '60' });
      const second = await work.claimant(person, { relationship: 'child', heirSharePercent: '40' });
      const file = (claimantId: string, amount: string) =>
        work
          .claim({ claimantId, programmeId: azal, amountClaimed: { amount, currency: 'AZN' } })
          .then((c) => work.assessed(c, amount));
      const a = await file(first, '30000.00');
      const overShare = await work.approve(a).expect(422);
      expect(overShare.body.code).toBe('PROGRAMME_AMOUNT_EXCEEDED');
      expect(overShare.body.detail).toContain('24000.00');
      await expectStatus(
        'approve the share',
        work.approve(a, { amount: { amount: '24000.00', currency: 'AZN' } }),
        200,
      );
      const b = await file(second, '16000.01');
      expect((await work.approve(b).expect(422)).body.code).toBe('PROGRAMME_AMOUNT_EXCEEDED');
      // Not even with a reason: the programme amount is not a limit one argues past.
      const withReason = await work.approve(b, { reason: 'Hardship' }).expect(422);
      expect(withReason.body.code).toBe('PROGRAMME_AMOUNT_EXCEEDED');
      await expectStatus(
        'approve 16,000',
        work.approve(b, { amount: { amount: '16000.00', currency: 'AZN' } }),
        200,
      );
      // A funeral claim of the first heir finds nothing left of the person's 40,000.
      const funeral = await work
        .claim({
          claimantId: first,
          programmeId: azal,
          type: 'funeral_expenses',
          amountClaimed: { amount: '0.01', currency: 'AZN' },
        })
        .then((c) => work.assessed(c, '0.01'));
      expect((await work.approve(funeral).expect(422)).body.code).toBe('PROGRAMME_AMOUNT_EXCEEDED');
      const [sum] = await queryRows(
        t.ds,
        sql(
          `SELECT SUM(amount_approved)::text AS total FROM claims WHERE person_id = :person AND programme_id = :azal`,
          { person, azal },
        ),
      );
      expect(sum.total).toBe('40000.00');
    });

    it('caps heirs without recorded shares by the person’s amount alone', async () => {
      const person = await work.person(incidentId);
      const assessed: ClaimView[] = [];
      for (const amount of ['30000.00', '10000.01']) {
        const heir = await work.claimant(person);
        const c = await work.claim({
          claimantId: heir,
          programmeId: azal,
          amountClaimed: { amount, currency: 'AZN' },
        });
        assessed.push(await work.assessed(c, amount));
      }
      await expectStatus('first', work.approve(assessed[0]!), 200);
      expect((await work.approve(assessed[1]!).expect(422)).body.code).toBe(
        'PROGRAMME_AMOUNT_EXCEEDED',
      );
    });
  });

  describe('eligibility', () => {
    it('refuses a crew member’s claim in the seeded MC99 programme with 422 NOT_ELIGIBLE', async () => {
      const seeded = await seededIncidentId(t.ds);
      const [crew] = await queryRows(
        t.ds,
        sql(
          `SELECT id FROM persons_on_board WHERE incident_id = :seeded AND category = 'crew' AND outcome = 'deceased' LIMIT 1`,
          { seeded },
        ),
      );
      const [programme] = await queryRows(
        t.ds,
        sql(
          `SELECT id FROM compensation_programmes WHERE incident_id = :seeded AND payer = 'carrier_insurer'`,
          { seeded },
        ),
      );
      const claimant = await work.claimant(crew.id, { relationship: 'spouse' });
      const res = await work
        .fileClaim({
          claimantId: claimant,
          programmeId: programme.id,
          type: 'death',
          amountClaimed: { amount: '128821.00', currency: 'XDR' },
        })
        .expect(422);
      expect(res.body).toMatchObject({
        code: 'NOT_ELIGIBLE',
        errors: [{ field: 'eligibility.categories', message: expect.stringContaining('crew') }],
      });
      const [{ n }] = await queryRows(
        t.ds,
        sql(`SELECT count(*)::int AS n FROM claims WHERE claimant_id = :claimant`, { claimant }),
      );
      expect(n).toBe(0);
    });

    it('refuses moving a draft into a programme that does not cover the person', async () => {
      const crew = await work.person(incidentId, { category: 'crew' });
      const heir = await work.claimant(crew, { relationship: 'spouse' });
      const draft = await work.claim({
        claimantId: heir,
        programmeId: azal,
        amountClaimed: { amount: '100.00', currency: 'AZN' },
      });
      const res = await t
        .http()
        .patch(`${API}/claims/${draft.id}`)
        .set(caseWorker.auth)
        .set('If-Match', `"${draft.version}"`)
        .send({ programmeId: mc99, amountClaimed: { amount: '100.00', currency: 'XDR' } })
        .expect(422);
      expect(res.body.code).toBe('NOT_ELIGIBLE');
    });
  });

  describe('approval against what was paid, and the way to closed', () => {
    async function withAdvances(
      amounts: string[],
    ): Promise<{ claim: ClaimView; payments: string[] }> {
      const person = await work.person(incidentId);
      const heir = await work.claimant(person);
      let claim = await work.claim({
        claimantId: heir,
        programmeId: azal,
        amountClaimed: { amount: '20000.00', currency: 'AZN' },
      });
      claim = await work.underReview(claim);
      const payments: string[] = [];
      for (const amount of amounts) {
        const p = await expectStatus<PaymentView>(
          'advance',
          work.pay(claim.id, 'advance', { amount, currency: 'AZN' }),
          201,
        );
        payments.push(p.id);
      }
      return { claim: await work.claimNow(claim.id), payments };
    }

    it('refuses an approval below the advances paid (APPROVED_BELOW_PAID)', async () => {
      const { claim } = await withAdvances(['10000.00', '5000.00']);
      const assessed = await work.assess(claim, '10000.00');
      const res = await work.approve(assessed).expect(422);
      expect(res.body.code).toBe('APPROVED_BELOW_PAID');
      expect(res.body.detail).toContain('15000.00');
      // Above the assessment needs a reason (422 REASON_REQUIRED)...
      const noReason = await work
        .approve(assessed, { amount: { amount: '15000.00', currency: 'AZN' } })
        .expect(422);
      expect(noReason.body.code).toBe('REASON_REQUIRED');
      // ...and with one the claim is approved at what was paid, flagged, and can close.
      let approved = await expectStatus<ClaimView>(
        'approve at the paid amount',
        work.approve(assessed, {
          amount: { amount: '15000.00', currency: 'AZN' },
          reason: 'Advances already paid exceed the assessment; the family keeps them',
        }),
        200,
      );
      expect(approved).toMatchObject({ approvedAboveAssessed: true, outstanding: '0.00' });
      approved = await work.move(caseWorker, approved, { to: 'offer_accepted' });
      const closed = await work.move(admin, approved, { to: 'closed' });
      expect(closed.status).toBe('closed');
    });

    it('or recovers the excess first: reverse an advance, approve the assessment, pay, close', async () => {
      const { claim, payments } = await withAdvances(['10000.00', '5000.00']);
      await work.reverse(payments[1]!, 'Excess advance recovered').expect(201);
      let c = await work.assess(await work.claimNow(claim.id), '10000.00');
      c = await expectStatus<ClaimView>('approve', work.approve(c), 200);
      expect(c.approvedAboveAssessed).toBe(false);
      c = await work.move(caseWorker, c, { to: 'offer_accepted' });
      expect((await work.move(admin, c, { to: 'closed' })).status).toBe('closed');
      // A closed ledger takes nothing more.
      const late = await work.pay(c.id, 'award', { amount: '1.00', currency: 'AZN' }).expect(409);
      expect(late.body.code).toBe('CLAIM_NOT_PAYABLE');
      const [award] = await queryRows(
        t.ds,
        sql(`SELECT id FROM payments WHERE claim_id = :cId AND reversal_of IS NULL LIMIT 1`, {
          cId: c.id,
        }),
      );
      expect((await work.reverse(award.id).expect(409)).body.code).toBe('CLAIM_NOT_PAYABLE');
    });

    it('shows advances on a withdrawn claim as to recover, and records their recovery', async () => {
      const { claim, payments } = await withAdvances(['3000.00']);
      const withdrawn = await work.move(caseWorker, claim, {
        to: 'withdrawn',
        reason: 'The family settled privately',
      });
      const more = await work
        .pay(withdrawn.id, 'advance', { amount: '1.00', currency: 'AZN' })
        .expect(409);
      expect(more.body.code).toBe('CLAIM_NOT_PAYABLE');
      const position = async () =>
        (
          await expectStatus<{ programmes: { programmeId: string; toRecover: string }[] }>(
            'position',
            t.http().get(`${API}/persons/${withdrawn.personId}/compensation`).set(admin.auth),
            200,
          )
        ).programmes.find((p) => p.programmeId === azal)!;
      expect((await position()).toRecover).toBe('3000.00');
      const report = async () =>
        (
          await expectStatus<{ items: { claimId: string; toRecover: string }[] }>(
            'report',
            t
              .http()
              .get(`${API}/reports/incidents/${incidentId}/claims`)
              .query({ status: 'withdrawn', limit: 200 })
              .set(admin.auth),
            200,
          )
        ).items.find((r) => r.claimId === withdrawn.id)!;
      expect((await report()).toRecover).toBe('3000.00');
      await work.reverse(payments[0]!, 'Advance repaid by the family').expect(201);
      expect((await position()).toRecover).toBe('0.00');
      expect((await report()).toRecover).toBe('0.00');
    });
  });

  describe('advance claims linked to their principal', () => {
    it('offsets the advance claim’s payments when the principal is paid', async () => {
      const person = await work.person(incidentId);
      const heir = await work.claimant(person, { relationship: 'spouse' });
      let principal = await work.claim({
        claimantId: heir,
        programmeId: azal,
        amountClaimed: { amount: '40000.00', currency: 'AZN' },
      });
      let advance = await work.claim({
        claimantId: heir,
        programmeId: azal,
        type: 'advance',
        principalClaimId: principal.id,
        amountClaimed: { amount: '15000.00', currency: 'AZN' },
      });
      expect(advance.principalClaimId).toBe(principal.id);
      advance = await work.underReview(advance);
      await expectStatus(
        'advance paid',
        work.pay(advance.id, 'advance', { amount: '15000.00', currency: 'AZN' }),
        201,
      );

      principal = await work.assessed(principal, '40000.00');
      expect((await work.claimNow(principal.id)).advancesPaid).toBe('15000.00');
      // The advances count as paid on the principal: approving below them is refused.
      const below = await work
        .approve(principal, { amount: { amount: '14999.99', currency: 'AZN' } })
        .expect(422);
      expect(below.body.code).toBe('APPROVED_BELOW_PAID');
      principal = await expectStatus<ClaimView>('approve', work.approve(principal), 200);
      expect(principal).toMatchObject({
        paid: '0.00',
        advancesPaid: '15000.00',
        outstanding: '25000.00',
      });
      principal = await work.move(caseWorker, principal, { to: 'offer_accepted' });
      const over = await work
        .pay(principal.id, 'award', { amount: '25000.01', currency: 'AZN' })
        .expect(422);
      expect(over.body.code).toBe('PAYMENT_EXCEEDS_APPROVED');
      await expectStatus(
        'award',
        work.pay(principal.id, 'award', { amount: '25000.00', currency: 'AZN' }),
        201,
      );
      principal = await work.claimNow(principal.id);
      expect(principal.outstanding).toBe('0.00');
      expect((await work.move(admin, principal, { to: 'closed' })).status).toBe('closed');
      // Nothing more can be advanced against an approved principal that is fully paid.
      const late = await work
        .pay(advance.id, 'advance', { amount: '0.01', currency: 'AZN' })
        .expect(422);
      expect(late.body.code).toBe('PAYMENT_EXCEEDS_CLAIMED');
    });

    it('refuses a principal of another claimant, programme or type (422 PRINCIPAL_CLAIM_INVALID)', async () => {
      const person = await work.person(incidentId);
      const heir = await work.claimant(person);
      const other = await work.claimant(person);
      const principal = await work.claim({
        claimantId: heir,
        programmeId: azal,
        amountClaimed: { amount: '40000.00', currency: 'AZN' },
      });
      const cases = [
        { claimantId: other, programmeId: azal, type: 'advance', currency: 'AZN' },
        { claimantId: heir, programmeId: mc99, type: 'advance', currency: 'XDR' },
        { claimantId: heir, programmeId: azal, type: 'funeral_expenses', currency: 'AZN' },
      ];
      for (const c of cases) {
        const res = await work
          .fileClaim({
            claimantId: c.claimantId,
            programmeId: c.programmeId,
            type: c.type,
            principalClaimId: principal.id,
            amountClaimed: { amount: '100.00', currency: c.currency },
          })
          .expect(422);
        expect(res.body.code).toBe('PRINCIPAL_CLAIM_INVALID');
      }
    });
  });

  describe('the appeal window', () => {
    async function decided(to: 'rejected' | 'offer_declined'): Promise<ClaimView> {
      const person = await work.person(incidentId);
      const heir = await work.claimant(person);
      let c = await work.claim({
        claimantId: heir,
        programmeId: azal,
        amountClaimed: { amount: '1000.00', currency: 'AZN' },
      });
      if (to === 'rejected') {
        c = await work.underReview(c);
        return work.move(admin, c, { to: 'rejected', reason: 'Not a dependant' });
      }
      c = await work.assessed(c, '1000.00');
      c = await expectStatus<ClaimView>('approve', work.approve(c), 200);
      return work.move(caseWorker, c, { to: 'offer_declined', reason: 'Amount too low' });
    }
    const stamp = (id: string, column: string, daysAgo: number) =>
      execute(
        t.ds,
        sql(
          `UPDATE claims SET ${column} = now() - make_interval(days => :daysAgo) WHERE id = :id`,
          {
            id,
            daysAgo,
          },
        ),
      );
    const appeal = (c: ClaimView) =>
      work.transition(caseWorker, c, { to: 'appealed', reason: 'New evidence' });

    it('runs from the declined offer, not the approval: a decline on day 29 leaves 30 days', async () => {
      const c = await decided('offer_declined');
      // Approved 58 days ago, declined 29 days after that (29 days ago).
      await stamp(c.id, 'decided_at', 58);
      await stamp(c.id, 'status_changed_at', 29);
      expect((await appeal(c).expect(200)).body.status).toBe('appealed');
    });

    it('runs from the rejection for 30 calendar days, then closes', async () => {
      const open = await decided('rejected');
      await stamp(open.id, 'status_changed_at', 30);
      await appeal(open).expect(200);
      const late = await decided('rejected');
      await stamp(late.id, 'status_changed_at', 31);
      expect((await appeal(late).expect(422)).body.code).toBe('APPEAL_WINDOW_CLOSED');
    });
  });

  describe('limitation per programme', () => {
    it('counts a person as covered for a deadline only by a claim in that programme', async () => {
      const own = await work.incident();
      const deadlineProgramme = await work.programme(own, {
        payer: 'carrier_insurer',
        currency: 'XDR',
        eligibility: { categories: ['passenger'] },
        limitationDeadline: '2026-12-25',
      });
      const other = await work.programme(own, { payer: 'airline_ex_gratia', currency: 'AZN' });
      const covered = await work.person(own);
      const elsewhere = await work.person(own);
      const untouched = await work.person(own);
      await work.person(own, { category: 'crew' }); // not covered by the programme: never missing
      await work.claim({
        claimantId: await work.claimant(covered),
        programmeId: deadlineProgramme,
        amountClaimed: { amount: '100.00', currency: 'XDR' },
      });
      await work.claim({
        claimantId: await work.claimant(elsewhere),
        programmeId: other,
        amountClaimed: { amount: '100.00', currency: 'AZN' },
      });
      const report = await expectStatus<{
        limitation: {
          deadline: string;
          programmes: { programmeId: string; personsWithoutClaim: number }[];
        };
        personsWithoutClaim: {
          total: number;
          items: { personId: string; programmeIds: string[] }[];
        };
      }>(
        'deadlines',
        t.http().get(`${API}/reports/incidents/${own}/deadlines`).set(admin.auth),
        200,
      );
      expect(report.limitation).toMatchObject({
        deadline: '2026-12-25',
        programmes: [{ programmeId: deadlineProgramme, personsWithoutClaim: 2 }],
      });
      expect(report.personsWithoutClaim.total).toBe(2);
      expect(report.personsWithoutClaim.items.map((p) => p.personId).sort()).toEqual(
        [elsewhere, untouched].sort(),
      );
      expect(report.personsWithoutClaim.items[0]!.programmeIds).toEqual([deadlineProgramme]);
      const summary = await expectStatus<{ limitation: unknown }>(
        'summary',
        t.http().get(`${API}/reports/incidents/${own}/summary`).set(admin.auth),
        200,
      );
      expect(summary.limitation).toEqual(report.limitation);
    });
  });

  describe('GET /persons/:id/compensation', () => {
    it('gives every payer’s position in its own currency, and a total only in a currency asked for', async () => {
      const person = await work.person(incidentId);
      const heir = await work.claimant(person, { relationship: 'spouse' });
      let inAzal = await work.claim({
        claimantId: heir,
        programmeId: azal,
        amountClaimed: { amount: '40000.00', currency: 'AZN' },
      });
      inAzal = await work.assessed(inAzal, '40000.00');
      inAzal = await expectStatus<ClaimView>('approve', work.approve(inAzal), 200);
      inAzal = await work.move(caseWorker, inAzal, { to: 'offer_accepted' });
      await expectStatus(
        'award',
        work.pay(inAzal.id, 'award', { amount: '10000.00', currency: 'AZN' }),
        201,
      );
      await work
        .claim({
          claimantId: heir,
          programmeId: mc99,
          amountClaimed: { amount: '5000.00', currency: 'XDR' },
        })
        .then((c) => work.underReview(c));

      const plain = await expectStatus<{
        personId: string;
        programmes: Record<string, unknown>[];
        total?: unknown;
      }>(
        'position',
        t.http().get(`${API}/persons/${person}/compensation`).set(caseWorker.auth),
        200,
      );
      expect(plain.total).toBeUndefined();
      expect(plain.programmes.find((p) => p.programmeId === azal)).toEqual({
        programmeId: azal,
        programmeName: expect.any(String),
        payer: 'airline_ex_gratia',
        currency: 'AZN',
        eligible: true,
        claimed: '40000.00',
        approved: '40000.00',
        paid: '10000.00',
        outstanding: '30000.00',
        toRecover: '0.00',
        claims: [
          {
            id: inAzal.id,
            reference: inAzal.reference,
            claimantId: heir,
            status: 'offer_accepted',
          },
        ],
      });
      expect(plain.programmes.find((p) => p.programmeId === mc99)).toMatchObject({
        currency: 'XDR',
        claimed: '5000.00',
        approved: '0.00',
      });

      // Today's rates, so they are the latest whatever other suites recorded before.
      const today = new Date().toISOString().slice(0, 10);
      await work.rate('XDR', 'EUR', '1.2500', today);
      await work.rate('EUR', 'AZN', '1.9000', today);
      const inEur = await expectStatus<{
        programmes: {
          programmeId: string;
          inCurrency: {
            currency: string;
            claimed: string;
            rate: { base: string; quote: string; rate: string; rateDate: string } | null;
          };
        }[];
        total: { currency: string; claimed: string };
      }>(
        'position in EUR',
        t.http().get(`${API}/persons/${person}/compensation`).query({ in: 'EUR' }).set(admin.auth),
        200,
      );
      const azn = inEur.programmes.find((p) => p.programmeId === azal)!.inCurrency;
      const xdr = inEur.programmes.find((p) => p.programmeId === mc99)!.inCurrency;
      // Each converted figure names its rate: the newest recorded for the pair, either way round.
      const newest = async (a: string, b: string) =>
        (await queryOne<{ base: string; quote: string; rate: string }>(
          t.ds,
          sql(
            `SELECT base, quote, rate::text AS rate FROM exchange_rates
              WHERE (base = :a AND quote = :b) OR (base = :b AND quote = :a)
              ORDER BY rate_date DESC, (base = :a) DESC, created_at DESC LIMIT 1`,
            { a, b },
          ),
        ))!;
      const convert = (amount: string, from: string, rate: { base: string; rate: string }) =>
        halfEven(
          rate.base === from
            ? new Exact(amount).times(rate.rate)
            : new Exact(amount).dividedBy(rate.rate),
        );
      const aznRate = await newest('AZN', 'EUR');
      const xdrRate = await newest('XDR', 'EUR');
      expect(azn).toMatchObject({ currency: 'EUR', claimed: convert('40000', 'AZN', aznRate) });
      expect(azn.rate).toMatchObject({ base: aznRate.base.trim(), rateDate: today });
      expect(xdr).toMatchObject({ currency: 'EUR', claimed: convert('5000', 'XDR', xdrRate) });
      expect(inEur.total.claimed).toBe(
        new Exact(azn.claimed)
          .plus(xdr.claimed)
          .plus(
            inEur.programmes
              .filter((p) => p.programmeId !== azal && p.programmeId !== mc99)
              .reduce((s, p) => s.plus(p.inCurrency?.claimed ?? 0), new Exact(0)),
          )
          .toFixed(2),
      );
    });

    it('needs no rate for a programme with nothing to convert', async () => {
      // No suite records an AZN/KGS rate: a person without claims is still shown in KGS, at
      // zero, although the AZAL programme pays in AZN.
      const person = await work.person(incidentId);
      const [{ n }] = await queryRows<{ n: number }>(
        t.ds,
        sql(`SELECT count(*)::int AS n FROM exchange_rates
              WHERE 'KGS' IN (base, quote) AND 'AZN' IN (base, quote)`),
      );
      expect(n).toBe(0);
      const inKgs = await expectStatus<{
        programmes: { inCurrency: { currency: string; rate: unknown; claimed: string } }[];
        total: { currency: string; claimed: string; paid: string };
      }>(
        'position in KGS',
        t.http().get(`${API}/persons/${person}/compensation`).query({ in: 'KGS' }).set(admin.auth),
        200,
      );
      expect(inKgs.programmes.length).toBeGreaterThan(0);
      for (const p of inKgs.programmes) {
        expect(p.inCurrency).toMatchObject({ currency: 'KGS', rate: null, claimed: '0.00' });
      }
      expect(inKgs.total).toMatchObject({ currency: 'KGS', claimed: '0.00', paid: '0.00' });
    });

    it('shows a lawyer only their clients’ persons and claims (404 otherwise)', async () => {
      const person = await work.person(incidentId);
      const client = await work.claimant(person, { relationship: 'spouse' });
      const stranger = await work.claimant(person, { relationship: 'child' });
      await t
        .http()
        .post(`${API}/claimants/${client}/representations`)
        .set(admin.auth)
        .send({ lawyerId: lawyer.id })
        .expect(201);
      const mine = await work.claim({
        claimantId: client,
        programmeId: azal,
        amountClaimed: { amount: '100.00', currency: 'AZN' },
      });
      await work.claim({
        claimantId: stranger,
        programmeId: azal,
        amountClaimed: { amount: '900.00', currency: 'AZN' },
      });
      const seen = await expectStatus<{
        programmes: { programmeId: string; claims: { id: string }[] }[];
      }>(
        'lawyer position',
        t.http().get(`${API}/persons/${person}/compensation`).set(lawyer.auth),
        200,
      );
      expect(seen.programmes.find((p) => p.programmeId === azal)!.claims.map((c) => c.id)).toEqual([
        mine.id,
      ]);
      const other = await work.person(incidentId);
      await t.http().get(`${API}/persons/${other}/compensation`).set(lawyer.auth).expect(404);
    });
  });
});
