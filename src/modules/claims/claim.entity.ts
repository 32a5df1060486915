import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';

import { BaseEntity } from '../../common/database/base.entity';
import { Claimant } from '../claimants/claimant.entity';
import { Incident } from '../incidents/incident.entity';
import { PersonOnBoard } from '../persons/person-on-board.entity';
import { CompensationProgramme } from '../programmes/compensation-programme.entity';
import { User } from '../users/user.entity';
import { ClaimStatus } from './domain/claim-status';
import { ClaimType } from './domain/claim-type';

const money = { type: 'numeric', precision: 15, scale: 2, nullable: true } as const;

@Entity('claims')
@Index('uq_claims_reference', ['reference'], { unique: true })
@Index('ix_claims_created_id', ['createdAt', 'id'])
@Index('ix_claims_status_created_id', ['status', 'createdAt', 'id'])
@Index('ix_claims_incident_created_id', ['incidentId', 'createdAt', 'id'])
@Index('ix_claims_programme_created_id', ['programmeId', 'createdAt', 'id'])
@Index('ix_claims_claimant_created_id', ['claimantId', 'createdAt', 'id'])
@Index('ix_claims_person_created_id', ['personId', 'createdAt', 'id'])
@Index('ix_claims_case_worker_status', ['assignedCaseWorkerId', 'status'])
@Index('ix_claims_principal', ['principalClaimId'], { where: '"principal_claim_id" IS NOT NULL' })
@Index('ix_claims_programme_person', ['programmeId', 'personId'])
export class Claim extends BaseEntity {
  /** Human reference, `<incident code>-C-00001`, never repeated (see claim_reference_counters). */
  @Column({ type: 'varchar', length: 48 })
  reference: string;

  @Column({ type: 'uuid' })
  incidentId: string;

  @ManyToOne(() => Incident, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'fk_claims_incident' })
  incident?: Incident;

  @Column({ type: 'uuid' })
  programmeId: string;

  @ManyToOne(() => CompensationProgramme, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'programme_id', foreignKeyConstraintName: 'fk_claims_programme' })
  programme?: CompensationProgramme;

  @Column({ type: 'uuid' })
  claimantId: string;

  @ManyToOne(() => Claimant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'claimant_id', foreignKeyConstraintName: 'fk_claims_claimant' })
  claimant?: Claimant;

  @Column({ type: 'uuid' })
  personId: string;

  @ManyToOne(() => PersonOnBoard, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_claims_person' })
  person?: PersonOnBoard;

  @Column({ type: 'enum', enum: ClaimType, enumName: 'claim_type' })
  type: ClaimType;

  @Column({ type: 'enum', enum: ClaimStatus, enumName: 'claim_status', default: ClaimStatus.Draft })
  status: ClaimStatus;

  /** Fixed when the claim is filed (the programme's currency); every amount of the claim is in it. */
  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column(money)
  amountClaimed: string | null;

  @Column(money)
  amountAssessed: string | null;

  @Column(money)
  amountApproved: string | null;

  @Column({ type: 'varchar', length: 4000, nullable: true })
  description: string | null;

  @Column({ type: 'uuid', nullable: true })
  assignedCaseWorkerId: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({
    name: 'assigned_case_worker_id',
    foreignKeyConstraintName: 'fk_claims_case_worker',
  })
  assignedCaseWorker?: User | null;

  @Column({ type: 'uuid', nullable: true })
  assessedBy: string | null;

  @Column({ type: 'uuid', nullable: true })
  approvedBy: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  /** First submission; reports measure time to decision from here. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  submittedAt: Date | null;

  /** Approval or rejection; the 30-day appeal window runs from here. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  statusChangedAt: Date;

  /**
   * For an `advance` claim: the claim it is an advance on (same claimant and programme). Its
   * net payments are offset against the principal's award.
   */
  @Column({ type: 'uuid', nullable: true })
  principalClaimId: string | null;

  @ManyToOne(() => Claim, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'principal_claim_id', foreignKeyConstraintName: 'fk_claims_principal' })
  principal?: Claim | null;

  /**
   * Set at approval when the approved amount took the claim (per_claim) or its person's claims
   * in the programme (per_person) over the liability limit: the part in dispute under MC99.
   */
  @Column({ type: 'boolean', default: false })
  exceedsLiabilityLimit: boolean;

  /** Due date of the open information request (set while information_requested). */
  @Column({ type: 'date', nullable: true })
  informationDueDate: string | null;
}
