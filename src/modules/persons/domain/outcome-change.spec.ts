import { assertOutcomeChangeAllowed } from './outcome-change';
import { PersonOutcome } from './person-kinds';

const refusal = (fn: () => void): { code?: string; message?: string } => {
  try {
    fn();
  } catch (error) {
    return error as { code: string; message: string };
  }
  return {};
};

describe('assertOutcomeChangeAllowed', () => {
  it('allows a correction when nothing on file presupposes the current outcome', () => {
    expect(() =>
      assertOutcomeChangeAllowed(PersonOutcome.Survived, { claimReferences: [], claimants: 0 }),
    ).not.toThrow();
  });

  it('names the first five claims and counts the claimants that stand in the way', () => {
    const refs = Array.from({ length: 7 }, (_, i) => `J2-8243-C-0000${i + 1}`);
    const error = refusal(() =>
      assertOutcomeChangeAllowed(PersonOutcome.Survived, { claimReferences: refs, claimants: 2 }),
    );
    expect(error.code).toBe('PERSON_OUTCOME_CONFLICT');
    expect(error.message).toContain('7 claim(s)');
    expect(error.message).toContain('J2-8243-C-00005, ...');
    expect(error.message).not.toContain('J2-8243-C-00006');
    expect(error.message).toContain('2 claimant(s) recorded as heirs with a share');
  });

  it('speaks of the survivor’s own claimant when the correction is to "deceased"', () => {
    const error = refusal(() =>
      assertOutcomeChangeAllowed(PersonOutcome.Deceased, { claimReferences: [], claimants: 1 }),
    );
    expect(error.message).toBe(
      'The outcome cannot become deceased while the person has 1 claimant(s) recorded as the survivor themself; withdraw or correct them first',
    );
  });
});
