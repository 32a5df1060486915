import { ClaimStatus } from '../../claims/domain/claim-status';
import { DocumentErrorCode, DocumentRuleError } from './document-errors';
import { DocumentStatus } from './document-status';

/** A claim in one of these states is finished: its file is frozen. */
export const TERMINAL_CLAIM_STATUSES: readonly ClaimStatus[] = [
  ClaimStatus.Closed,
  ClaimStatus.Withdrawn,
];

export function claimAcceptsDocuments(status: ClaimStatus): boolean {
  return !TERMINAL_CLAIM_STATUSES.includes(status);
}

export type ReviewOutcome = DocumentStatus.Verified | DocumentStatus.Rejected;

/**
 * Review decisions a document may receive from its current status. A received document is
 * verified or rejected; a verified one may later be rejected (found forged or expired); a
 * rejected one stays rejected: the claimant uploads a new document instead.
 */
const NEXT: Record<DocumentStatus, readonly ReviewOutcome[]> = {
  [DocumentStatus.Received]: [DocumentStatus.Verified, DocumentStatus.Rejected],
  [DocumentStatus.Verified]: [DocumentStatus.Rejected],
  [DocumentStatus.Rejected]: [],
};

export interface ReviewRequest {
  status: ReviewOutcome;
  reason?: string | null;
}

/** Throws the refusal for a review decision, or returns the reason to store (null if none). */
export function checkReview(
  current: DocumentStatus,
  claimStatus: ClaimStatus | null,
  request: ReviewRequest,
): string | null {
  const reason = request.reason?.trim() || null;
  if (request.status === DocumentStatus.Rejected && !reason) {
    throw new DocumentRuleError(
      DocumentErrorCode.ReasonRequired,
      'A rejection needs a reason',
      'reason',
    );
  }
  if (claimStatus !== null && !claimAcceptsDocuments(claimStatus)) {
    throw new DocumentRuleError(
      DocumentErrorCode.ClaimClosed,
      `The claim is ${claimStatus}: its documents can no longer change`,
    );
  }
  if (!NEXT[current].includes(request.status)) {
    throw new DocumentRuleError(
      DocumentErrorCode.ReviewNotAllowed,
      `A ${current} document cannot be marked ${request.status}`,
    );
  }
  return reason;
}
