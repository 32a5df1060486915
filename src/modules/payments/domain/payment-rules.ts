import { compareAmounts, dec, formatAmount } from '../../../common/money/money';
import { ClaimStatus } from '../../claims/domain/claim-status';
import { PaymentErrorCode, PaymentRuleError } from './payment-errors';
import { PaymentKind } from './payment-kind';

const S = ClaimStatus;

/** Advances: from submission until the offer is accepted (DESIGN section 3). */
export const ADVANCE_STATUSES: readonly ClaimStatus[] = [
  S.Submitted,
  S.UnderReview,
  S.InformationRequested,
  S.Assessed,
  S.Approved,
  S.OfferAccepted,
];

/** Awards: only once the claimant has accepted the offer. */
export const AWARD_STATUSES: readonly ClaimStatus[] = [S.OfferAccepted];

/** States in which amountApproved is the claim's decided amount. */
export const APPROVED_STATUSES: readonly ClaimStatus[] = [S.Approved, S.OfferAccepted];

export function statusesAllowing(kind: PaymentKind): readonly ClaimStatus[] {
  switch (kind) {
    case PaymentKind.Advance:
      return ADVANCE_STATUSES;
    case PaymentKind.Award:
      return AWARD_STATUSES;
  }
}

export interface ClaimForPayment {
  status: ClaimStatus;
  currency: string;
  amountClaimed: string | null;
  amountApproved: string | null;
}

export interface PaymentCap {
  /** The most the non-reversed payments may total, or null when nothing sets it. */
  limit: string | null;
  basis: 'approved' | 'claimed';
}

/**
 * Once approved, the approved amount caps everything paid; before that, advances are capped
 * by the amount claimed (an advance can never be more than was asked for). Advances and
 * awards share one cap, so advances are offset against the award.
 */
export function paymentCap(claim: ClaimForPayment): PaymentCap {
  return APPROVED_STATUSES.includes(claim.status)
    ? { limit: claim.amountApproved, basis: 'approved' }
    : { limit: claim.amountClaimed, basis: 'claimed' };
}

export interface PaymentRequest {
  kind: PaymentKind;
  amount: string;
  currency: string;
}

/**
 * Refuses a payment the ledger must not hold. `paid` is the total of non-reversed payments
 * already on the claim, read while the claim row is locked.
 */
export function checkPayment(claim: ClaimForPayment, request: PaymentRequest, paid: string): void {
  if (!statusesAllowing(request.kind).includes(claim.status)) {
    throw new PaymentRuleError(
      PaymentErrorCode.NotAllowedInStatus,
      request.kind === PaymentKind.Award
        ? `An award is paid only once the offer is accepted; the claim is ${claim.status}`
        : `An advance is paid only between submission and the accepted offer; the claim is ${claim.status}`,
    );
  }
  if (request.currency !== claim.currency) {
    throw new PaymentRuleError(
      PaymentErrorCode.CurrencyMismatch,
      `The claim is paid in ${claim.currency}, not ${request.currency}`,
      'amount.currency',
    );
  }
  const cap = paymentCap(claim);
  if (cap.limit === null) {
    throw new PaymentRuleError(
      PaymentErrorCode.NoAmountToPayAgainst,
      `The claim has no ${cap.basis} amount to pay against`,
    );
  }
  const total = formatAmount(dec(paid).plus(request.amount));
  if (compareAmounts(total, cap.limit) > 0) {
    const left = dec(cap.limit).minus(paid);
    const room = formatAmount(left.isNegative() ? '0' : left);
    throw new PaymentRuleError(
      cap.basis === 'approved' ? PaymentErrorCode.ExceedsApproved : PaymentErrorCode.ExceedsClaimed,
      `Payments would total ${total} ${claim.currency}, over the ${cap.basis} ${formatAmount(cap.limit)}; at most ${room} can still be paid`,
      'amount.amount',
    );
  }
}
