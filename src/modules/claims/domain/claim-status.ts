/** Claim lifecycle states (DESIGN.md section 3). Values are stored as-is in the database. */
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

export enum ClaimType {
  Death = 'death',
  Injury = 'injury',
  Advance = 'advance',
  Property = 'property',
  FuneralExpenses = 'funeral_expenses',
  MedicalExpenses = 'medical_expenses',
}

export enum DocumentType {
  DeathCertificate = 'death_certificate',
  ProofOfKinship = 'proof_of_kinship',
  IdentityDocument = 'identity_document',
  MedicalReport = 'medical_report',
  PowerOfAttorney = 'power_of_attorney',
  BankDetails = 'bank_details',
  Other = 'other',
}

export const CLAIM_STATUSES: readonly ClaimStatus[] = Object.values(ClaimStatus);
export const CLAIM_TYPES: readonly ClaimType[] = Object.values(ClaimType);
export const DOCUMENT_TYPES: readonly DocumentType[] = Object.values(DocumentType);
