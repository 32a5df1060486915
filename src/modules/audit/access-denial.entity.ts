import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Denied requests counted per caller (user, or address when anonymous), route and minute,
 * before they reach the audit chain as one aggregated `access.denied` event each. A flood of
 * refusals adds to a counter here; the chain lock is taken once per batch, not per request.
 */
@Entity('access_denials')
export class AccessDenial {
  /** Start of the minute (UTC). */
  @PrimaryColumn({ type: 'timestamptz', precision: 0 })
  minute: Date;

  /** `user:<id>` or `ip:<address>`. */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  subject: string;

  /** Method and route pattern, e.g. `GET /api/v1/claims/:id`. */
  @PrimaryColumn({ type: 'varchar', length: 200 })
  route: string;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  actorRole: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  /** Answers by status: 401, 403, 404 (to a lawyer) and 429. */
  @Column({ type: 'integer', default: 0 })
  unauthenticated: number;

  @Column({ type: 'integer', default: 0 })
  forbidden: number;

  @Column({ type: 'integer', default: 0 })
  notFound: number;

  @Column({ type: 'integer', default: 0 })
  rateLimited: number;
}
