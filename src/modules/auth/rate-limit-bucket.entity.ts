import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Fixed-window hit counters kept in the database, so every app instance shares one limit.
 * Expired windows are overwritten on the next hit and purged in the background.
 */
@Entity('rate_limit_buckets')
@Index('ix_rate_limit_buckets_expires', ['expiresAt'])
export class RateLimitBucket {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  key: string;

  @Column({ type: 'integer' })
  hits: number;

  @Column({ type: 'timestamptz', precision: 3 })
  expiresAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  blockedUntil: Date | null;
}
