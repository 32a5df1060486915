import { parseIdempotencyKey, PaymentRequestBody, paymentRequestHash } from './idempotency';
import { PaymentErrorCode, PaymentRuleError } from './payment-errors';
import { PaymentKind, PaymentMethod } from './payment-kind';

function code(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    return (error as PaymentRuleError).code;
  }
}

describe('parseIdempotencyKey', () => {
  it.each(['0b6f7c1e-9d1a-4a43-8f5e-5a1f0a3f2a11', 'payment-2025-03-01-0001', 'x'.repeat(100)])(
    'accepts %s',
    (key) => {
      expect(parseIdempotencyKey(key)).toBe(key);
    },
  );

  it.each([undefined, '', '   '])('requires a key (%j)', (key) => {
    expect(code(() => parseIdempotencyKey(key))).toBe(PaymentErrorCode.IdempotencyKeyRequired);
  });

  it.each(['short', 'x'.repeat(101), 'has space in it', 'tab\there-123', 'ключ-платежа-1'])(
    'refuses the malformed %j',
    (key) => {
      expect(code(() => parseIdempotencyKey(key))).toBe(PaymentErrorCode.IdempotencyKeyMalformed);
    },
  );

  it('takes the first of repeated headers', () => {
    expect(parseIdempotencyKey(['first-key-1', 'second-key-2'])).toBe('first-key-1');
  });
});

describe('paymentRequestHash', () => {
  const base: PaymentRequestBody = {
    claimId: '6d1f3c1a-0000-4000-8000-000000000001',
    kind: PaymentKind.Advance,
    amount: { amount: '100.00', currency: 'AZN' },
    method: PaymentMethod.BankTransfer,
    reference: 'TRF-1',
    paidAt: '2025-03-01T10:00:00Z',
  };
  const hash = (overrides: Partial<PaymentRequestBody>) =>
    paymentRequestHash({ ...base, ...overrides });

  it('is a sha256 hex digest', () => {
    expect(hash({})).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores spelling that does not change the meaning', () => {
    expect(hash({ amount: { amount: '100', currency: 'AZN' } })).toBe(hash({}));
    expect(hash({ amount: { amount: '100.0', currency: 'AZN' } })).toBe(hash({}));
    expect(hash({ paidAt: '2025-03-01T10:00:00.000Z' })).toBe(hash({}));
    expect(hash({ paidAt: '2025-03-01T14:00:00+04:00' })).toBe(hash({}));
    expect(hash({ claimId: base.claimId.toUpperCase() })).toBe(hash({}));
    expect(hash({ reference: undefined })).toBe(hash({ reference: null }));
  });

  it.each<[string, Partial<PaymentRequestBody>]>([
    ['claim', { claimId: '6d1f3c1a-0000-4000-8000-000000000002' }],
    ['kind', { kind: PaymentKind.Award }],
    ['amount', { amount: { amount: '100.01', currency: 'AZN' } }],
    ['currency', { amount: { amount: '100.00', currency: 'EUR' } }],
    ['method', { method: PaymentMethod.Cash }],
    ['reference', { reference: 'TRF-2' }],
    ['no reference', { reference: undefined }],
    ['paidAt', { paidAt: '2025-03-02T10:00:00Z' }],
    ['no paidAt', { paidAt: undefined }],
  ])('changes with the %s', (_, overrides) => {
    expect(hash(overrides)).not.toBe(hash({}));
  });
});
