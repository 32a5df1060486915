import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { redactForAuditor } from '../../common/privacy/redact';
import { ClaimDocument } from './document.entity';
import { maskFileName } from './domain/file-name';
import { DocumentResponseDto } from './dto/document.dto';

/** The file name often names a person: it never enters the audit log in clear. */
export const PERSONAL_DOCUMENT_FIELDS = ['fileName'];

/** A document as the API answers it: auditors see the file name masked and no review reason. */
export function toDocumentResponse(d: ClaimDocument, actor: Actor): DocumentResponseDto {
  return {
    id: d.id,
    claimId: d.claimId,
    claimantId: d.claimantId,
    type: d.type,
    fileName: actor.role === Role.Auditor ? maskFileName(d.fileName) : d.fileName,
    mimeType: d.mimeType,
    sizeBytes: d.sizeBytes,
    sha256: d.sha256,
    status: d.status,
    uploadedBy: d.uploadedBy,
    reviewedBy: d.reviewedBy,
    reviewedAt: d.reviewedAt?.toISOString() ?? null,
    reviewReason: redactForAuditor(actor, d.reviewReason),
    version: d.version,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

/** Document fields as the audit log records an upload. */
export function auditableUpload(d: ClaimDocument): Record<string, unknown> {
  return {
    claimId: d.claimId,
    claimantId: d.claimantId,
    type: d.type,
    fileName: d.fileName,
    mimeType: d.mimeType,
    sizeBytes: d.sizeBytes,
    sha256: d.sha256,
    status: d.status,
  };
}

/** Document fields as the audit log records a review. */
export function auditableReview(d: ClaimDocument): Record<string, unknown> {
  return {
    status: d.status,
    reviewedBy: d.reviewedBy,
    reviewedAt: d.reviewedAt,
    reviewReason: d.reviewReason,
  };
}
