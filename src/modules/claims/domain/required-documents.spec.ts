import { DocumentStatus } from '../../documents/domain/document-status';
import { DocumentType } from '../../documents/domain/document-type';
import { CLAIM_TYPES, ClaimType } from './claim-type';
import { missingDocuments, requiredDocuments } from './required-documents';

const D = DocumentType;

describe('requiredDocuments', () => {
  it.each([
    [ClaimType.Death, false, [D.DeathCertificate, D.ProofOfKinship, D.IdentityDocument]],
    [
      ClaimType.Death,
      true,
      [D.DeathCertificate, D.ProofOfKinship, D.IdentityDocument, D.PowerOfAttorney],
    ],
    [ClaimType.Injury, false, [D.MedicalReport, D.IdentityDocument]],
    [ClaimType.Injury, true, [D.MedicalReport, D.IdentityDocument, D.PowerOfAttorney]],
    [ClaimType.Advance, false, []],
    [ClaimType.Advance, true, [D.PowerOfAttorney]],
    [ClaimType.Property, false, []],
    [ClaimType.Property, true, [D.PowerOfAttorney]],
    [ClaimType.FuneralExpenses, false, []],
    [ClaimType.FuneralExpenses, true, [D.PowerOfAttorney]],
    [ClaimType.MedicalExpenses, false, []],
    [ClaimType.MedicalExpenses, true, [D.PowerOfAttorney]],
  ])('%s with lawyer=%s needs %j', (type, hasLawyer, expected) => {
    expect(requiredDocuments(type, hasLawyer)).toEqual(expected);
  });

  it('covers every claim type', () => {
    for (const type of CLAIM_TYPES)
      expect(Array.isArray(requiredDocuments(type, false))).toBe(true);
  });

  it('returns a fresh array each call', () => {
    requiredDocuments(ClaimType.Death, false).push(D.Other);
    expect(requiredDocuments(ClaimType.Death, false)).toHaveLength(3);
  });
});

describe('missingDocuments', () => {
  const death = requiredDocuments(ClaimType.Death, true);

  it('lists every requirement when nothing is on file', () => {
    expect(missingDocuments(death, [])).toEqual(death);
  });

  it('is empty when every requirement has a verified document', () => {
    const docs = death.map((type) => ({ type, status: DocumentStatus.Verified }));
    expect(missingDocuments(death, docs)).toEqual([]);
  });

  it('does not count received or rejected documents', () => {
    const docs = [
      { type: D.DeathCertificate, status: DocumentStatus.Received },
      { type: D.ProofOfKinship, status: DocumentStatus.Rejected },
      { type: D.IdentityDocument, status: DocumentStatus.Verified },
      { type: D.PowerOfAttorney, status: DocumentStatus.Verified },
    ];
    expect(missingDocuments(death, docs)).toEqual([D.DeathCertificate, D.ProofOfKinship]);
  });

  it('is satisfied by one verified copy among rejected ones', () => {
    const docs = [
      { type: D.MedicalReport, status: DocumentStatus.Rejected },
      { type: D.MedicalReport, status: DocumentStatus.Verified },
      { type: D.IdentityDocument, status: DocumentStatus.Verified },
    ];
    expect(missingDocuments(requiredDocuments(ClaimType.Injury, false), docs)).toEqual([]);
  });

  it('ignores documents that are not required', () => {
    const docs = [{ type: D.BankDetails, status: DocumentStatus.Verified }];
    expect(missingDocuments([D.MedicalReport], docs)).toEqual([D.MedicalReport]);
  });

  it('needs nothing when nothing is required', () => {
    expect(missingDocuments([], [{ type: D.Other, status: DocumentStatus.Received }])).toEqual([]);
  });
});
