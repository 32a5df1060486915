/**
 * MC99 Art. 35: the right to damages is extinguished if an action is not brought within two
 * years of the date of arrival, the date the aircraft ought to have arrived, or the date the
 * carriage stopped. For a crash that is the date of the crash (UTC calendar date).
 */
export function defaultLimitationDeadline(occurredAt: Date): string {
  const d = new Date(
    Date.UTC(occurredAt.getUTCFullYear() + 2, occurredAt.getUTCMonth(), occurredAt.getUTCDate()),
  );
  // 29 February plus two years rolls into March in Date.UTC; keep 28 February instead.
  if (d.getUTCMonth() !== occurredAt.getUTCMonth()) d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `now`'s UTC date to the deadline; 0 on the day itself, negative after. */
export function daysRemaining(deadline: string, now: Date): number {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((Date.parse(`${deadline}T00:00:00Z`) - today) / 86_400_000);
}

export interface ManifestCounts {
  onBoard: number;
  passengers: number;
  crew: number;
  fatalities: number;
  survivors: number;
}

/** Which declared figures do not add up, as field paths. */
export function inconsistentCounts(c: ManifestCounts): string[] {
  const problems: string[] = [];
  if (c.passengers + c.crew !== c.onBoard)
    problems.push('declared.onBoard must equal passengers + crew');
  if (c.fatalities + c.survivors !== c.onBoard)
    problems.push('declared.onBoard must equal fatalities + survivors');
  return problems;
}
