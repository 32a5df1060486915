import { DomainError } from '../../../common/errors/domain-error';

/** An information request's due date (docs/api.md#the-claim-lifecycle, second release). */

export const DEFAULT_DUE_DAYS = 60;
export const MAX_DUE_DAYS = 180;

export enum InformationRequestErrorCode {
  DueDateNotAccepted = 'DUE_DATE_NOT_ACCEPTED',
  DueDateOutOfRange = 'DUE_DATE_OUT_OF_RANGE',
}

export const INFORMATION_REQUEST_ERROR_STATUS: Record<InformationRequestErrorCode, number> = {
  // A due date sent with a transition that sets none: malformed input, never silently dropped.
  [InformationRequestErrorCode.DueDateNotAccepted]: 400,
  [InformationRequestErrorCode.DueDateOutOfRange]: 422,
};

export class InformationRequestRuleError extends DomainError {
  declare readonly code: InformationRequestErrorCode;

  constructor(code: InformationRequestErrorCode, message: string) {
    super(code, INFORMATION_REQUEST_ERROR_STATUS[code], message, [{ field: 'dueDate', message }]);
    this.name = 'InformationRequestRuleError';
  }
}

const DAY_MS = 86_400_000;

function utcDate(at: Date): number {
  return Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The due date of a request made at `requestedAt`: the one asked for, or 60 days on. It must
 * fall after the request's (UTC) day and at most 180 days after it.
 */
export function informationDueDate(requestedAt: Date, requested?: string): string {
  const today = utcDate(requestedAt);
  if (requested === undefined) return isoDate(today + DEFAULT_DUE_DAYS * DAY_MS);
  const due = Date.parse(`${requested}T00:00:00Z`);
  if (Number.isNaN(due) || due <= today || due > today + MAX_DUE_DAYS * DAY_MS) {
    throw new InformationRequestRuleError(
      InformationRequestErrorCode.DueDateOutOfRange,
      `dueDate must be after ${isoDate(today)} and at most ${MAX_DUE_DAYS} days after it ` +
        `(${isoDate(today + MAX_DUE_DAYS * DAY_MS)})`,
    );
  }
  return requested;
}

export function refuseDueDate(): never {
  throw new InformationRequestRuleError(
    InformationRequestErrorCode.DueDateNotAccepted,
    'A due date is accepted only when moving to information_requested',
  );
}
