import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

import {
  Language,
  NotificationChannel,
  NotificationStatus,
  RecipientType,
} from './domain/notification-types';

/**
 * One message to one recipient, written in the transaction of the change it reports (an
 * outbox) and delivered by a worker. Its id is the message's stable id: the e-mail Message-ID
 * and the webhook-id header, so a receiver can drop the duplicates at-least-once delivery
 * allows. `payload` holds identifiers and the claim reference only, never personal data.
 */
@Entity('notifications')
@Index('ix_notifications_created_id', ['createdAt', 'id'])
@Index('ix_notifications_status_created_id', ['status', 'createdAt', 'id'])
@Index('ix_notifications_related_created_id', ['relatedEntityId', 'createdAt', 'id'])
@Index('ix_notifications_due', ['nextAttemptAt', 'id'], {
  where: `status IN ('pending', 'failed')`,
})
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @Column({ type: 'enum', enum: NotificationChannel, enumName: 'notification_channel' })
  channel: NotificationChannel;

  @Column({ type: 'varchar', length: 60 })
  template: string;

  @Column({ type: 'enum', enum: RecipientType, enumName: 'notification_recipient_type' })
  recipientType: RecipientType;

  @Column({ type: 'uuid' })
  recipientId: string;

  @Column({ type: 'enum', enum: Language, enumName: 'notification_language' })
  language: Language;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'varchar', length: 40 })
  relatedEntityType: string;

  @Column({ type: 'uuid' })
  relatedEntityId: string;

  @Column({
    type: 'enum',
    enum: NotificationStatus,
    enumName: 'notification_status',
    default: NotificationStatus.Pending,
  })
  status: NotificationStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  nextAttemptAt: Date;

  /** Until when the worker that claimed it owns it; after that another may take it over. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  sentAt: Date | null;
}
