import { dec } from '../../../common/money/money';
import { PersonOutcome } from '../../persons/domain/person-kinds';
import { ClaimantErrorCode, ClaimantRuleError } from './claimant-errors';
import { Relationship } from './relationship';

export const MAX_HEIR_SHARES = '100';

/** A share: a decimal string with at most two fraction digits, above 0 and at most 100. */
export const PERCENT_PATTERN = /^(?:100(?:\.0{1,2})?|[1-9]?\d(?:\.\d{1,2})?)$/;

export function isValidPercent(value: string): boolean {
  return PERCENT_PATTERN.test(value) && dec(value).greaterThan(0);
}

/** `self` is a survivor claiming for themself; the dead are represented by others. */
export function assertRelationshipFits(relationship: Relationship, outcome: PersonOutcome): void {
  if (relationship === Relationship.Self && outcome !== PersonOutcome.Survived) {
    throw new ClaimantRuleError(
      ClaimantErrorCode.SelfRequiresSurvivor,
      'Only a survivor can be their own claimant (relationship self)',
    );
  }
}

/**
 * Heir shares divide a deceased person's estate: only claimants of a deceased person hold one,
 * and together they never exceed 100 percent. `others` are the shares already held by the
 * person's other claimants.
 */
export function assertHeirShareFits(
  proposed: string,
  others: readonly string[],
  outcome: PersonOutcome,
): void {
  if (outcome !== PersonOutcome.Deceased) {
    throw new ClaimantRuleError(
      ClaimantErrorCode.HeirShareRequiresDeceased,
      'Heir shares apply only to claimants of a deceased person',
    );
  }
  const total = heirSharesTotal([...others, proposed]);
  if (dec(total).greaterThan(MAX_HEIR_SHARES)) {
    throw new ClaimantRuleError(
      ClaimantErrorCode.HeirSharesExceed100,
      `Heir shares of one deceased person would total ${total} percent; at most 100 are allowed`,
    );
  }
}

export function heirSharesTotal(shares: readonly string[]): string {
  return shares.reduce((sum, share) => sum.plus(share), dec(0)).toFixed(2);
}

export interface GuardianCandidate {
  id: string;
  personId: string;
  guardianClaimantId: string | null;
}

/**
 * A guardian is another claimant of the same person who is not under guardianship themself.
 * `wardsOfClaimant` counts those whose guardian the claimant already is: a guardian may not be
 * placed under guardianship. Together these keep guardianship one level deep, so no cycle forms.
 */
export function assertGuardianFits(
  claimant: { id: string | null; personId: string; wardsOfClaimant: number },
  guardian: GuardianCandidate | null,
): void {
  const refuse = (why: string) => {
    throw new ClaimantRuleError(ClaimantErrorCode.GuardianInvalid, why, [
      { field: 'guardianClaimantId', message: why },
    ]);
  };
  if (!guardian) return refuse('the guardian must be an existing claimant');
  if (guardian.id === claimant.id) return refuse('a claimant cannot be their own guardian');
  if (guardian.personId !== claimant.personId) {
    return refuse('the guardian must be a claimant of the same person on board');
  }
  if (guardian.guardianClaimantId !== null) {
    return refuse('the guardian is under guardianship themself');
  }
  if (claimant.wardsOfClaimant > 0) {
    return refuse('the claimant is the guardian of another claimant');
  }
}
