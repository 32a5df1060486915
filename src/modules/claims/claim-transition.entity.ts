import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

import { Claim } from './claim.entity';
import { ClaimStatus } from './domain/claim-status';

/** One row per accepted transition, written with the status change; never edited. */
@Entity('claim_transitions')
@Index('ix_claim_transitions_claim_at', ['claimId', 'at', 'id'])
export class ClaimTransition {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  claimId: string;

  @ManyToOne(() => Claim, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'claim_id', foreignKeyConstraintName: 'fk_claim_transitions_claim' })
  claim?: Claim;

  @Column({ type: 'enum', enum: ClaimStatus, enumName: 'claim_status' })
  fromStatus: ClaimStatus;

  @Column({ type: 'enum', enum: ClaimStatus, enumName: 'claim_status' })
  toStatus: ClaimStatus;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  actorRole: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  reason: string | null;

  /** Amount set by this transition (assessed or approved), if any. */
  @Column({ type: 'numeric', precision: 15, scale: 2, nullable: true })
  amount: string | null;

  /** Due date of the information request this transition made, if it made one. */
  @Column({ type: 'date', nullable: true })
  dueDate: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  at: Date;
}
