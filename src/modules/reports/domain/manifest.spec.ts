import { countsByKey, reconcileManifest } from './manifest';

const J2 = { onBoard: 67, passengers: 62, crew: 5, fatalities: 38, survivors: 29 };

describe('reconcileManifest', () => {
  it('reconciles identical figures', () => {
    expect(reconcileManifest(J2, { ...J2 })).toEqual({ reconciled: true, discrepancies: [] });
  });

  it('lists every figure that differs, in manifest order', () => {
    const recorded = { onBoard: 66, passengers: 61, crew: 5, fatalities: 38, survivors: 28 };
    expect(reconcileManifest(J2, recorded)).toEqual({
      reconciled: false,
      discrepancies: [
        { field: 'onBoard', declared: 67, recorded: 66 },
        { field: 'passengers', declared: 62, recorded: 61 },
        { field: 'survivors', declared: 29, recorded: 28 },
      ],
    });
  });

  it('does not reconcile an empty manifest against declared figures', () => {
    const empty = { onBoard: 0, passengers: 0, crew: 0, fatalities: 0, survivors: 0 };
    expect(reconcileManifest(J2, empty).reconciled).toBe(false);
  });
});

describe('countsByKey', () => {
  it('keeps every key with zero when no row names it', () => {
    expect(countsByKey(['a', 'b', 'c'], [{ key: 'b', count: 2 }])).toEqual({ a: 0, b: 2, c: 0 });
  });

  it('adds rows that repeat a key', () => {
    expect(
      countsByKey(
        ['a', 'b'],
        [
          { key: 'a', count: 1 },
          { key: 'a', count: 3 },
        ],
      ),
    ).toEqual({ a: 4, b: 0 });
  });

  it('ignores keys outside the list', () => {
    expect(countsByKey(['a'], [{ key: 'z', count: 9 }])).toEqual({ a: 0 });
  });
});
