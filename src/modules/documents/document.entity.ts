import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';

import { BaseEntity } from '../../common/database/base.entity';
import { Claimant } from '../claimants/claimant.entity';
import { Claim } from '../claims/claim.entity';
import { DocumentStatus } from './domain/document-status';
import { DocumentType } from './domain/document-type';

// Declared in domain/ so pure rules can use it; re-exported for existing importers.
export { DocumentStatus };

/** Evidence for a claim (or a claimant); the file itself lives in storage under `storageKey`. */
@Entity('documents')
@Index('ix_documents_claim_created_id', ['claimId', 'createdAt', 'id'])
@Index('ix_documents_claimant', ['claimantId'])
@Check('ck_documents_owner', '"claim_id" IS NOT NULL OR "claimant_id" IS NOT NULL')
export class ClaimDocument extends BaseEntity {
  @Column({ type: 'uuid', nullable: true })
  claimId: string | null;

  @ManyToOne(() => Claim, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'claim_id', foreignKeyConstraintName: 'fk_documents_claim' })
  claim?: Claim | null;

  @Column({ type: 'uuid', nullable: true })
  claimantId: string | null;

  @ManyToOne(() => Claimant, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'claimant_id', foreignKeyConstraintName: 'fk_documents_claimant' })
  claimant?: Claimant | null;

  @Column({ type: 'enum', enum: DocumentType, enumName: 'document_type' })
  type: DocumentType;

  /** The uploader's file name, neutralised: no path, no control characters. */
  @Column({ type: 'varchar', length: 255 })
  fileName: string;

  /** Detected from the file's own bytes, not taken from the upload's header. */
  @Column({ type: 'varchar', length: 100 })
  mimeType: string;

  @Column({ type: 'integer' })
  sizeBytes: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'varchar', length: 200 })
  storageKey: string;

  @Column({
    type: 'enum',
    enum: DocumentStatus,
    enumName: 'document_status',
    default: DocumentStatus.Received,
  })
  status: DocumentStatus;

  @Column({ type: 'uuid', nullable: true })
  uploadedBy: string | null;

  @Column({ type: 'uuid', nullable: true })
  reviewedBy: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  reviewedAt: Date | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  reviewReason: string | null;
}
