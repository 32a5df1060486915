import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

import { PageLimit } from '../../../common/pagination/pagination';

/** The cursor of a list paged by sequence number: the number itself (pagination.ts SEQUENCE). */
const SequenceCursor = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ description, maxLength: 40 }),
    IsOptional(),
    IsString(),
    Matches(/^\d{1,19}$/, { message: 'cursor is malformed' }),
  );

export class ListAuditEventsQueryDto {
  @ApiPropertyOptional({
    description: 'Only events about this kind of record',
    example: 'claim',
    maxLength: 40,
  })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_]{1,40}$/, { message: 'entityType must be lower-case letters and underscores' })
  entityType?: string;

  @ApiPropertyOptional({ description: 'Only events about this record', maxLength: 64 })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityId?: string;

  @ApiPropertyOptional({ description: 'Only events by this user', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ description: 'Events at or after this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Events before this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @PageLimit()
  limit?: number;

  @SequenceCursor('Opaque cursor from the previous page’s nextCursor')
  cursor?: string;
}

export class AuditEventDto {
  @ApiProperty({ description: 'Position in the chain, from 1, without gaps', example: '42' })
  seq: string;

  @ApiProperty({ description: 'When it happened (UTC)' })
  occurredAt: string;

  @ApiProperty({
    description: 'Who did it (null for the system or an anonymous caller)',
    nullable: true,
    type: String,
  })
  actorId: string | null;

  @ApiProperty({ description: 'Their role at the time', nullable: true, type: String })
  actorRole: string | null;

  @ApiProperty({ description: 'What was done', example: 'claim.transition' })
  action: string;

  @ApiProperty({ description: 'Kind of record', example: 'claim' })
  entityType: string;

  @ApiProperty({ description: 'The record', nullable: true, type: String })
  entityId: string | null;

  @ApiProperty({
    description: 'Request that caused it: the id the service gave it (X-Request-Id of the answer)',
    nullable: true,
    type: String,
  })
  requestId: string | null;

  @ApiProperty({
    description: 'The X-Request-Id the caller sent, when it matched ^[A-Za-z0-9._-]{1,64}$',
    nullable: true,
    type: String,
  })
  clientRequestId: string | null;

  @ApiProperty({ description: 'Caller address', nullable: true, type: String })
  ip: string | null;

  @ApiProperty({
    description: 'Before/after of changed fields; personal data appears only as "[redacted]"',
    type: Object,
  })
  changes: Record<string, unknown>;

  @ApiProperty({ description: 'Hash of the previous event (64 zeros for the first)' })
  prevHash: string;

  @ApiProperty({ description: 'sha256(prevHash + canonical JSON of this event)' })
  hash: string;
}

export class AuditEventPageDto {
  @ApiProperty({ description: 'Events on this page, oldest first', type: [AuditEventDto] })
  items: AuditEventDto[];

  @ApiProperty({
    description: 'Cursor of the next page, or null on the last',
    nullable: true,
    type: String,
  })
  nextCursor: string | null;
}

export class ChainVerificationDto {
  @ApiProperty({
    description: 'Whether every event links to its predecessor and hashes to its stored hash',
  })
  valid: boolean;

  @ApiProperty({ description: 'Events examined (up to and including the first invalid one)' })
  checked: number;

  @ApiProperty({
    description: 'Seq of the first event that fails, or null',
    nullable: true,
    type: String,
  })
  firstInvalidSeq: string | null;
}

export class ListCheckpointsQueryDto {
  @PageLimit()
  limit?: number;

  @SequenceCursor('Opaque cursor from the previous page’s nextCursor (older checkpoints)')
  cursor?: string;
}

export class AuditCheckpointDto {
  @ApiProperty({ description: 'Seq of the event signed for', example: '1000' })
  seq: string;

  @ApiProperty({ description: 'That event’s hash' })
  hash: string;

  @ApiProperty({ description: 'When it was signed (UTC)' })
  signedAt: string;

  @ApiProperty({
    description: 'Base64 Ed25519 signature over the UTF-8 text "<seq>:<hash>"',
  })
  signature: string;
}

export class AuditCheckpointPageDto {
  @ApiProperty({
    description:
      'The Ed25519 public key of the current signing key (PEM, SPKI); it verifies every checkpoint signed since the key was last changed',
  })
  publicKey: string;

  @ApiProperty({
    description:
      'Public keys (PEM, SPKI) of the signing keys used before the current one; a checkpoint verifies under one of these or publicKey',
    type: [String],
  })
  previousPublicKeys: string[];

  @ApiProperty({ description: 'Checkpoints, newest first', type: [AuditCheckpointDto] })
  items: AuditCheckpointDto[];

  @ApiProperty({
    description: 'Cursor of the next (older) page, or null on the last',
    nullable: true,
    type: String,
  })
  nextCursor: string | null;
}

export class VerificationQueryDto {
  @ApiPropertyOptional({
    description: 'A verification already started (from a 202 answer); without it, a fresh one',
    format: 'uuid',
  })
  @IsOptional()
  @IsUUID()
  id?: string;
}

export class ChainVerificationPendingDto {
  @ApiProperty({ description: 'The verification to ask for again', format: 'uuid' })
  verificationId: string;

  @ApiProperty({ description: 'queued or running', enum: ['queued', 'running'] })
  status: string;

  @ApiProperty({ description: 'Events checked so far' })
  checked: number;
}
