import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * One scheduled reminder that has fired, by its key (for example
 * `limitation:<programmeId>:<deadline>:30`). The primary key is what makes a reminder fire once
 * per cluster: every worker may sweep, only the first insert of a key writes notifications.
 */
@Entity('reminder_occurrences')
export class ReminderOccurrence {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  key: string;

  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'uuid' })
  relatedEntityId: string;

  /** How many notifications it wrote. */
  @Column({ type: 'integer' })
  notifications: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  firedAt: Date;
}
