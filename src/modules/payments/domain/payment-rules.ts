import { compareAmounts, dec, formatAmount } from '../../../common/money/money';
import { ClaimStatus } from '../../claims/domain/claim-status';
import { PaymentErrorCode, PaymentRuleError } from './payment-errors';
import { PaymentKind } from './payment-kind';

const S = ClaimStatus;

/** Advances: from submission until the offer is accepted (docs/api.md#payments). */
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

/**
 * States in which the ledger is closed: nothing is paid or reversed any more, except that an
 * advance paid on a claim that ended without an award (withdrawn, rejected) can be reversed
 * to record its recovery.
 */
export const NOT_PAYABLE_STATUSES: readonly ClaimStatus[] = [S.Closed, S.Withdrawn, S.Rejected];
export const RECOVERABLE_STATUSES: readonly ClaimStatus[] = [S.Withdrawn, S.Rejected];

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

/** An advance claim's principal, when the advance is linked to one. */
export interface PrincipalForPayment extends ClaimForPayment {
  /** Net payments on the principal itself. */
  paid: string;
  /** Net payments on all advance claims linked to it, the one being paid included. */
  linkedAdvances: string;
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
  /** The payment's value in the claim's currency (converted when paid in another). */
  amount: string;
}

/** What is already on the ledger, in the claim's currency, read under the claim's locks. */
export interface LedgerPosition {
  /** Net payments on the claim itself. */
  paid: string;
  /** Net payments on the advance claims linked to it (offset against its award). */
  linkedAdvances: string;
}

export function assertPayable(status: ClaimStatus): void {
  if (NOT_PAYABLE_STATUSES.includes(status)) {
    throw new PaymentRuleError(
      PaymentErrorCode.ClaimNotPayable,
      `The claim is ${status}: its ledger takes no more payments or reversals` +
        (RECOVERABLE_STATUSES.includes(status)
          ? ' (except the reversal of an advance, which records its recovery)'
          : ''),
    );
  }
}

/**
 * Refuses a payment the ledger must not hold. Once approved, the approved amount caps the
 * claim's own payments and its linked advance claims' together (advances are offset against
 * the award); before that, advances are capped by the amount claimed. An advance claim whose
 * principal is approved is also held within what the principal still owes.
 */
export function checkPayment(
  claim: ClaimForPayment,
  request: PaymentRequest,
  ledger: LedgerPosition,
  principal: PrincipalForPayment | null = null,
): void {
  assertPayable(claim.status);
  if (!statusesAllowing(request.kind).includes(claim.status)) {
    throw new PaymentRuleError(
      PaymentErrorCode.NotAllowedInStatus,
      request.kind === PaymentKind.Award
        ? `An award is paid only once the offer is accepted; the claim is ${claim.status}`
        : `An advance is paid only between submission and the accepted offer; the claim is ${claim.status}`,
    );
  }
  const cap = paymentCap(claim);
  if (cap.limit === null) {
    throw new PaymentRuleError(
      PaymentErrorCode.NoAmountToPayAgainst,
      `The claim has no ${cap.basis} amount to pay against`,
    );
  }
  const paid =
    cap.basis === 'approved' ? dec(ledger.paid).plus(ledger.linkedAdvances) : dec(ledger.paid);
  const total = formatAmount(paid.plus(request.amount));
  if (compareAmounts(total, cap.limit) > 0) {
    const left = dec(cap.limit).minus(paid);
    const room = formatAmount(left.isNegative() ? '0' : left);
    throw new PaymentRuleError(
      cap.basis === 'approved' ? PaymentErrorCode.ExceedsApproved : PaymentErrorCode.ExceedsClaimed,
      `Payments would total ${total} ${claim.currency}` +
        (cap.basis === 'approved' && !dec(ledger.linkedAdvances).isZero()
          ? ` with the linked advances`
          : '') +
        `, over the ${cap.basis} ${formatAmount(cap.limit)}; at most ${room} can still be paid`,
      'amount.amount',
    );
  }
  if (principal && APPROVED_STATUSES.includes(principal.status) && principal.amountApproved) {
    const owed = dec(principal.amountApproved)
      .minus(principal.paid)
      .minus(principal.linkedAdvances);
    if (owed.lessThan(request.amount)) {
      const room = formatAmount(owed.isNegative() ? '0' : owed);
      throw new PaymentRuleError(
        PaymentErrorCode.ExceedsApproved,
        `The principal claim is approved for ${formatAmount(principal.amountApproved)} ` +
          `${principal.currency} and at most ${room} of it is still owed; this advance would ` +
          'take the payments past it',
        'amount.amount',
      );
    }
  }
}

/**
 * Whether a payment may be reversed on a claim in `status`: never on a closed ledger, except
 * an advance on a claim that ended without an award (the reversal records its recovery).
 * Returns true for such a recovery.
 */
export function checkReversal(status: ClaimStatus, kind: PaymentKind): boolean {
  if (RECOVERABLE_STATUSES.includes(status) && kind === PaymentKind.Advance) return true;
  assertPayable(status);
  return false;
}
