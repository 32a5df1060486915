import { DomainError } from '../../../common/errors/domain-error';

/** Every way the payments ledger can refuse a request. */
export enum PaymentErrorCode {
  IdempotencyKeyRequired = 'IDEMPOTENCY_KEY_REQUIRED',
  IdempotencyKeyMalformed = 'IDEMPOTENCY_KEY_MALFORMED',
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  IdempotencyKeyInFlight = 'IDEMPOTENCY_KEY_IN_FLIGHT',
  NotAllowedInStatus = 'PAYMENT_NOT_ALLOWED_IN_STATUS',
  ClaimNotPayable = 'CLAIM_NOT_PAYABLE',
  ExceedsApproved = 'PAYMENT_EXCEEDS_APPROVED',
  ExceedsClaimed = 'PAYMENT_EXCEEDS_CLAIMED',
  NoAmountToPayAgainst = 'PAYMENT_AMOUNT_UNKNOWN',
  AlreadyReversed = 'PAYMENT_ALREADY_REVERSED',
  ReversalNotReversible = 'PAYMENT_REVERSAL_NOT_REVERSIBLE',
}

/** HTTP status per code. A Record, so adding a code without a status fails to compile. */
export const PAYMENT_ERROR_STATUS: Record<PaymentErrorCode, number> = {
  [PaymentErrorCode.IdempotencyKeyRequired]: 400,
  [PaymentErrorCode.IdempotencyKeyMalformed]: 400,
  // The key already names a different request.
  [PaymentErrorCode.IdempotencyKeyReused]: 422,
  // The first request with this key has not finished: retry shortly.
  [PaymentErrorCode.IdempotencyKeyInFlight]: 409,
  // The claim's state does not admit this kind of payment.
  [PaymentErrorCode.NotAllowedInStatus]: 409,
  // Closed, withdrawn or rejected: the claim's ledger is closed.
  [PaymentErrorCode.ClaimNotPayable]: 409,
  [PaymentErrorCode.ExceedsApproved]: 422,
  [PaymentErrorCode.ExceedsClaimed]: 422,
  [PaymentErrorCode.NoAmountToPayAgainst]: 422,
  // A payment is reversed at most once; a reversal is final.
  [PaymentErrorCode.AlreadyReversed]: 409,
  [PaymentErrorCode.ReversalNotReversible]: 409,
};

export class PaymentRuleError extends DomainError {
  declare readonly code: PaymentErrorCode;

  constructor(code: PaymentErrorCode, message: string, field?: string) {
    super(code, PAYMENT_ERROR_STATUS[code], message, field ? [{ field, message }] : undefined);
    this.name = 'PaymentRuleError';
  }
}
