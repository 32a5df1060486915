import { DomainError, FieldError } from '../../../common/errors/domain-error';

/**
 * A programme's life (docs/api.md#programme-status): a payer announces compensation, pledges it, opens
 * a mechanism that pays, and closes it; a pledged or open programme can be suspended and
 * resumed. Pure code: the service loads, decides, then saves.
 */
export enum ProgrammeStatus {
  Announced = 'announced',
  Pledged = 'pledged',
  Open = 'open',
  Suspended = 'suspended',
  Closed = 'closed',
}

export enum ProgrammeEventKind {
  Announcement = 'announcement',
  Pledge = 'pledge',
  Statement = 'statement',
  AmountSet = 'amount_set',
  MechanismAgreed = 'mechanism_agreed',
  Opened = 'opened',
  PaymentBatch = 'payment_batch',
  Suspended = 'suspended',
  Closed = 'closed',
  Other = 'other',
}

const S = ProgrammeStatus;

/** The status changes a programme may make; "suspended and back" resumes where it stood. */
export const PROGRAMME_STATUS_CHANGES: Readonly<
  Record<ProgrammeStatus, readonly ProgrammeStatus[]>
> = {
  [S.Announced]: [S.Pledged],
  [S.Pledged]: [S.Open, S.Suspended],
  [S.Open]: [S.Closed, S.Suspended],
  [S.Suspended]: [S.Pledged, S.Open],
  [S.Closed]: [],
};

/** The date column each status stamps when a programme enters it. */
export const STATUS_DATE = {
  [S.Announced]: 'announcedAt',
  [S.Pledged]: 'pledgedAt',
  [S.Open]: 'openedAt',
  [S.Closed]: 'closedAt',
} as const satisfies Partial<Record<ProgrammeStatus, string>>;

export type StatusDateField = (typeof STATUS_DATE)[keyof typeof STATUS_DATE];

export enum ProgrammeErrorCode {
  StatusChangeNotAllowed = 'PROGRAMME_STATUS_CHANGE_NOT_ALLOWED',
  CurrencyRequired = 'PROGRAMME_CURRENCY_REQUIRED',
  EventRequired = 'PROGRAMME_EVENT_REQUIRED',
  NotOpen = 'PROGRAMME_NOT_OPEN',
  CurrencyFixed = 'PROGRAMME_CURRENCY_FIXED',
}

export const PROGRAMME_ERROR_STATUS: Record<ProgrammeErrorCode, number> = {
  // No such change from the current status: a conflict with the programme's state.
  [ProgrammeErrorCode.StatusChangeNotAllowed]: 409,
  [ProgrammeErrorCode.CurrencyRequired]: 422,
  // Missing request input: every status change carries its public record.
  [ProgrammeErrorCode.EventRequired]: 400,
  // Assessment, approval and payment wait for an open programme.
  [ProgrammeErrorCode.NotOpen]: 409,
  // Claims were filed in the currency: it stays.
  [ProgrammeErrorCode.CurrencyFixed]: 409,
};

export class ProgrammeRuleError extends DomainError {
  declare readonly code: ProgrammeErrorCode;

  constructor(code: ProgrammeErrorCode, message: string, errors?: FieldError[]) {
    super(code, PROGRAMME_ERROR_STATUS[code], message, errors);
    this.name = 'ProgrammeRuleError';
  }
}

/** Refuses a status change the lifecycle does not have, or an open programme without a currency. */
export function assertStatusChange(
  from: ProgrammeStatus,
  to: ProgrammeStatus,
  currency: string | null,
  amountsSet = false,
): void {
  if (from !== to && !PROGRAMME_STATUS_CHANGES[from].includes(to)) {
    throw new ProgrammeRuleError(
      ProgrammeErrorCode.StatusChangeNotAllowed,
      `${/^[aeiou]/.test(from) ? 'An' : 'A'} ${from} programme cannot become ${to}` +
        (PROGRAMME_STATUS_CHANGES[from].length > 0
          ? ` (from ${from}: ${PROGRAMME_STATUS_CHANGES[from].join(', ')})`
          : ''),
    );
  }
  assertCurrencyWhenOpen(to, currency, amountsSet);
}

export function assertCurrencyWhenOpen(
  status: ProgrammeStatus,
  currency: string | null,
  amountsSet = false,
): void {
  if (status === S.Open && currency === null) {
    throw new ProgrammeRuleError(
      ProgrammeErrorCode.CurrencyRequired,
      'An open programme pays in a currency: set currency to open it',
      [{ field: 'currency', message: 'required when status is open' }],
    );
  }
  if (amountsSet && currency === null) {
    throw new ProgrammeRuleError(
      ProgrammeErrorCode.CurrencyRequired,
      'Amounts are in the programme’s currency: set currency with them',
      [{ field: 'currency', message: 'required when an amount is set' }],
    );
  }
}

/** Assessment, approval and payment happen only in an open programme. */
export function assertOpen(status: ProgrammeStatus, what: string): void {
  if (status !== S.Open) {
    throw new ProgrammeRuleError(
      ProgrammeErrorCode.NotOpen,
      `The claim's programme is ${status}: ${what} waits until it is open. Claims can still be ` +
        'filed, submitted, reviewed, asked for information and withdrawn',
    );
  }
}
