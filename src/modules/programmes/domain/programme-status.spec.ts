import { DomainError } from '../../../common/errors/domain-error';
import {
  assertOpen,
  assertStatusChange,
  PROGRAMME_STATUS_CHANGES,
  ProgrammeErrorCode,
  ProgrammeRuleError,
  ProgrammeStatus,
} from './programme-status';

const S = ProgrammeStatus;
const ALL = Object.values(ProgrammeStatus);

function refusal(run: () => void): ProgrammeErrorCode | null {
  try {
    run();
    return null;
  } catch (err) {
    if (err instanceof ProgrammeRuleError) return err.code;
    throw err;
  }
}

/** docs/api.md#programme-status, written out independently of the table under test. */
const EXPECTED = new Set([
  'announced>pledged',
  'pledged>open',
  'open>closed',
  'pledged>suspended',
  'open>suspended',
  'suspended>pledged',
  'suspended>open',
]);

describe('programme status changes', () => {
  it.each(ALL.flatMap((from) => ALL.filter((to) => to !== from).map((to) => [from, to])))(
    '%s -> %s',
    (from, to) => {
      const code = refusal(() => assertStatusChange(from, to, 'RUB'));
      expect(code).toBe(
        EXPECTED.has(`${from}>${to}`) ? null : ProgrammeErrorCode.StatusChangeNotAllowed,
      );
    },
  );

  it('lists exactly the changes of the design', () => {
    const listed = ALL.flatMap((from) =>
      PROGRAMME_STATUS_CHANGES[from].map((to) => `${from}>${to}`),
    );
    expect(new Set(listed)).toEqual(EXPECTED);
  });

  it('opens only with a currency (422)', () => {
    expect(refusal(() => assertStatusChange(S.Pledged, S.Open, null))).toBe(
      ProgrammeErrorCode.CurrencyRequired,
    );
    expect(refusal(() => assertStatusChange(S.Suspended, S.Pledged, null))).toBeNull();
  });

  it('keeps assessment, approval and payment for open programmes (409 PROGRAMME_NOT_OPEN)', () => {
    for (const status of ALL) {
      const err = (() => {
        try {
          assertOpen(status, 'payment');
          return null;
        } catch (e) {
          return e as DomainError;
        }
      })();
      if (status === S.Open) expect(err).toBeNull();
      else expect([err?.code, err?.status]).toEqual([ProgrammeErrorCode.NotOpen, 409]);
    }
  });
});
