import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';

import { BaseEntity } from '../../common/database/base.entity';
import { Language } from '../notifications/domain/notification-types';
import { PersonOnBoard } from '../persons/person-on-board.entity';
import { Relationship } from './domain/relationship';

export { Relationship };

@Entity('claimants')
@Index('ix_claimants_person_created_id', ['personId', 'createdAt', 'id'])
@Index('ix_claimants_created_id', ['createdAt', 'id'])
@Check(
  'ck_claimants_heir_share',
  '"heir_share_percent" IS NULL OR ("heir_share_percent" > 0 AND "heir_share_percent" <= 100)',
)
export class Claimant extends BaseEntity {
  @Column({ type: 'uuid' })
  personId: string;

  @ManyToOne(() => PersonOnBoard, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_claimants_person' })
  person?: PersonOnBoard;

  @Column({ type: 'varchar', length: 200 })
  fullName: string;

  @Column({ type: 'enum', enum: Relationship, enumName: 'claimant_relationship' })
  relationship: Relationship;

  @Column({ type: 'date', nullable: true })
  dateOfBirth: string | null;

  @Column({ type: 'varchar', length: 2, nullable: true })
  nationality: string | null;

  /** AES-256-GCM JSON {email, phone, address}. */
  @Column({ type: 'text', nullable: true })
  contactEnc: string | null;

  /** AES-256-GCM JSON {iban, holder}. */
  @Column({ type: 'text', nullable: true })
  bankAccountEnc: string | null;

  @Column({ type: 'uuid', nullable: true })
  guardianClaimantId: string | null;

  @ManyToOne(() => Claimant, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'guardian_claimant_id', foreignKeyConstraintName: 'fk_claimants_guardian' })
  guardian?: Claimant | null;

  /** Share of the deceased person's estate, 0 < share <= 100; the sum per person never exceeds 100. */
  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true })
  heirSharePercent: string | null;

  /** Language of the messages about the claimant's claims (their lawyers' included). */
  @Column({ type: 'enum', enum: Language, enumName: 'notification_language', nullable: true })
  preferredLanguage: Language | null;

  /** E-mail about the claimant's claims goes to the claimant only with this consent. */
  @Column({ type: 'boolean', default: false })
  notificationsConsent: boolean;
}
