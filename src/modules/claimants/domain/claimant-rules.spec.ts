import { PersonOutcome } from '../../persons/domain/person-kinds';
import { ClaimantErrorCode, ClaimantRuleError } from './claimant-errors';
import {
  assertGuardianFits,
  assertHeirShareFits,
  assertRelationshipFits,
  heirSharesTotal,
  isValidPercent,
} from './claimant-rules';
import { Relationship } from './relationship';

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    if (error instanceof ClaimantRuleError) return error.code;
    throw error;
  }
}

describe('assertRelationshipFits', () => {
  it('accepts self for a survivor', () => {
    expect(
      codeOf(() => assertRelationshipFits(Relationship.Self, PersonOutcome.Survived)),
    ).toBeUndefined();
  });

  it('refuses self for a deceased person with 422', () => {
    expect(codeOf(() => assertRelationshipFits(Relationship.Self, PersonOutcome.Deceased))).toBe(
      ClaimantErrorCode.SelfRequiresSurvivor,
    );
  });

  it.each([
    Relationship.Spouse,
    Relationship.Child,
    Relationship.Parent,
    Relationship.Sibling,
    Relationship.Dependant,
    Relationship.EstateRepresentative,
  ])('accepts %s for a deceased person', (relationship) => {
    expect(
      codeOf(() => assertRelationshipFits(relationship, PersonOutcome.Deceased)),
    ).toBeUndefined();
  });
});

describe('assertHeirShareFits', () => {
  it.each([
    [[], '100', 'one heir takes everything'],
    [['50.00', '25.00'], '25.00', 'shares add up to exactly 100'],
    [['33.33', '33.33'], '33.34', 'thirds that round to 100'],
    [[], '0.01', 'the smallest share'],
  ])('accepts %j plus %s (%s)', (others, proposed) => {
    expect(
      codeOf(() => assertHeirShareFits(proposed, others, PersonOutcome.Deceased)),
    ).toBeUndefined();
  });

  it.each([
    [['50.00', '50.00'], '0.01', 'one cent over'],
    [['60'], '40.01', 'a fraction over'],
    [['99.99'], '99.99', 'far over'],
  ])('refuses %j plus %s (%s)', (others, proposed) => {
    expect(codeOf(() => assertHeirShareFits(proposed, others, PersonOutcome.Deceased))).toBe(
      ClaimantErrorCode.HeirSharesExceed100,
    );
  });

  it('refuses a share for a survivor', () => {
    expect(codeOf(() => assertHeirShareFits('10', [], PersonOutcome.Survived))).toBe(
      ClaimantErrorCode.HeirShareRequiresDeceased,
    );
  });

  it('sums exactly, with no float drift', () => {
    expect(heirSharesTotal(['0.10', '0.20', '33.33', '66.37'])).toBe('100.00');
  });

  it('answers 422', () => {
    try {
      assertHeirShareFits('60', ['50'], PersonOutcome.Deceased);
    } catch (error) {
      expect((error as ClaimantRuleError).status).toBe(422);
    }
    expect.assertions(1);
  });
});

describe('isValidPercent', () => {
  it.each(['100', '100.00', '0.01', '50', '33.33', '9.5'])('accepts %s', (value) => {
    expect(isValidPercent(value)).toBe(true);
  });

  it.each(['0', '0.00', '100.01', '101', '-5', '33.333', '1e2', '', '050'])(
    'refuses %s',
    (value) => {
      expect(isValidPercent(value)).toBe(false);
    },
  );
});

describe('assertGuardianFits', () => {
  const ward = { id: 'c-1', personId: 'p-1', wardsOfClaimant: 0 };
  const guardian = { id: 'c-2', personId: 'p-1', guardianClaimantId: null };

  it('accepts another claimant of the same person', () => {
    expect(codeOf(() => assertGuardianFits(ward, guardian))).toBeUndefined();
  });

  it('accepts a guardian for a claimant not created yet', () => {
    expect(codeOf(() => assertGuardianFits({ ...ward, id: null }, guardian))).toBeUndefined();
  });

  it.each([
    ['missing', null],
    ['the claimant itself', { ...guardian, id: 'c-1' }],
    ['of another person', { ...guardian, personId: 'p-2' }],
    ['under guardianship themself', { ...guardian, guardianClaimantId: 'c-3' }],
  ])('refuses a guardian %s', (_, candidate) => {
    expect(codeOf(() => assertGuardianFits(ward, candidate))).toBe(
      ClaimantErrorCode.GuardianInvalid,
    );
  });

  it('refuses to place a guardian under guardianship', () => {
    expect(codeOf(() => assertGuardianFits({ ...ward, wardsOfClaimant: 1 }, guardian))).toBe(
      ClaimantErrorCode.GuardianInvalid,
    );
  });
});
