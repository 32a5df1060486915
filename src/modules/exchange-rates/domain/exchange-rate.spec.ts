import Decimal from 'decimal.js';
import fc from 'fast-check';

import {
  AppliedRate,
  convertAmount,
  convertPayment,
  isValidRate,
  pickRate,
  RecordedRate,
} from './exchange-rate';
import { ExchangeRateError, ExchangeRateErrorCode } from './exchange-rate-errors';

let n = 0;
function rate(
  base: string,
  quote: string,
  value: string,
  rateDate: string,
  createdAt = '2026-01-01T00:00:00Z',
): RecordedRate {
  n += 1;
  return {
    id: `rate-${n}`,
    base,
    quote,
    rate: value,
    rateDate,
    source: 'test',
    createdAt: new Date(createdAt),
  };
}

describe('pickRate', () => {
  it('takes the rate of the payment date', () => {
    const onDay = rate('RUB', 'XDR', '0.0082', '2025-06-30');
    const before = rate('RUB', 'XDR', '0.0081', '2025-06-29');
    expect(pickRate([before, onDay], 'RUB', 'XDR', '2025-06-30')).toBe(onDay);
  });

  it('falls back to the latest earlier rate within 7 days, not beyond', () => {
    const sixDays = rate('RUB', 'XDR', '0.0081', '2025-06-24');
    const sevenDays = rate('RUB', 'XDR', '0.0080', '2025-06-23');
    const eightDays = rate('RUB', 'XDR', '0.0079', '2025-06-22');
    expect(pickRate([sevenDays, sixDays], 'RUB', 'XDR', '2025-06-30')).toBe(sixDays);
    expect(pickRate([sevenDays], 'RUB', 'XDR', '2025-06-30')).toBe(sevenDays);
    expect(pickRate([eightDays], 'RUB', 'XDR', '2025-06-30')).toBeNull();
  });

  it('never uses a rate dated after the payment', () => {
    expect(
      pickRate([rate('RUB', 'XDR', '0.0082', '2025-07-01')], 'RUB', 'XDR', '2025-06-30'),
    ).toBeNull();
  });

  it('lets the newest correction of a date win', () => {
    const first = rate('RUB', 'XDR', '0.0082', '2025-06-30', '2025-06-30T10:00:00Z');
    const corrected = rate('RUB', 'XDR', '0.0083', '2025-06-30', '2025-07-02T09:00:00Z');
    expect(pickRate([corrected, first], 'RUB', 'XDR', '2025-06-30')).toBe(corrected);
  });

  it('uses the inverse pair only when the pair itself has no rate in the window', () => {
    const inverse = rate('XDR', 'RUB', '121.50', '2025-06-30');
    const direct = rate('RUB', 'XDR', '0.0082', '2025-06-25');
    expect(pickRate([inverse, direct], 'RUB', 'XDR', '2025-06-30')).toBe(direct);
    expect(pickRate([inverse], 'RUB', 'XDR', '2025-06-30')).toBe(inverse);
  });

  it('ignores other pairs', () => {
    expect(
      pickRate([rate('USD', 'XDR', '0.74', '2025-06-30')], 'RUB', 'XDR', '2025-06-30'),
    ).toBeNull();
  });
});

describe('convertAmount', () => {
  const applied = (base: string, quote: string, value: string): AppliedRate => ({
    id: 'r',
    base,
    quote,
    rate: value,
    rateDate: '2025-06-30',
    source: 'test',
  });

  it('multiplies by a direct rate and divides by an inverse one', () => {
    expect(convertAmount('1000000.00', 'RUB', 'XDR', applied('RUB', 'XDR', '0.0082'))).toBe(
      '8200.00',
    );
    expect(convertAmount('1000000.00', 'RUB', 'XDR', applied('XDR', 'RUB', '121.5'))).toBe(
      '8230.45',
    );
  });

  it('rounds half to even at the cent', () => {
    expect(convertAmount('1.00', 'AZN', 'USD', applied('AZN', 'USD', '0.125'))).toBe('0.12');
    expect(convertAmount('1.00', 'AZN', 'USD', applied('AZN', 'USD', '0.135'))).toBe('0.14');
    expect(convertAmount('1.00', 'AZN', 'USD', applied('AZN', 'USD', '0.1251'))).toBe('0.13');
  });

  it('refuses a payment that rounds to nothing or overflows', () => {
    expect(convertAmount('0.01', 'KZT', 'XDR', applied('KZT', 'XDR', '0.0014'))).toBe('0.00');
    const tooSmall = () => convertPayment('0.01', 'KZT', 'XDR', applied('KZT', 'XDR', '0.0014'));
    expect(tooSmall).toThrow(ExchangeRateError);
    const tooLarge = () =>
      convertPayment('9999999999999.00', 'XDR', 'KZT', applied('XDR', 'KZT', '700'));
    try {
      tooLarge();
      throw new Error('expected a refusal');
    } catch (err) {
      expect((err as ExchangeRateError).code).toBe(ExchangeRateErrorCode.ConversionOutOfRange);
    }
  });

  it('equals exact rational arithmetic rounded half-even, for any amount and rate', () => {
    const Exact = Decimal.clone({ precision: 200 });
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 99_999_999_999n }),
        fc.bigInt({ min: 1n, max: 9_999_999_999_999n }),
        fc.boolean(),
        (amountCents, rateUnits, inverse) => {
          const amount = new Exact(amountCents.toString()).dividedBy(100).toFixed(2);
          const rateText = new Exact(rateUnits.toString()).dividedBy(1e10).toFixed();
          const r = inverse ? applied('XDR', 'RUB', rateText) : applied('RUB', 'XDR', rateText);
          const exact = inverse
            ? new Exact(amount).dividedBy(rateText)
            : new Exact(amount).times(rateText);
          const expected = exact.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2);
          let got: string | null;
          try {
            got = convertPayment(amount, 'RUB', 'XDR', r);
          } catch (err) {
            expect(err).toBeInstanceOf(ExchangeRateError);
            got = null;
          }
          if (got !== null) expect(got).toBe(expected);
          else expect(new Exact(expected).isZero() || expected.length > 16).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('isValidRate', () => {
  it.each([
    ['121.4567', true],
    ['0.0000000001', true],
    ['999999999999.9999999999', true],
    ['0', false],
    ['0.00000000001', false],
    ['1e3', false],
    ['-1', false],
    ['1234567890123', false],
  ])('%s → %s', (value, valid) => {
    expect(isValidRate(value)).toBe(valid);
  });
});
