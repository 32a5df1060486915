import Decimal from 'decimal.js';

/** Currencies the service accepts (ISO 4217, XDR for the IMF's special drawing right). */
export const CURRENCIES = ['AZN', 'RUB', 'KZT', 'KGS', 'USD', 'EUR', 'XDR'] as const;
export type Currency = (typeof CURRENCIES)[number];

/** A positive decimal with at most two fraction digits and at most 13 integer digits. */
export const AMOUNT_PATTERN = /^(?:0|[1-9]\d{0,12})(?:\.\d{1,2})?$/;

/** Money as it travels in JSON: amounts are decimal strings, never floats. */
export interface Money {
  amount: string;
  currency: Currency;
}

// Exact decimal arithmetic; 40 significant digits is far beyond NUMERIC(15,2).
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });

export function dec(value: string | number | Decimal): Decimal {
  return new D(value);
}

/** Canonical two-digit string, as stored in NUMERIC(15,2) and returned by the API. */
export function formatAmount(value: string | Decimal): string {
  return new D(value).toFixed(2);
}

export function sumAmounts(values: readonly string[]): string {
  return values.reduce((acc, v) => acc.plus(v), new D(0)).toFixed(2);
}

export function compareAmounts(a: string, b: string): -1 | 0 | 1 {
  return new D(a).comparedTo(b) as -1 | 0 | 1;
}

export function isPositiveAmount(value: string): boolean {
  return AMOUNT_PATTERN.test(value) && new D(value).greaterThan(0);
}
