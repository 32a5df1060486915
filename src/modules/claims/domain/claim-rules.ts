import { dec } from '../../../common/money/money';
import { PersonOutcome } from '../../persons/domain/person-kinds';
import { ClaimErrorCode, ClaimRuleError } from './claim-errors';
import { ClaimStatus } from './claim-status';
import { ClaimType } from './claim-type';

/** Statuses a claim never leaves: nothing about it changes any more. */
export const TERMINAL_STATUSES: readonly ClaimStatus[] = [
  ClaimStatus.Closed,
  ClaimStatus.Withdrawn,
];

/** The transitions whose request may carry an amount (docs/api.md). */
export const AMOUNT_TARGETS: readonly ClaimStatus[] = [ClaimStatus.Assessed, ClaimStatus.Approved];

/**
 * Which outcome of the person on board a claim type presupposes: death and funeral expenses
 * follow a death, injury a survivor's injury; the other types fit either.
 */
const OUTCOME_BY_TYPE: Record<ClaimType, PersonOutcome | null> = {
  [ClaimType.Death]: PersonOutcome.Deceased,
  [ClaimType.FuneralExpenses]: PersonOutcome.Deceased,
  [ClaimType.Injury]: PersonOutcome.Survived,
  [ClaimType.Advance]: null,
  [ClaimType.Property]: null,
  [ClaimType.MedicalExpenses]: null,
};

/** The claim types that only a person with this outcome can have. */
export function claimTypesPresupposing(outcome: PersonOutcome): ClaimType[] {
  return (Object.keys(OUTCOME_BY_TYPE) as ClaimType[]).filter(
    (type) => OUTCOME_BY_TYPE[type] === outcome,
  );
}

export function assertTypeFitsOutcome(type: ClaimType, outcome: PersonOutcome): void {
  const expected = OUTCOME_BY_TYPE[type];
  if (expected !== null && expected !== outcome) {
    throw new ClaimRuleError(
      ClaimErrorCode.ClaimTypeNotApplicable,
      `A ${type} claim needs a person who ${expected === PersonOutcome.Deceased ? 'died' : 'survived'}`,
    );
  }
}

export function assertSameCurrency(field: string, sent: string, expected: string): void {
  if (sent !== expected) {
    throw new ClaimRuleError(
      ClaimErrorCode.AmountCurrencyMismatch,
      `${field} must be in the programme's currency ${expected}, not ${sent}`,
    );
  }
}

export function assertProgrammeForIncident(programmeIncidentId: string, incidentId: string): void {
  if (programmeIncidentId !== incidentId) {
    throw new ClaimRuleError(
      ClaimErrorCode.ProgrammeNotForIncident,
      'The programme does not compensate the incident of the claimant’s person on board',
    );
  }
}

/**
 * Only a draft can be edited; the assigned case worker can change until the claim ends.
 * `fields` are the claim fields the request changes, besides the assignment.
 */
export function assertEditable(
  status: ClaimStatus,
  change: { fields: readonly string[]; assignment: boolean },
): void {
  if (change.fields.length > 0 && status !== ClaimStatus.Draft) {
    throw new ClaimRuleError(
      ClaimErrorCode.ClaimNotEditable,
      `Only a draft claim can be edited (${change.fields.join(', ')}); this one is ${status}`,
    );
  }
  if (change.assignment && TERMINAL_STATUSES.includes(status)) {
    throw new ClaimRuleError(
      ClaimErrorCode.ClaimNotEditable,
      `A ${status} claim cannot be reassigned`,
    );
  }
}

/** Claim reference: `<incident code>-C-00001`; numbers past 99999 simply grow longer. */
export function claimReference(incidentCode: string, number: number): string {
  return `${incidentCode}-C-${String(number).padStart(5, '0')}`;
}

/**
 * What is still owed on an approved claim: approved less its own net payments and those of the
 * advance claims linked to it (negative would mean overpaid); null before approval.
 */
export function outstandingAmount(
  amountApproved: string | null,
  paid: string,
  advancesPaid = '0.00',
): string | null {
  return amountApproved === null
    ? null
    : dec(amountApproved).minus(paid).minus(advancesPaid).toFixed(2);
}
