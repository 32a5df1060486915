import Decimal from 'decimal.js';
import fc from 'fast-check';

import { Role } from '../src/common/auth/role';
import { queryRows, sql } from '../src/common/database/sql';
import { createUser, TestUser } from './utils/auth';
import { ClaimView, expectStatus, MoneyWork, PaymentView } from './utils/fixtures';
import { API, startTestApp, TestApp } from './utils/test-app';

/**
 * The money invariants of docs/money.md under random and concurrent use, through the API
 * on a real PostgreSQL: whatever sequence of rates, payments, reversals and approvals arrives,
 * net payments in a claim's currency never exceed what caps them, every accepted conversion is
 * the exact half-even one, and a person's position adds up the claims' ledgers to the cent.
 */

const Exact = Decimal.clone({ precision: 100 });
const cents = (n: number) => new Exact(n).dividedBy(100).toFixed(2);

/**
 * Each run (shrinking included) pays and records rates on its own 30-day stretch, going back
 * from 2020, so no run sees another's rates and none is dated in the future.
 */
let run = 0;
const runStart = () => {
  const d = new Date(Date.UTC(2020, 11, 1));
  d.setUTCDate(d.getUTCDate() - 30 * run++);
  return d;
};
const day = (start: Date, offset: number) => {
  const d = new Date(start);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
};

type Action =
  | { kind: 'rate'; day: number; inverse: boolean; units: number }
  | { kind: 'pay'; claim: 0 | 1; rub: boolean; cents: number; day: number }
  | { kind: 'reverse'; index: number }
  | { kind: 'approve'; claim: 0 | 1; cents: number };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constant('rate' as const),
    day: fc.integer({ min: 0, max: 10 }),
    inverse: fc.boolean(),
    units: fc.integer({ min: 1, max: 999_999 }),
  }),
  fc.record({
    kind: fc.constant('pay' as const),
    claim: fc.constantFrom(0 as const, 1 as const),
    rub: fc.boolean(),
    cents: fc.integer({ min: 1, max: 5_000_000 }),
    day: fc.integer({ min: 0, max: 10 }),
  }),
  fc.record({ kind: fc.constant('reverse' as const), index: fc.nat({ max: 20 }) }),
  fc.record({
    kind: fc.constant('approve' as const),
    claim: fc.constantFrom(0 as const, 1 as const),
    cents: fc.integer({ min: 1, max: 200_000 }),
  }),
);

interface ModelRate {
  base: string;
  quote: string;
  rate: string;
  rateDate: string;
  seq: number;
}

/** Section 9's rate choice, written again here: the pair's latest date within 7 days, else its inverse. */
function modelRate(rates: ModelRate[], from: string, to: string, onDate: string): ModelRate | null {
  const earliest = new Date(`${onDate}T00:00:00Z`);
  earliest.setUTCDate(earliest.getUTCDate() - 7);
  const lower = earliest.toISOString().slice(0, 10);
  const best = (base: string, quote: string) =>
    rates
      .filter(
        (r) => r.base === base && r.quote === quote && r.rateDate <= onDate && r.rateDate >= lower,
      )
      .sort((a, b) =>
        a.rateDate === b.rateDate ? b.seq - a.seq : a.rateDate < b.rateDate ? 1 : -1,
      )[0] ?? null;
  return best(from, to) ?? best(to, from);
}

describe('money invariants under random and concurrent use', () => {
  let t: TestApp;
  let admin: TestUser;
  let caseWorker: TestUser;
  let work: MoneyWork;
  let incidentId: string;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '1000000' });
    admin = await createUser(t, Role.Admin);
    caseWorker = await createUser(t, Role.CaseWorker);
    work = new MoneyWork(t, admin, caseWorker, await createUser(t, Role.Admin));
    // Early enough for every run's stretch: a payment may not be dated before its incident.
    incidentId = await work.incident('2010-01-01T00:00:00Z');
  });
  afterAll(() => t.close());

  it('never lets net payments pass their cap, converts exactly, and keeps the person’s totals equal to the ledgers', async () => {
    const programme = await work.programme(incidentId, {
      payer: 'carrier_insurer',
      currency: 'XDR',
    });
    // What the runs met, so the property cannot pass by never reaching the interesting cases.
    const seen = new Map<string, number>();
    const note = (what: string) => seen.set(what, (seen.get(what) ?? 0) + 1);
    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { minLength: 1, maxLength: 12 }), async (actions) => {
        const start = runStart();
        const person = await work.person(incidentId);
        const claims: ClaimView[] = [];
        for (const claimed of ['1000.00', '1500.00']) {
          const c = await work.claim({
            claimantId: await work.claimant(person),
            programmeId: programme,
            amountClaimed: { amount: claimed, currency: 'XDR' },
          });
          claims.push(await work.underReview(c));
        }
        const model = claims.map((c, i) => ({
          claimed: i === 0 ? '1000.00' : '1500.00',
          approved: null as string | null,
          net: new Exact(0),
        }));
        const rates: ModelRate[] = [];
        const payments: { id: string; claim: number; claimAmount: string; reversed: boolean }[] =
          [];

        for (const action of actions) {
          if (action.kind === 'rate') {
            const rate = action.inverse
              ? new Exact(action.units).dividedBy(1000).toFixed() // XDR/RUB, up to ~1000
              : new Exact(action.units).dividedBy(10_000_000).toFixed(); // RUB/XDR, small
            const [base, quote] = action.inverse ? ['XDR', 'RUB'] : ['RUB', 'XDR'];
            const rateDate = day(start, action.day);
            await work.rate(base, quote, rate, rateDate);
            rates.push({ base, quote, rate, rateDate, seq: rates.length });
          } else if (action.kind === 'pay') {
            const target = model[action.claim]!;
            const currency = action.rub ? 'RUB' : 'XDR';
            const amount = action.rub
              ? cents(action.cents)
              : cents(Math.min(action.cents, 200_000));
            const onDate = day(start, action.day);
            const res = await work.pay(
              claims[action.claim]!.id,
              'advance',
              { amount, currency },
              `${onDate}T12:00:00Z`,
            );
            let expected: { status: number; code?: string; claimAmount?: string };
            const rate = action.rub ? modelRate(rates, 'RUB', 'XDR', onDate) : null;
            if (action.rub && !rate) expected = { status: 422, code: 'EXCHANGE_RATE_MISSING' };
            else {
              const value = !rate
                ? new Exact(amount)
                : rate.base === 'RUB'
                  ? new Exact(amount).times(rate.rate)
                  : new Exact(amount).dividedBy(rate.rate);
              const claimAmount = value.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);
              const cap = target.approved ?? target.claimed;
              if (claimAmount.isZero())
                expected = { status: 422, code: 'CONVERTED_AMOUNT_OUT_OF_RANGE' };
              else if (target.net.plus(claimAmount).greaterThan(cap))
                expected = {
                  status: 422,
                  code: target.approved ? 'PAYMENT_EXCEEDS_APPROVED' : 'PAYMENT_EXCEEDS_CLAIMED',
                };
              else expected = { status: 201, claimAmount: claimAmount.toFixed(2) };
            }
            expect({
              status: res.status,
              code: res.body.code,
              claimAmount: res.body.claimAmount?.amount,
            }).toEqual(expected);
            note(`pay ${currency} ${res.status} ${res.body.code ?? ''}`.trim());
            if (res.status === 201) {
              const body = res.body as PaymentView;
              target.net = target.net.plus(body.claimAmount.amount);
              payments.push({
                id: body.id,
                claim: action.claim,
                claimAmount: body.claimAmount.amount,
                reversed: false,
              });
            }
          } else if (action.kind === 'reverse') {
            const payment = payments[action.index % Math.max(payments.length, 1)];
            if (!payment) continue;
            const res = await work.reverse(payment.id);
            note(`reverse ${res.status}`);
            expect(res.status).toBe(payment.reversed ? 409 : 201);
            if (!payment.reversed) {
              payment.reversed = true;
              model[payment.claim]!.net = model[payment.claim]!.net.minus(payment.claimAmount);
            }
          } else {
            const target = model[action.claim]!;
            if (target.approved) continue;
            let c = await work.claimNow(claims[action.claim]!.id);
            if (c.status === 'under_review') c = await work.assess(c, cents(action.cents));
            const amount = cents(action.cents);
            const res = await work.approve(c, {
              amount: { amount, currency: 'XDR' },
              reason: 'Property test approval',
            });
            note(`approve ${res.status}`);
            if (target.net.greaterThan(amount)) {
              expect([res.status, res.body.code]).toEqual([422, 'APPROVED_BELOW_PAID']);
            } else {
              expect(res.status).toBe(200);
              target.approved = amount;
            }
          }
        }

        // The ledgers, summed in SQL from the rows, against the caps and the service's own totals.
        let ledgerTotal = new Exact(0);
        for (const [i, c] of claims.entries()) {
          const ledger = await work.ledger(c.id);
          expect(ledger.net).toBe(model[i]!.net.toFixed(2));
          const cap = model[i]!.approved ?? model[i]!.claimed;
          expect(new Exact(ledger.net).lessThanOrEqualTo(cap)).toBe(true);
          expect((await work.claimNow(c.id)).paid).toBe(ledger.net);
          ledgerTotal = ledgerTotal.plus(ledger.net);
        }
        const position = await expectStatus<{
          programmes: { programmeId: string; paid: string }[];
        }>('position', t.http().get(`${API}/persons/${person}/compensation`).set(admin.auth), 200);
        expect(position.programmes.find((p) => p.programmeId === programme)!.paid).toBe(
          ledgerTotal.toFixed(2),
        );
      }),
      { numRuns: 40, seed: 20_251_009 },
    );
    for (const outcome of [
      'pay RUB 201',
      'pay XDR 201',
      'pay RUB 422 EXCHANGE_RATE_MISSING',
      'pay XDR 422 PAYMENT_EXCEEDS_CLAIMED',
      'approve 200',
      'reverse 201',
    ]) {
      expect([outcome, seen.get(outcome) ?? 0]).not.toEqual([outcome, 0]);
    }
  }, 300_000);

  it('never lets 20 parallel approvals and payments for one person pass the programme amount', async () => {
    const programme = await work.programme(incidentId, {
      payer: 'airline_ex_gratia',
      currency: 'AZN',
      amountPerDeceased: '40000.00',
    });
    const person = await work.person(incidentId);
    const assessed: ClaimView[] = [];
    for (let i = 0; i < 12; i++) {
      const c = await work.claim({
        claimantId: await work.claimant(person),
        programmeId: programme,
        amountClaimed: { amount: '5000.00', currency: 'AZN' },
      });
      assessed.push(await work.assessed(c, '5000.00'));
    }
    const results = await Promise.all([
      ...assessed.map((c) => work.approve(c).then((r) => ({ what: 'approve', r }))),
      ...assessed
        .slice(0, 8)
        .map((c) =>
          work
            .pay(c.id, 'advance', { amount: '5000.00', currency: 'AZN' })
            .then((r) => ({ what: 'pay', r })),
        ),
    ]);
    expect(results).toHaveLength(20);
    const approvals = results.filter((x) => x.what === 'approve');
    expect(approvals.filter((x) => x.r.status === 200)).toHaveLength(8);
    for (const x of approvals.filter((a) => a.r.status !== 200)) {
      expect([x.r.status, x.r.body.code]).toEqual([422, 'PROGRAMME_AMOUNT_EXCEEDED']);
    }
    for (const x of results.filter((a) => a.what === 'pay')) expect(x.r.status).toBe(201);
    const [row] = await queryRows(
      t.ds,
      sql(`SELECT SUM(amount_approved)::text AS approved FROM claims WHERE person_id = :person`, {
        person,
      }),
    );
    expect(row.approved).toBe('40000.00');
    for (const c of assessed) {
      const now = await work.claimNow(c.id);
      const cap = now.amountApproved?.amount ?? '5000.00';
      expect(new Exact(now.paid).lessThanOrEqualTo(cap)).toBe(true);
    }
  }, 120_000);
});
