import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';

import { BaseEntity } from '../../common/database/base.entity';
import { Incident } from '../incidents/incident.entity';
import { InjurySeverity, PersonCategory, PersonOutcome } from './domain/person-kinds';

export { InjurySeverity, PersonCategory, PersonOutcome };

@Entity('persons_on_board')
@Index('ix_persons_incident_created_id', ['incidentId', 'createdAt', 'id'])
// GIN index for the nationality filter (`@>`), created by hand in the migration.
@Index('ix_persons_nationalities', { synchronize: false })
export class PersonOnBoard extends BaseEntity {
  @Column({ type: 'uuid' })
  incidentId: string;

  @ManyToOne(() => Incident, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'fk_persons_incident' })
  incident?: Incident;

  @Column({ type: 'varchar', length: 200 })
  fullName: string;

  @Column({ type: 'enum', enum: PersonCategory, enumName: 'person_category' })
  category: PersonCategory;

  @Column({ type: 'varchar', length: 40, nullable: true })
  crewRole: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  seat: string | null;

  /** ISO 3166-1 alpha-2 codes, one or more. */
  @Column({ type: 'varchar', length: 2, array: true })
  nationalities: string[];

  @Column({ type: 'date', nullable: true })
  dateOfBirth: string | null;

  @Column({ type: 'enum', enum: PersonOutcome, enumName: 'person_outcome' })
  outcome: PersonOutcome;

  @Column({ type: 'enum', enum: InjurySeverity, enumName: 'injury_severity', nullable: true })
  injurySeverity: InjurySeverity | null;

  /** AES-256-GCM ciphertext (see common/crypto); never stored or logged in clear. */
  @Column({ type: 'text', nullable: true })
  identityDocumentEnc: string | null;
}
