import { DocumentStatus } from '../../documents/domain/document-status';
import { DocumentType } from '../../documents/domain/document-type';
import { ClaimType } from './claim-type';

const BY_TYPE: Record<ClaimType, readonly DocumentType[]> = {
  [ClaimType.Death]: [
    DocumentType.DeathCertificate,
    DocumentType.ProofOfKinship,
    DocumentType.IdentityDocument,
  ],
  [ClaimType.Injury]: [DocumentType.MedicalReport, DocumentType.IdentityDocument],
  [ClaimType.Advance]: [],
  [ClaimType.Property]: [],
  [ClaimType.FuneralExpenses]: [],
  [ClaimType.MedicalExpenses]: [],
};

/** The documents that must be verified before a claim of this type can be assessed. */
export function requiredDocuments(type: ClaimType, hasLawyer: boolean): DocumentType[] {
  const required = [...BY_TYPE[type]];
  // A lawyer acts for the claimant only on the strength of a power of attorney.
  if (hasLawyer) required.push(DocumentType.PowerOfAttorney);
  return required;
}

export interface DocumentOnFile {
  type: DocumentType;
  /** Only `verified` satisfies a requirement. */
  status: DocumentStatus;
}

/** The required types with no verified document, in the order they were required. */
export function missingDocuments(
  required: readonly DocumentType[],
  documents: readonly DocumentOnFile[],
): DocumentType[] {
  const verified = new Set(
    documents.filter((d) => d.status === DocumentStatus.Verified).map((d) => d.type),
  );
  return [...new Set(required)].filter((type) => !verified.has(type));
}
