import Decimal from 'decimal.js';

import { AMOUNT_PATTERN, dec } from '../../../common/money/money';
import { ExchangeRateError, ExchangeRateErrorCode } from './exchange-rate-errors';

/**
 * Currency conversion (docs/money.md) as pure code. A rate says 1 `base` = `rate`
 * `quote` on `rateDate`. A payment in another currency than its claim's is converted at the
 * rate for (paid currency, claim currency) on the payment date, or the latest earlier one at
 * most RATE_LOOKBACK_DAYS before it; only when that pair has none is the inverse pair used
 * (dividing by its rate). Results round half-even to two decimals; no float anywhere.
 */

export const RATE_LOOKBACK_DAYS = 7;

/** A positive decimal with at most 12 integer and 10 fraction digits. */
export const RATE_PATTERN = /^(?:0|[1-9]\d{0,11})(?:\.\d{1,10})?$/;

export function isValidRate(value: string): boolean {
  return RATE_PATTERN.test(value) && dec(value).greaterThan(0);
}

export interface RecordedRate {
  id: string;
  base: string;
  quote: string;
  rate: string;
  /** ISO date, YYYY-MM-DD. */
  rateDate: string;
  source: string;
  createdAt: Date;
}

/** The rate a conversion used, as a payment stores and returns it. */
export interface AppliedRate {
  id: string;
  base: string;
  quote: string;
  rate: string;
  rateDate: string;
  source: string;
}

export function appliedRate(r: RecordedRate): AppliedRate {
  return {
    id: r.id,
    base: r.base,
    quote: r.quote,
    rate: formatRate(r.rate),
    rateDate: r.rateDate,
    source: r.source,
  };
}

/** Canonical text of a rate: no trailing zeros beyond the last significant fraction digit. */
export function formatRate(rate: string): string {
  return dec(rate).toFixed();
}

/** `date` minus `days` calendar days, both ISO dates. */
export function daysBefore(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/** The UTC calendar date of an instant. */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * Picks the rate converting `from` into `to` on `onDate` among `candidates` (any rows of either
 * pair; others are ignored): the direct pair's latest date within the window, the newest
 * correction of that date winning; else the inverse pair's, likewise; else null.
 */
export function pickRate(
  candidates: readonly RecordedRate[],
  from: string,
  to: string,
  onDate: string,
): RecordedRate | null {
  const earliest = daysBefore(onDate, RATE_LOOKBACK_DAYS);
  const best = (base: string, quote: string) =>
    candidates
      .filter(
        (r) =>
          r.base === base && r.quote === quote && r.rateDate <= onDate && r.rateDate >= earliest,
      )
      .reduce<RecordedRate | null>((winner, r) => {
        if (!winner) return r;
        if (r.rateDate !== winner.rateDate) return r.rateDate > winner.rateDate ? r : winner;
        return r.createdAt.getTime() > winner.createdAt.getTime() ? r : winner;
      }, null);
  return best(from, to) ?? best(to, from);
}

/** `amount` in `from` converted into `to` with `rate` (either direction), half-even to the cent. */
export function convertAmount(amount: string, from: string, to: string, rate: AppliedRate): string {
  let value: Decimal;
  if (rate.base === from && rate.quote === to) value = dec(amount).times(rate.rate);
  else if (rate.base === to && rate.quote === from) value = dec(amount).dividedBy(rate.rate);
  else throw new Error(`A ${rate.base}/${rate.quote} rate cannot convert ${from} into ${to}`);
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2);
}

/** A payment's value in the claim's currency: converted, and still a positive money amount. */
export function convertPayment(
  amount: string,
  from: string,
  to: string,
  rate: AppliedRate,
): string {
  const converted = convertAmount(amount, from, to, rate);
  if (!AMOUNT_PATTERN.test(converted) || dec(converted).isZero()) {
    throw new ExchangeRateError(
      ExchangeRateErrorCode.ConversionOutOfRange,
      `${amount} ${from} converts to ${converted} ${to}, which is not a payable amount`,
      'amount.amount',
    );
  }
  return converted;
}

export function missingRate(from: string, to: string, onDate: string): ExchangeRateError {
  return new ExchangeRateError(
    ExchangeRateErrorCode.Missing,
    `No ${from}/${to} exchange rate (nor ${to}/${from}) is recorded for ${onDate} or the ` +
      `${RATE_LOOKBACK_DAYS} days before it; record one with POST /exchange-rates`,
  );
}
