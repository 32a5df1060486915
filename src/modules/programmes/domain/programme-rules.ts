import { dec } from '../../../common/money/money';
import { PersonCategory, PersonOutcome } from '../../persons/domain/person-kinds';
import { Payer } from './payer';

/**
 * Programme money rules (docs/money.md) as pure code: who a programme covers, which
 * fixed amount it pays per person, and what its liability limit is measured against.
 */

/** What the liability limit applies to: all of one person's claims together, or each claim. */
export enum LiabilityBasis {
  PerPerson = 'per_person',
  PerClaim = 'per_claim',
}

/** A carrier's liability under MC99 is per passenger; other payers' limits are per claim. */
export function defaultLiabilityBasis(payer: Payer): LiabilityBasis {
  return payer === Payer.CarrierInsurer ? LiabilityBasis.PerPerson : LiabilityBasis.PerClaim;
}

/** Who a programme covers; a missing list does not restrict. */
export interface Eligibility {
  categories?: PersonCategory[];
  outcomes?: PersonOutcome[];
  nationalities?: string[];
  /** Where the rule comes from, in words. */
  note?: string;
}

export interface EligibilityPerson {
  category: PersonCategory;
  outcome: PersonOutcome;
  nationalities: readonly string[];
}

export interface EligibilityFailure {
  /** `eligibility.categories`, `eligibility.outcomes` or `eligibility.nationalities`. */
  field: string;
  message: string;
}

/** The first condition the person fails, or null when the programme covers them. */
export function eligibilityFailure(
  eligibility: Eligibility | null,
  person: EligibilityPerson,
): EligibilityFailure | null {
  if (!eligibility) return null;
  const { categories, outcomes, nationalities } = eligibility;
  if (categories && !categories.includes(person.category)) {
    return {
      field: 'eligibility.categories',
      message: `the programme covers ${categories.join(', ')} only; the person is ${person.category}`,
    };
  }
  if (outcomes && !outcomes.includes(person.outcome)) {
    return {
      field: 'eligibility.outcomes',
      message: `the programme covers persons who ${outcomes.map(outcomeWord).join(' or ')} only; the person ${outcomeWord(person.outcome)}`,
    };
  }
  if (nationalities && !person.nationalities.some((n) => nationalities.includes(n))) {
    return {
      field: 'eligibility.nationalities',
      message: `the programme covers nationals of ${nationalities.join(', ')} only; the person holds ${person.nationalities.join(', ') || 'no recorded nationality'}`,
    };
  }
  return null;
}

const outcomeWord = (outcome: PersonOutcome) =>
  outcome === PersonOutcome.Deceased ? 'died' : 'survived';

/**
 * The programme's fixed amount for one person: per deceased for the dead, per injured for
 * survivors (every survivor of J2-8243 was hospitalised); null when the programme sets none.
 */
export function amountPerPerson(
  programme: { amountPerDeceased: string | null; amountPerInjured: string | null },
  outcome: PersonOutcome,
): string | null {
  return outcome === PersonOutcome.Deceased
    ? programme.amountPerDeceased
    : programme.amountPerInjured;
}

/** An heir's part of an amount, half-even to the cent. */
export function heirShareOf(amount: string, sharePercent: string): string {
  return dec(amount).times(sharePercent).dividedBy(100).toDecimalPlaces(2).toFixed(2);
}
