import { PersonOutcome } from '../../persons/domain/person-kinds';
import { ClaimErrorCode, ClaimRuleError } from './claim-errors';
import {
  assertEditable,
  assertProgrammeForIncident,
  assertSameCurrency,
  assertTypeFitsOutcome,
  claimReference,
  outstandingAmount,
} from './claim-rules';
import { CLAIM_STATUSES, ClaimStatus } from './claim-status';
import { ClaimType } from './claim-type';

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    if (error instanceof ClaimRuleError) return error.code;
    throw error;
  }
}

describe('assertTypeFitsOutcome', () => {
  it.each([
    [ClaimType.Death, PersonOutcome.Deceased],
    [ClaimType.FuneralExpenses, PersonOutcome.Deceased],
    [ClaimType.Injury, PersonOutcome.Survived],
    [ClaimType.Advance, PersonOutcome.Deceased],
    [ClaimType.Advance, PersonOutcome.Survived],
    [ClaimType.Property, PersonOutcome.Deceased],
    [ClaimType.MedicalExpenses, PersonOutcome.Survived],
  ])('accepts a %s claim for a person who %s', (type, outcome) => {
    expect(codeOf(() => assertTypeFitsOutcome(type, outcome))).toBeUndefined();
  });

  it.each([
    [ClaimType.Death, PersonOutcome.Survived],
    [ClaimType.FuneralExpenses, PersonOutcome.Survived],
    [ClaimType.Injury, PersonOutcome.Deceased],
  ])('refuses a %s claim for a person who %s', (type, outcome) => {
    expect(codeOf(() => assertTypeFitsOutcome(type, outcome))).toBe(
      ClaimErrorCode.ClaimTypeNotApplicable,
    );
  });
});

describe('assertSameCurrency', () => {
  it('accepts the programme currency', () => {
    expect(codeOf(() => assertSameCurrency('amountClaimed', 'AZN', 'AZN'))).toBeUndefined();
  });

  it('refuses another currency with 422', () => {
    expect(codeOf(() => assertSameCurrency('amountClaimed', 'USD', 'AZN'))).toBe(
      ClaimErrorCode.AmountCurrencyMismatch,
    );
  });
});

describe('assertProgrammeForIncident', () => {
  it('refuses a programme of another incident', () => {
    expect(codeOf(() => assertProgrammeForIncident('incident-2', 'incident-1'))).toBe(
      ClaimErrorCode.ProgrammeNotForIncident,
    );
  });

  it('accepts a programme of the same incident', () => {
    expect(codeOf(() => assertProgrammeForIncident('incident-1', 'incident-1'))).toBeUndefined();
  });
});

describe('assertEditable', () => {
  const fields = { fields: ['amountClaimed'], assignment: false };
  const assignment = { fields: [], assignment: true };

  it('lets a draft be edited', () => {
    expect(codeOf(() => assertEditable(ClaimStatus.Draft, fields))).toBeUndefined();
  });

  it.each(CLAIM_STATUSES.filter((s) => s !== ClaimStatus.Draft))(
    'refuses field edits in %s with 409',
    (status) => {
      expect(codeOf(() => assertEditable(status, fields))).toBe(ClaimErrorCode.ClaimNotEditable);
    },
  );

  it.each(CLAIM_STATUSES.filter((s) => s !== ClaimStatus.Closed && s !== ClaimStatus.Withdrawn))(
    'allows reassignment in %s',
    (status) => {
      expect(codeOf(() => assertEditable(status, assignment))).toBeUndefined();
    },
  );

  it.each([ClaimStatus.Closed, ClaimStatus.Withdrawn])('refuses reassignment in %s', (status) => {
    expect(codeOf(() => assertEditable(status, assignment))).toBe(ClaimErrorCode.ClaimNotEditable);
  });
});

describe('claimReference', () => {
  it.each([
    [1, 'J2-8243-C-00001'],
    [42, 'J2-8243-C-00042'],
    [99999, 'J2-8243-C-99999'],
    [100000, 'J2-8243-C-100000'],
  ])('numbers claim %i as %s', (n, reference) => {
    expect(claimReference('J2-8243', n)).toBe(reference);
  });
});

describe('outstandingAmount', () => {
  it('is null before approval', () => {
    expect(outstandingAmount(null, '0.00')).toBeNull();
  });

  it('subtracts exactly', () => {
    expect(outstandingAmount('40000.00', '10000.10')).toBe('29999.90');
    expect(outstandingAmount('0.30', '0.10')).toBe('0.20');
  });

  it('is zero once paid in full', () => {
    expect(outstandingAmount('128821.00', '128821.00')).toBe('0.00');
    expect(outstandingAmount('40000.00', '25000.00', '15000.00')).toBe('0.00');
  });
});
