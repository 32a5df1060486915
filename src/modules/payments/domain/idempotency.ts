import { createHash } from 'node:crypto';

import canonicalize from 'canonicalize';

import { formatAmount } from '../../../common/money/money';
import { PaymentErrorCode, PaymentRuleError } from './payment-errors';
import { PaymentKind, PaymentMethod } from './payment-kind';

/** Visible ASCII, 8 to 100 characters (the column holds 100): a UUID fits. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{8,100}$/;

/** The Idempotency-Key header's value: 400 when absent or malformed. */
export function parseIdempotencyKey(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') {
    throw new PaymentRuleError(
      PaymentErrorCode.IdempotencyKeyRequired,
      'Recording a payment needs an Idempotency-Key header (for example a fresh UUID)',
      'Idempotency-Key',
    );
  }
  if (!IDEMPOTENCY_KEY_PATTERN.test(value)) {
    throw new PaymentRuleError(
      PaymentErrorCode.IdempotencyKeyMalformed,
      'Idempotency-Key must be 8 to 100 visible ASCII characters',
      'Idempotency-Key',
    );
  }
  return value;
}

export interface PaymentRequestBody {
  claimId: string;
  kind: PaymentKind;
  amount: { amount: string; currency: string };
  method: PaymentMethod;
  reference?: string | null;
  paidAt?: string | null;
}

/**
 * sha256 of the request in RFC 8785 canonical form, with the amount and date normalised, so a
 * replay is recognised however its JSON was spelled ("0.1" and "0.10" are the same amount) and
 * any difference in meaning, the claim included, is not.
 */
export function paymentRequestHash(body: PaymentRequestBody): string {
  const canonical = canonicalize({
    claimId: body.claimId.toLowerCase(),
    kind: body.kind,
    amount: formatAmount(body.amount.amount),
    currency: body.amount.currency,
    method: body.method,
    reference: body.reference ?? null,
    paidAt: body.paidAt ? new Date(body.paidAt).toISOString() : null,
  });
  if (canonical === undefined) throw new Error('Payment request cannot be canonicalised');
  return createHash('sha256').update(canonical).digest('hex');
}
