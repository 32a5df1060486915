import { DomainError } from '../../../common/errors/domain-error';

/** Every way the documents feature can refuse a request. */
export enum DocumentErrorCode {
  FileRequired = 'DOCUMENT_FILE_REQUIRED',
  FileEmpty = 'DOCUMENT_FILE_EMPTY',
  FileTooLarge = 'PAYLOAD_TOO_LARGE',
  FileTypeNotAllowed = 'FILE_TYPE_NOT_ALLOWED',
  NotMultipart = 'UNSUPPORTED_MEDIA_TYPE',
  ClaimClosed = 'CLAIM_CLOSED',
  ReasonRequired = 'REASON_REQUIRED',
  ReviewNotAllowed = 'DOCUMENT_REVIEW_NOT_ALLOWED',
}

/** HTTP status per code. A Record, so adding a code without a status fails to compile. */
export const DOCUMENT_ERROR_STATUS: Record<DocumentErrorCode, number> = {
  [DocumentErrorCode.FileRequired]: 400,
  [DocumentErrorCode.FileEmpty]: 400,
  [DocumentErrorCode.FileTooLarge]: 413,
  // Decided by the file's own bytes, whatever its name or declared Content-Type.
  [DocumentErrorCode.FileTypeNotAllowed]: 415,
  [DocumentErrorCode.NotMultipart]: 415,
  // The claim is closed or withdrawn: a conflict with its state.
  [DocumentErrorCode.ClaimClosed]: 409,
  [DocumentErrorCode.ReasonRequired]: 400,
  [DocumentErrorCode.ReviewNotAllowed]: 409,
};

export class DocumentRuleError extends DomainError {
  declare readonly code: DocumentErrorCode;

  constructor(code: DocumentErrorCode, message: string, field?: string) {
    super(code, DOCUMENT_ERROR_STATUS[code], message, field ? [{ field, message }] : undefined);
    this.name = 'DocumentRuleError';
  }
}
