import { DomainError } from '../../../common/errors/domain-error';

export enum ExchangeRateErrorCode {
  /** No rate for the pair (or its inverse) on the date or within the days before it. */
  Missing = 'EXCHANGE_RATE_MISSING',
  /** The converted amount does not fit a money amount (zero after rounding, or too large). */
  ConversionOutOfRange = 'CONVERTED_AMOUNT_OUT_OF_RANGE',
}

export const EXCHANGE_RATE_ERROR_STATUS: Record<ExchangeRateErrorCode, number> = {
  [ExchangeRateErrorCode.Missing]: 422,
  [ExchangeRateErrorCode.ConversionOutOfRange]: 422,
};

export class ExchangeRateError extends DomainError {
  declare readonly code: ExchangeRateErrorCode;

  constructor(code: ExchangeRateErrorCode, message: string, field?: string) {
    super(
      code,
      EXCHANGE_RATE_ERROR_STATUS[code],
      message,
      field ? [{ field, message }] : undefined,
    );
    this.name = 'ExchangeRateError';
  }
}
