import type { ManifestCounts } from '../../incidents/domain/limitation';

export const MANIFEST_FIELDS = [
  'onBoard',
  'passengers',
  'crew',
  'fatalities',
  'survivors',
] as const satisfies readonly (keyof ManifestCounts)[];

export interface ManifestDiscrepancy {
  field: keyof ManifestCounts;
  declared: number;
  recorded: number;
}

/** The recorded manifest reconciles when every declared figure matches the persons recorded. */
export function reconcileManifest(
  declared: ManifestCounts,
  recorded: ManifestCounts,
): { reconciled: boolean; discrepancies: ManifestDiscrepancy[] } {
  const discrepancies = MANIFEST_FIELDS.filter((field) => declared[field] !== recorded[field]).map(
    (field) => ({ field, declared: declared[field], recorded: recorded[field] }),
  );
  return { reconciled: discrepancies.length === 0, discrepancies };
}

/** Counts keyed by every value of `keys`, zeros included, from sparse (key, count) rows. */
export function countsByKey<K extends string>(
  keys: readonly K[],
  rows: readonly { key: string; count: number }[],
): Record<K, number> {
  const counts = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const row of rows) {
    if (row.key in counts) counts[row.key as K] += row.count;
  }
  return counts;
}
