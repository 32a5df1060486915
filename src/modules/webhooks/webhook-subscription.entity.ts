import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An endpoint that receives signed event deliveries. Its secret is stored encrypted with the
 * field cipher and shown once, at creation. Deleting keeps the row (deliveries refer to it)
 * and stops every delivery to it.
 */
@Entity('webhook_subscriptions')
@Index('ix_webhook_subscriptions_created_id', ['createdAt', 'id'])
export class WebhookSubscription {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'varchar', length: 2000 })
  url: string;

  /** Event types it receives (EventType values). */
  @Column({ type: 'text', array: true })
  events: string[];

  /** AES-256-GCM of the `whsec_...` secret. */
  @Column({ type: 'text' })
  secretEnc: string;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  deletedAt: Date | null;
}
