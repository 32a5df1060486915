import { PersonErrorCode, PersonRuleError } from './person-errors';
import { PersonOutcome } from './person-kinds';

/** What is on file for a person that only one outcome allows (see outcomeConflicts in SQL). */
export interface OutcomeDependants {
  /** References of the claims (not withdrawn) whose type presupposes the current outcome. */
  claimReferences: string[];
  /** Claimants that only the current outcome allows: heirs of a death, or the survivor themself. */
  claimants: number;
}

/**
 * A correction of a person's outcome is refused while records that presuppose the current one
 * stand: death and funeral-expenses claims, or heirs' shares, for a person who died; injury
 * claims, or the survivor's own claimant (`self`), for one who survived. Withdrawn claims do
 * not count; a rejected one may still be appealed, and a closed one was paid, so both do.
 */
export function assertOutcomeChangeAllowed(to: PersonOutcome, dependants: OutcomeDependants): void {
  const { claimReferences, claimants } = dependants;
  if (claimReferences.length === 0 && claimants === 0) return;
  const what = [
    claimReferences.length > 0
      ? `${claimReferences.length} claim(s) that presuppose the current outcome (${claimReferences.slice(0, 5).join(', ')}${claimReferences.length > 5 ? ', ...' : ''})`
      : null,
    claimants > 0
      ? `${claimants} claimant(s) recorded as ${to === PersonOutcome.Survived ? 'heirs with a share' : 'the survivor themself'}`
      : null,
  ]
    .filter(Boolean)
    .join(' and ');
  throw new PersonRuleError(
    PersonErrorCode.OutcomeConflict,
    `The outcome cannot become ${to} while the person has ${what}; withdraw or correct them first`,
  );
}
