import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

import { CompensationProgramme } from './compensation-programme.entity';
import { ProgrammeEventKind } from './domain/programme-status';

export interface EventSource {
  title: string;
  publisher: string;
  /** ISO date. */
  publishedOn: string;
  url?: string;
}

/**
 * One dated entry of a programme's public record (docs/api.md#programme-status), with the source it
 * comes from. Append-only: a trigger refuses UPDATE and DELETE.
 */
@Entity('programme_events')
@Index('ix_programme_events_programme_created_id', ['programmeId', 'createdAt', 'id'])
export class ProgrammeEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  programmeId: string;

  @ManyToOne(() => CompensationProgramme, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'programme_id', foreignKeyConstraintName: 'fk_programme_events_programme' })
  programme?: CompensationProgramme;

  @Column({ type: 'date' })
  occurredOn: string;

  @Column({ type: 'enum', enum: ProgrammeEventKind, enumName: 'programme_event_kind' })
  kind: ProgrammeEventKind;

  @Column({ type: 'varchar', length: 2000 })
  summary: string;

  @Column({ type: 'jsonb' })
  source: EventSource;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
