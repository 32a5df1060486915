import { daysRemaining, defaultLimitationDeadline, inconsistentCounts } from './limitation';

describe('limitation deadline (MC99 Art. 35)', () => {
  it('is two years after the crash date: 2026-12-25 for J2-8243', () => {
    expect(defaultLimitationDeadline(new Date('2024-12-25T06:28:00Z'))).toBe('2026-12-25');
  });

  it('keeps 28 February for a crash on 29 February', () => {
    expect(defaultLimitationDeadline(new Date('2024-02-29T12:00:00Z'))).toBe('2026-02-28');
  });

  it('counts whole days remaining by UTC date', () => {
    expect(daysRemaining('2026-12-25', new Date('2026-11-21T23:59:00Z'))).toBe(34);
    expect(daysRemaining('2026-12-25', new Date('2026-12-25T10:00:00Z'))).toBe(0);
    expect(daysRemaining('2026-12-25', new Date('2026-12-27T00:00:00Z'))).toBe(-2);
  });
});

describe('declared counts', () => {
  it('accepts the J2-8243 figures', () => {
    expect(
      inconsistentCounts({ onBoard: 67, passengers: 62, crew: 5, fatalities: 38, survivors: 29 }),
    ).toEqual([]);
  });

  it('names each figure that does not add up', () => {
    expect(
      inconsistentCounts({ onBoard: 67, passengers: 60, crew: 5, fatalities: 38, survivors: 28 }),
    ).toHaveLength(2);
  });
});
