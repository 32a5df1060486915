/** Claim lifecycle states (docs/api.md#the-claim-lifecycle). Values are stored as-is in the database. */
export enum ClaimStatus {
  Draft = 'draft',
  Submitted = 'submitted',
  UnderReview = 'under_review',
  InformationRequested = 'information_requested',
  Assessed = 'assessed',
  Approved = 'approved',
  OfferAccepted = 'offer_accepted',
  OfferDeclined = 'offer_declined',
  Rejected = 'rejected',
  Appealed = 'appealed',
  Closed = 'closed',
  Withdrawn = 'withdrawn',
}

export const CLAIM_STATUSES: readonly ClaimStatus[] = Object.values(ClaimStatus);
