import {
  APPEAL_WINDOW_DAYS,
  appealClosesOn,
  appealWindowOpen,
  TRANSITIONS,
} from '../../claims/domain/claim-state-machine';
import { CLAIM_STATUSES, ClaimStatus } from '../../claims/domain/claim-status';
import { daysRemaining } from '../../incidents/domain/limitation';
import { PersonOutcome } from '../../persons/domain/person-kinds';

/**
 * Definitions the reports share, derived from the claim lifecycle where they can be, so a change
 * of the state machine changes the reports with it.
 */

const DAY_MS = 86_400_000;
const S = ClaimStatus;

/** Statuses no transition leaves: closed and withdrawn. */
export const TERMINAL_STATUSES: readonly ClaimStatus[] = CLAIM_STATUSES.filter(
  (status) => !TRANSITIONS.some((rule) => rule.from === status),
);

/**
 * Decisions whose only way on is an appeal within the window: rejected and offer_declined.
 * Once the window has closed such a claim can never move again, so it is final in practice.
 */
export const APPEAL_ONLY_STATUSES: readonly ClaimStatus[] = CLAIM_STATUSES.filter((status) => {
  const out = TRANSITIONS.filter((rule) => rule.from === status);
  return (
    out.length > 0 &&
    out.every((rule) => rule.to === S.Appealed && rule.guards.includes('appeal_window'))
  );
});

/**
 * Decisions listed with their appeal window: a rejection and a declined offer. The window runs
 * from entering that status (an approved offer opens none until it is declined).
 */
export const DECISIONS_WITH_APPEAL_WINDOW: readonly ClaimStatus[] = APPEAL_ONLY_STATUSES;

/**
 * A withdrawn claim no longer covers its person: the claimant walked away, and unless someone
 * claims again the person counts as "without claim" (and appears in the deadline report). Every
 * other status covers, a draft included: the case is in hand, and the deadline report lists
 * what still needs a first claim.
 */
export const NOT_COVERING_STATUSES: readonly ClaimStatus[] = [S.Withdrawn];

/** "Claimed" sums lodged claims: a draft is not lodged yet, a withdrawn claim no longer stands. */
export const NOT_CLAIMED_STATUSES: readonly ClaimStatus[] = [S.Draft, S.Withdrawn];

/**
 * Claims that entered their status at or after this instant are still inside the appeal
 * window at `now`: the start of the UTC day 30 calendar days before today.
 */
export function appealWindowCutoff(now: Date): Date {
  return new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - APPEAL_WINDOW_DAYS),
  );
}

export interface AppealWindow {
  /** The last instant of the window's last day (UTC). */
  closesAt: Date;
  /** Same test as the lifecycle's appeal guard. */
  open: boolean;
  /** Calendar days (UTC) to the day the window closes: 0 on that day, as for the limitation. */
  daysLeft: number;
}

/** The window opened at `since` (a rejection or a declined offer), as seen at `now`. */
export function appealWindow(since: Date, now: Date): AppealWindow {
  const lastDay = appealClosesOn(since);
  return {
    closesAt: new Date(Date.parse(`${lastDay}T00:00:00Z`) + DAY_MS - 1),
    open: appealWindowOpen(since, now),
    daysLeft: daysRemaining(lastDay, now),
  };
}

/** Whole days elapsed since `at` (0 within the first 24 hours, never negative). */
export function wholeDaysSince(at: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - at.getTime()) / DAY_MS));
}

/** Code-point order, the same as PostgreSQL's `COLLATE "C"` used by the report queries. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/*
 * Urgency orders of the deadline report. The queries sort by the same keys before they cap a
 * list, so the rows kept are the most urgent ones; these comparators are the definition.
 */

/**
 * Persons without a claim: the deceased first (a death claim needs heirs, certificates and a
 * kinship proof, so it takes longest to prepare), then by name. Everyone shares the incident's
 * limitation deadline, so there is no per-person date to sort by.
 */
export function comparePersonsByUrgency(
  a: { outcome: PersonOutcome; fullName: string; id: string },
  b: { outcome: PersonOutcome; fullName: string; id: string },
): number {
  const rank = (p: { outcome: PersonOutcome }) => (p.outcome === PersonOutcome.Deceased ? 0 : 1);
  return rank(a) - rank(b) || compareText(a.fullName, b.fullName) || compareText(a.id, b.id);
}

/** Claims waiting for information: the longest wait first. */
export function compareWaitingByUrgency(
  a: { since: Date; id: string },
  b: { since: Date; id: string },
): number {
  return a.since.getTime() - b.since.getTime() || compareText(a.id, b.id);
}

/** Open appeal windows: the one closing soonest first. */
export function compareAppealsByUrgency(
  a: { closesAt: Date; id: string },
  b: { closesAt: Date; id: string },
): number {
  return a.closesAt.getTime() - b.closesAt.getTime() || compareText(a.id, b.id);
}
