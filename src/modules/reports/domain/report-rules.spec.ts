import { ClaimStatus } from '../../claims/domain/claim-status';
import {
  APPEAL_ONLY_STATUSES,
  appealWindow,
  appealWindowCutoff,
  compareAppealsByUrgency,
  comparePersonsByUrgency,
  compareWaitingByUrgency,
  DECISIONS_WITH_APPEAL_WINDOW,
  TERMINAL_STATUSES,
  wholeDaysSince,
} from './report-rules';

const at = (iso: string) => new Date(iso);

describe('statuses derived from the lifecycle', () => {
  it('finds closed and withdrawn terminal', () => {
    expect([...TERMINAL_STATUSES].sort()).toEqual([ClaimStatus.Closed, ClaimStatus.Withdrawn]);
  });

  it('finds rejected and offer_declined final unless appealed in time', () => {
    expect([...APPEAL_ONLY_STATUSES].sort()).toEqual([
      ClaimStatus.OfferDeclined,
      ClaimStatus.Rejected,
    ]);
  });

  it('lists approvals with the appealable decisions', () => {
    expect(DECISIONS_WITH_APPEAL_WINDOW).toContain(ClaimStatus.Approved);
    expect(DECISIONS_WITH_APPEAL_WINDOW).toHaveLength(3);
  });
});

describe('appealWindow', () => {
  const decided = at('2026-11-25T10:00:00Z');

  it('closes 30 days after the decision', () => {
    expect(appealWindow(decided, at('2026-12-20T12:00:00Z')).closesAt).toEqual(
      at('2026-12-25T10:00:00Z'),
    );
  });

  it('counts calendar days to the closing day', () => {
    expect(appealWindow(decided, at('2026-12-20T23:59:00Z'))).toMatchObject({
      open: true,
      daysLeft: 5,
    });
  });

  it('is open with 0 days left on the closing day before the closing instant', () => {
    expect(appealWindow(decided, at('2026-12-25T09:59:59Z'))).toMatchObject({
      open: true,
      daysLeft: 0,
    });
  });

  it('is open at the closing instant itself, as the lifecycle guard is', () => {
    expect(appealWindow(decided, at('2026-12-25T10:00:00Z')).open).toBe(true);
  });

  it('is closed a millisecond later', () => {
    expect(appealWindow(decided, at('2026-12-25T10:00:00.001Z')).open).toBe(false);
  });

  it('agrees with the query cutoff', () => {
    const now = at('2026-12-20T12:00:00Z');
    expect(appealWindowCutoff(now)).toEqual(at('2026-11-20T12:00:00Z'));
    expect(appealWindow(appealWindowCutoff(now), now).open).toBe(true);
    expect(appealWindow(new Date(appealWindowCutoff(now).getTime() - 1), now).open).toBe(false);
  });
});

describe('wholeDaysSince', () => {
  it.each([
    ['2026-12-01T12:00:00Z', '2026-12-20T12:00:00Z', 19],
    ['2026-12-01T12:00:01Z', '2026-12-20T12:00:00Z', 18],
    ['2026-12-20T00:00:00Z', '2026-12-20T23:59:59Z', 0],
    ['2026-12-21T00:00:00Z', '2026-12-20T00:00:00Z', 0],
  ])('from %s to %s is %i days', (from, to, days) => {
    expect(wholeDaysSince(at(from), at(to))).toBe(days);
  });
});

describe('urgency orders', () => {
  it('puts the deceased first, then orders by name and id', () => {
    const persons = [
      { id: '2', outcome: 'survived', fullName: 'Aydan' },
      { id: '3', outcome: 'deceased', fullName: 'Zaur' },
      { id: '1', outcome: 'deceased', fullName: 'Anar' },
      { id: '0', outcome: 'deceased', fullName: 'Anar' },
    ];
    expect([...persons].sort(comparePersonsByUrgency).map((p) => p.id)).toEqual([
      '0',
      '1',
      '3',
      '2',
    ]);
  });

  it('puts the longest wait first', () => {
    const claims = [
      { id: 'b', since: at('2026-12-10T00:00:00Z') },
      { id: 'a', since: at('2026-12-01T00:00:00Z') },
      { id: 'c', since: at('2026-12-10T00:00:00Z') },
    ];
    expect([...claims].sort(compareWaitingByUrgency).map((c) => c.id)).toEqual(['a', 'b', 'c']);
  });

  it('puts the appeal window closing soonest first', () => {
    const claims = [
      { id: 'late', closesAt: at('2026-12-30T00:00:00Z') },
      { id: 'soon', closesAt: at('2026-12-21T00:00:00Z') },
    ];
    expect([...claims].sort(compareAppealsByUrgency).map((c) => c.id)).toEqual(['soon', 'late']);
  });
});
