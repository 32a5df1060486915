import fc from 'fast-check';

import { compareAmounts, dec, formatAmount, sumAmounts } from '../../../common/money/money';
import { CLAIM_STATUSES, ClaimStatus } from '../../claims/domain/claim-status';
import { PaymentErrorCode, PaymentRuleError } from './payment-errors';
import { PaymentKind } from './payment-kind';
import {
  checkPayment,
  checkReversal,
  ClaimForPayment,
  NOT_PAYABLE_STATUSES,
  paymentCap,
  statusesAllowing,
} from './payment-rules';

const S = ClaimStatus;
const { Advance, Award } = PaymentKind;

function claim(overrides: Partial<ClaimForPayment> = {}): ClaimForPayment {
  return {
    status: S.Approved,
    currency: 'AZN',
    amountClaimed: '50000.00',
    amountApproved: '40000.00',
    ...overrides,
  };
}

function refusal(fn: () => void): PaymentErrorCode | null {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof PaymentRuleError) return error.code;
    throw error;
  }
}

const pay = (
  c: ClaimForPayment,
  kind: PaymentKind,
  amount: string,
  paid = '0.00',
  linkedAdvances = '0.00',
) => refusal(() => checkPayment(c, { kind, amount }, { paid, linkedAdvances }));

describe('which claim statuses admit which payments', () => {
  const advance = [
    S.Submitted,
    S.UnderReview,
    S.InformationRequested,
    S.Assessed,
    S.Approved,
    S.OfferAccepted,
  ];

  const closedLedger = [S.Closed, S.Withdrawn, S.Rejected];

  it.each(CLAIM_STATUSES.map((s) => [s]))('%s', (status) => {
    const c = claim({ status });
    const refusedAs = closedLedger.includes(status)
      ? PaymentErrorCode.ClaimNotPayable
      : PaymentErrorCode.NotAllowedInStatus;
    expect(pay(c, Advance, '1.00')).toBe(advance.includes(status) ? null : refusedAs);
    expect(pay(c, Award, '1.00')).toBe(status === S.OfferAccepted ? null : refusedAs);
  });

  it('closes the ledger of closed, withdrawn and rejected claims', () => {
    expect(NOT_PAYABLE_STATUSES).toEqual(closedLedger);
  });

  it('lists them for each kind', () => {
    expect(statusesAllowing(Advance)).toEqual(advance);
    expect(statusesAllowing(Award)).toEqual([S.OfferAccepted]);
  });
});

describe('the cap', () => {
  it.each([
    [S.Submitted, '50000.00', 'claimed'],
    [S.UnderReview, '50000.00', 'claimed'],
    [S.InformationRequested, '50000.00', 'claimed'],
    [S.Assessed, '50000.00', 'claimed'],
    [S.Approved, '40000.00', 'approved'],
    [S.OfferAccepted, '40000.00', 'approved'],
  ])('in %s is %s (%s)', (status, limit, basis) => {
    expect(paymentCap(claim({ status }))).toEqual({ limit, basis });
  });

  it('lets payments fill the approved amount exactly', () => {
    expect(pay(claim(), Advance, '40000.00')).toBeNull();
    expect(pay(claim(), Advance, '0.01', '39999.99')).toBeNull();
  });

  it('refuses a cent over the approved amount', () => {
    expect(pay(claim(), Advance, '40000.01')).toBe(PaymentErrorCode.ExceedsApproved);
    expect(pay(claim(), Advance, '0.01', '40000.00')).toBe(PaymentErrorCode.ExceedsApproved);
  });

  it('offsets advances against the award: one cap for both', () => {
    const accepted = claim({ status: S.OfferAccepted });
    expect(pay(accepted, Award, '24000.00', '16000.00')).toBeNull();
    expect(pay(accepted, Award, '24000.01', '16000.00')).toBe(PaymentErrorCode.ExceedsApproved);
  });

  it('caps advances before approval by the amount claimed', () => {
    const review = claim({ status: S.UnderReview, amountApproved: null });
    expect(pay(review, Advance, '50000.00')).toBeNull();
    expect(pay(review, Advance, '0.01', '50000.00')).toBe(PaymentErrorCode.ExceedsClaimed);
  });

  it('uses the approved amount once approved, even when more was claimed', () => {
    expect(pay(claim(), Advance, '45000.00')).toBe(PaymentErrorCode.ExceedsApproved);
  });

  it('refuses when there is no amount to pay against', () => {
    expect(pay(claim({ amountApproved: null }), Advance, '1.00')).toBe(
      PaymentErrorCode.NoAmountToPayAgainst,
    );
    expect(pay(claim({ status: S.Submitted, amountClaimed: null }), Advance, '1.00')).toBe(
      PaymentErrorCode.NoAmountToPayAgainst,
    );
  });

  it('adds decimals exactly: 0.10 + 0.20 fills 0.30, a further 0.01 is refused', () => {
    const small = claim({ amountApproved: '0.30' });
    expect(pay(small, Advance, '0.20', '0.10')).toBeNull();
    expect(pay(small, Advance, '0.01', '0.30')).toBe(PaymentErrorCode.ExceedsApproved);
  });

  it('says how much can still be paid', () => {
    expect(() =>
      checkPayment(
        claim(),
        { kind: Advance, amount: '100.00' },
        { paid: '39950.50', linkedAdvances: '0.00' },
      ),
    ).toThrow(/at most 49\.50 can still be paid/);
  });
});

describe('advance claims linked to a principal', () => {
  it('offsets their payments against the principal’s approved amount', () => {
    const accepted = claim({ status: S.OfferAccepted });
    expect(pay(accepted, Award, '25000.00', '0.00', '15000.00')).toBeNull();
    expect(pay(accepted, Award, '25000.01', '0.00', '15000.00')).toBe(
      PaymentErrorCode.ExceedsApproved,
    );
  });

  it('does not offset them before the principal is approved', () => {
    const review = claim({ status: S.UnderReview, amountApproved: null });
    expect(pay(review, Advance, '50000.00', '0.00', '15000.00')).toBeNull();
  });

  it('holds an advance within what an approved principal still owes', () => {
    const advanceClaim = claim({ status: S.UnderReview, amountApproved: null });
    const principal = {
      ...claim({ status: S.Approved, amountApproved: '40000.00' }),
      paid: '20000.00',
      linkedAdvances: '15000.00',
    };
    const request = (amount: string) => () =>
      checkPayment(
        advanceClaim,
        { kind: Advance, amount },
        { paid: '15000.00', linkedAdvances: '0.00' },
        principal,
      );
    expect(refusal(request('5000.00'))).toBeNull();
    expect(refusal(request('5000.01'))).toBe(PaymentErrorCode.ExceedsApproved);
  });
});

describe('reversals', () => {
  it.each(CLAIM_STATUSES.map((s) => [s]))('in %s', (status) => {
    const advance = refusal(() => checkReversal(status, Advance));
    const award = refusal(() => checkReversal(status, Award));
    const recovery = status === S.Withdrawn || status === S.Rejected;
    expect(advance).toBe(status === S.Closed ? PaymentErrorCode.ClaimNotPayable : null);
    expect(award).toBe(
      NOT_PAYABLE_STATUSES.includes(status) ? PaymentErrorCode.ClaimNotPayable : null,
    );
    if (advance === null) expect(checkReversal(status, Advance)).toBe(recovery);
  });
});

describe('error statuses', () => {
  it.each([
    [PaymentErrorCode.NotAllowedInStatus, 409],
    [PaymentErrorCode.ClaimNotPayable, 409],
    [PaymentErrorCode.ExceedsApproved, 422],
    [PaymentErrorCode.ExceedsClaimed, 422],
    [PaymentErrorCode.IdempotencyKeyReused, 422],
    [PaymentErrorCode.IdempotencyKeyRequired, 400],
    [PaymentErrorCode.AlreadyReversed, 409],
    [PaymentErrorCode.ReversalNotReversible, 409],
  ])('%s is %i', (code, status) => {
    expect(new PaymentRuleError(code, 'x').status).toBe(status);
  });
});

describe('property: whatever is requested, accepted payments never exceed the cap', () => {
  const cents = (n: number) => formatAmount(dec(n).dividedBy(100));

  it('holds for any sequence of advances and awards', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 3_000_000 })), {
          maxLength: 40,
        }),
        (approvedCents, requests) => {
          const c = claim({ status: S.OfferAccepted, amountApproved: cents(approvedCents) });
          const accepted: string[] = [];
          for (const [isAward, amountCents] of requests) {
            const amount = cents(amountCents);
            const paid = sumAmounts(accepted);
            const code = pay(c, isAward ? Award : Advance, amount, paid);
            const fits = compareAmounts(sumAmounts([paid, amount]), c.amountApproved!) <= 0;
            // Refused exactly when it would not fit.
            expect(code).toBe(fits ? null : PaymentErrorCode.ExceedsApproved);
            if (code === null) accepted.push(amount);
          }
          expect(compareAmounts(sumAmounts(accepted), c.amountApproved!)).toBeLessThanOrEqual(0);
        },
      ),
    );
  });
});
