import { dec, sumAmounts } from '../../../common/money/money';
import { ClaimStatus } from '../../claims/domain/claim-status';

/**
 * One person's position in one programme (docs/money.md), from the claims the caller may
 * see, every amount already in one currency. Pure, so the rules are tested table by table.
 */

export interface PositionClaim {
  status: ClaimStatus;
  amountClaimed: string | null;
  amountApproved: string | null;
  /** An advance claim whose principal's approval covers it: its own approval is not added. */
  coveredByPrincipal: boolean;
  /** Net payments on the claim, all kinds. */
  paid: string;
  /** Net payments of kind advance on the claim. */
  advancePaid: string;
  /** Net payments on the advance claims linked to it. */
  linkedAdvancesPaid: string;
}

export interface Position {
  claimed: string;
  approved: string;
  paid: string;
  outstanding: string;
  toRecover: string;
}

/** Drafts are not lodged yet and withdrawn claims no longer stand (as in the summary report). */
const NOT_CLAIMED = ['draft', 'withdrawn'];
/** Claims that ended without an award: their approvals do not count, their advances are owed back. */
const ENDED_WITHOUT_AWARD = ['withdrawn', 'rejected'];
/** Approved claims whose award is still to be paid. */
const AWARD_DUE = ['approved', 'offer_accepted'];

export function position(claims: readonly PositionClaim[]): Position {
  const claimed = claims
    .filter((c) => !NOT_CLAIMED.includes(c.status) && c.amountClaimed !== null)
    .map((c) => c.amountClaimed!);
  const approved = claims
    .filter(
      (c) =>
        c.amountApproved !== null &&
        !ENDED_WITHOUT_AWARD.includes(c.status) &&
        !c.coveredByPrincipal,
    )
    .map((c) => c.amountApproved!);
  const outstanding = claims
    .filter((c) => AWARD_DUE.includes(c.status) && c.amountApproved !== null)
    .map((c) => {
      const owed = dec(c.amountApproved!).minus(c.paid).minus(c.linkedAdvancesPaid);
      return (owed.isNegative() ? dec(0) : owed).toFixed(2);
    });
  const toRecover = claims
    .filter((c) => ENDED_WITHOUT_AWARD.includes(c.status))
    .map((c) => c.advancePaid);
  return {
    claimed: sumAmounts(claimed),
    approved: sumAmounts(approved),
    paid: sumAmounts(claims.map((c) => c.paid)),
    outstanding: sumAmounts(outstanding),
    toRecover: sumAmounts(toRecover),
  };
}

export function addPositions(positions: readonly Position[]): Position {
  const total = (key: keyof Position) => sumAmounts(positions.map((p) => p[key]));
  return {
    claimed: total('claimed'),
    approved: total('approved'),
    paid: total('paid'),
    outstanding: total('outstanding'),
    toRecover: total('toRecover'),
  };
}
