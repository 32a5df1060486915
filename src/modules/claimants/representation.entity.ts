import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

import { User } from '../users/user.entity';
import { Claimant } from './claimant.entity';

/**
 * A lawyer acting for a claimant. Ending it sets `endedAt`; the row stays as history.
 * A lawyer's access to any data flows only through an active representation.
 */
@Entity('representations')
@Index('uq_representations_active', ['claimantId', 'lawyerId'], {
  unique: true,
  where: '"ended_at" IS NULL',
})
@Index('ix_representations_lawyer_active', ['lawyerId', 'claimantId'], {
  where: '"ended_at" IS NULL',
})
export class Representation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  claimantId: string;

  @ManyToOne(() => Claimant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'claimant_id', foreignKeyConstraintName: 'fk_representations_claimant' })
  claimant?: Claimant;

  @Column({ type: 'uuid' })
  lawyerId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lawyer_id', foreignKeyConstraintName: 'fk_representations_lawyer' })
  lawyer?: User;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  startedAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  endedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  startedBy: string | null;

  @Column({ type: 'uuid', nullable: true })
  endedBy: string | null;
}
