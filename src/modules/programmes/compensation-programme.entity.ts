import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';

import { BaseEntity } from '../../common/database/base.entity';
import { Incident } from '../incidents/incident.entity';
import { Payer } from './domain/payer';
import { Eligibility, LiabilityBasis } from './domain/programme-rules';
import { ProgrammeStatus } from './domain/programme-status';

export { LiabilityBasis, Payer, ProgrammeStatus };

/** NUMERIC comes back from pg as a string: amounts never pass through a float. */
const money = { type: 'numeric', precision: 15, scale: 2, nullable: true } as const;

@Entity('compensation_programmes')
@Index('ix_programmes_incident_created_id', ['incidentId', 'createdAt', 'id'])
@Index('uq_programmes_incident_name', ['incidentId', 'name'], { unique: true })
@Check('ck_programmes_open_currency', `"status" <> 'open' OR "currency" IS NOT NULL`)
export class CompensationProgramme extends BaseEntity {
  @Column({ type: 'uuid' })
  incidentId: string;

  @ManyToOne(() => Incident, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'fk_programmes_incident' })
  incident?: Incident;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'enum', enum: Payer, enumName: 'programme_payer' })
  payer: Payer;

  /** What it pays in; null while a pledge has no mechanism yet (required once open). */
  @Column({ type: 'char', length: 3, nullable: true })
  currency: string | null;

  @Column({
    type: 'enum',
    enum: ProgrammeStatus,
    enumName: 'programme_status',
    default: ProgrammeStatus.Open,
  })
  status: ProgrammeStatus;

  /** Public dates of the programme's life, ISO dates; set by its events (section 10). */
  @Column({ type: 'date', nullable: true })
  announcedAt: string | null;

  @Column({ type: 'date', nullable: true })
  pledgedAt: string | null;

  @Column({ type: 'date', nullable: true })
  openedAt: string | null;

  @Column({ type: 'date', nullable: true })
  closedAt: string | null;

  @Column(money)
  amountPerDeceased: string | null;

  @Column(money)
  amountPerInjured: string | null;

  @Column(money)
  liabilityLimit: string | null;

  @Column(money)
  advanceMinimum: string | null;

  /** What liabilityLimit is measured against: one person's claims together, or each claim. */
  @Column({
    type: 'enum',
    enum: LiabilityBasis,
    enumName: 'programme_liability_basis',
    default: LiabilityBasis.PerClaim,
  })
  liabilityBasis: LiabilityBasis;

  /** Who the programme covers (section 9); null covers everyone on board. */
  @Column({ type: 'jsonb', nullable: true })
  eligibility: Eligibility | null;

  /** ISO date after which the programme's claims are time-barred (MC99 Art. 35); null: none. */
  @Column({ type: 'date', nullable: true })
  limitationDeadline: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  description: string | null;
}
