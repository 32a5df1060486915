import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum AuditVerificationStatus {
  Queued = 'queued',
  Running = 'running',
  Done = 'done',
  Failed = 'failed',
}

/**
 * One run of the audit chain verification, as a background job. Requests that arrive while a
 * run is still queued share it; each run checks the chain up to its head when it starts.
 */
@Entity('audit_verifications')
@Index('ix_audit_verifications_status_requested', ['status', 'requestedAt'])
export class AuditVerification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  requestedAt: Date;

  @Column({
    type: 'enum',
    enum: AuditVerificationStatus,
    enumName: 'audit_verification_status',
    default: AuditVerificationStatus.Queued,
  })
  status: AuditVerificationStatus;

  @Column({ type: 'uuid', nullable: true })
  requestedBy: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  finishedAt: Date | null;

  /** The chain head (seq) when the run started: events after it are left to the next run. */
  @Column({ type: 'bigint', nullable: true })
  upToSeq: string | null;

  /** Events examined so far (progress while running). */
  @Column({ type: 'integer', default: 0 })
  checked: number;

  @Column({ type: 'boolean', nullable: true })
  valid: boolean | null;

  @Column({ type: 'bigint', nullable: true })
  firstInvalidSeq: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;
}
