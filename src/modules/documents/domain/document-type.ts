/** What a document is evidence of; claims/domain/required-documents.ts says which a claim needs. */
export enum DocumentType {
  DeathCertificate = 'death_certificate',
  ProofOfKinship = 'proof_of_kinship',
  IdentityDocument = 'identity_document',
  MedicalReport = 'medical_report',
  PowerOfAttorney = 'power_of_attorney',
  BankDetails = 'bank_details',
  Other = 'other',
}

export const DOCUMENT_TYPES: readonly DocumentType[] = Object.values(DocumentType);
