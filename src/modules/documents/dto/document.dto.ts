import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

import { DocumentStatus } from '../domain/document-status';
import { DocumentType } from '../domain/document-type';
import { ALLOWED_MIME_TYPES } from '../domain/file-type';

/** The non-file fields of the upload form, validated like any body (unknown fields refused). */
export class UploadDocumentFieldsDto {
  @ApiProperty({
    description: 'What the document is',
    enum: DocumentType,
    enumName: 'DocumentType',
    example: DocumentType.DeathCertificate,
  })
  @IsIn(Object.values(DocumentType), {
    message: `type must be one of: ${Object.values(DocumentType).join(', ')}`,
  })
  type: DocumentType;
}

/** The whole multipart form, for the OpenAPI document. */
export class UploadDocumentDto extends UploadDocumentFieldsDto {
  // Checked by the service from the bytes themselves (type, size, hash), not by class-validator.
  @ApiProperty({
    description:
      'The file: PDF, JPEG or PNG, recognised by its own bytes (the name and declared type are ignored); at most UPLOAD_LIMIT_BYTES (20 MiB by default)',
    type: 'string',
    format: 'binary',
  })
  file: unknown;
}

export class ReviewDocumentDto {
  @ApiProperty({
    description: 'The review decision',
    enum: [DocumentStatus.Verified, DocumentStatus.Rejected],
    example: DocumentStatus.Verified,
  })
  @IsIn([DocumentStatus.Verified, DocumentStatus.Rejected])
  status: DocumentStatus.Verified | DocumentStatus.Rejected;

  @ApiPropertyOptional({
    description: 'Why; required when rejecting',
    example: 'The certificate is illegible',
    maxLength: 2000,
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason?: string;
}

export class DocumentResponseDto {
  @ApiProperty({ description: 'Identifier', format: 'uuid' })
  id: string;

  @ApiProperty({
    description: 'Claim the document supports',
    format: 'uuid',
    nullable: true,
    type: String,
  })
  claimId: string | null;

  @ApiProperty({
    description: 'Claimant the document belongs to, when filed on the claimant rather than a claim',
    format: 'uuid',
    nullable: true,
    type: String,
  })
  claimantId: string | null;

  @ApiProperty({
    description: 'What the document is',
    enum: DocumentType,
    enumName: 'DocumentType',
  })
  type: DocumentType;

  @ApiProperty({
    description:
      'The uploader’s file name, neutralised (no path, no control characters, at most 200 characters); masked for auditors',
    example: 'death-certificate.pdf',
  })
  fileName: string;

  @ApiProperty({
    description: 'Media type detected from the file’s own bytes',
    enum: ALLOWED_MIME_TYPES,
    example: 'application/pdf',
  })
  mimeType: string;

  @ApiProperty({ description: 'Size in bytes', example: 183422 })
  sizeBytes: number;

  @ApiProperty({ description: 'SHA-256 of the content, lower-case hex', example: 'e3b0c442...' })
  sha256: string;

  @ApiProperty({
    description: 'Review state',
    enum: DocumentStatus,
    enumName: 'DocumentStatus',
    example: DocumentStatus.Received,
  })
  status: DocumentStatus;

  @ApiProperty({ description: 'Who uploaded it', format: 'uuid', nullable: true, type: String })
  uploadedBy: string | null;

  @ApiProperty({
    description: 'Who reviewed it last',
    format: 'uuid',
    nullable: true,
    type: String,
  })
  reviewedBy: string | null;

  @ApiProperty({ description: 'When it was reviewed last', nullable: true, type: String })
  reviewedAt: string | null;

  @ApiProperty({
    description: 'Reason given with the last review',
    nullable: true,
    type: String,
  })
  reviewReason: string | null;

  @ApiProperty({ description: 'Optimistic-concurrency version', example: 1 })
  version: number;

  @ApiProperty({ description: 'When the document was uploaded' })
  createdAt: string;

  @ApiProperty({ description: 'When the record last changed' })
  updatedAt: string;
}

export class DocumentPageDto {
  @ApiProperty({ description: 'Documents on this page', type: [DocumentResponseDto] })
  items: DocumentResponseDto[];

  @ApiProperty({
    description: 'Cursor of the next page, or null on the last',
    nullable: true,
    type: String,
  })
  nextCursor: string | null;
}
