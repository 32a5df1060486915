import { ClaimStatus } from '../../claims/domain/claim-status';
import { PersonOutcome } from '../../persons/domain/person-kinds';
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

  it('lists rejections and declined offers with an appeal window, not approvals', () => {
    expect([...DECISIONS_WITH_APPEAL_WINDOW].sort()).toEqual([
      ClaimStatus.OfferDeclined,
      ClaimStatus.Rejected,
    ]);
  });
});

describe('appealWindow', () => {
  // Rejected (or the offer declined) on 25 November at 10:00 UTC: the last day is 25 December.
  const since = at('2026-11-25T10:00:00Z');

  it('closes at the end of the 30th calendar day after the rejection or decline', () => {
    expect(appealWindow(since, at('2026-12-20T12:00:00Z')).closesAt).toEqual(
      at('2026-12-25T23:59:59.999Z'),
    );
  });

  it('counts calendar days to the closing day', () => {
    expect(appealWindow(since, at('2026-12-20T23:59:00Z'))).toMatchObject({
      open: true,
      daysLeft: 5,
    });
  });

  it('is open all through the closing day, whatever the hour of the decision', () => {
    expect(appealWindow(since, at('2026-12-25T23:59:59.999Z'))).toMatchObject({
      open: true,
      daysLeft: 0,
    });
    expect(appealWindow(at('2026-11-25T23:59:00Z'), at('2026-12-25T23:00:00Z')).open).toBe(true);
  });

  it('is closed from the next day on', () => {
    expect(appealWindow(since, at('2026-12-26T00:00:00Z')).open).toBe(false);
  });

  it('agrees with the query cutoff', () => {
    const now = at('2026-12-20T12:00:00Z');
    expect(appealWindowCutoff(now)).toEqual(at('2026-11-20T00:00:00Z'));
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
      { id: '2', outcome: PersonOutcome.Survived, fullName: 'Aydan' },
      { id: '3', outcome: PersonOutcome.Deceased, fullName: 'Zaur' },
      { id: '1', outcome: PersonOutcome.Deceased, fullName: 'Anar' },
      { id: '0', outcome: PersonOutcome.Deceased, fullName: 'Anar' },
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
