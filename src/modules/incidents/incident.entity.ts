import { Column, Entity, Index } from 'typeorm';

import { BaseEntity } from '../../common/database/base.entity';

/** The manifest figures published for the incident, reconciled against recorded persons. */
export class DeclaredCounts {
  @Column({ type: 'integer' })
  onBoard: number;

  @Column({ type: 'integer' })
  passengers: number;

  @Column({ type: 'integer' })
  crew: number;

  @Column({ type: 'integer' })
  fatalities: number;

  @Column({ type: 'integer' })
  survivors: number;
}

/** A published source of the incident's facts. */
export interface IncidentSource {
  title: string;
  publisher: string;
  /** ISO date. */
  publishedOn: string;
  url?: string;
  note?: string;
}

/** Published counts that differ from the declared ones (an early or disputed figure). */
export interface AlternativeCount {
  onBoard?: number;
  fatalities?: number;
  survivors?: number;
  reportedBy: string;
  /** ISO date. */
  reportedOn: string;
  note: string;
}

@Entity('incidents')
@Index('uq_incidents_code', ['code'], { unique: true })
@Index('ix_incidents_created_at_id', ['createdAt', 'id'])
export class Incident extends BaseEntity {
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'timestamptz', precision: 3 })
  occurredAt: Date;

  @Column({ type: 'varchar', length: 120, nullable: true })
  aircraft: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  registration: string | null;

  @Column({ type: 'varchar', length: 120, nullable: true })
  operator: string | null;

  @Column({ type: 'varchar', length: 120, nullable: true })
  origin: string | null;

  @Column({ type: 'varchar', length: 120, nullable: true })
  destination: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  crashSite: string | null;

  @Column(() => DeclaredCounts, { prefix: 'declared' })
  declared: DeclaredCounts;

  /** ISO date (YYYY-MM-DD): MC99 Art. 35, two years from the date of arrival or stoppage. */
  @Column({ type: 'date' })
  limitationDeadline: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  sources: IncidentSource[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  alternativeCounts: AlternativeCount[];
}
