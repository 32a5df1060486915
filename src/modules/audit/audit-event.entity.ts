import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One link of the append-only, hash-chained audit log. `seq` is contiguous: it is taken as
 * the previous seq + 1 while the append lock is held, so a gap is itself evidence of deletion.
 */
@Entity('audit_events')
@Index('ix_audit_entity', ['entityType', 'entityId', 'seq'])
@Index('ix_audit_actor', ['actorId', 'seq'])
@Index('ix_audit_occurred_at', ['occurredAt'])
export class AuditEvent {
  @PrimaryColumn({ type: 'bigint' })
  seq: string;

  @Column({ type: 'timestamptz', precision: 3 })
  occurredAt: Date;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  actorRole: string | null;

  @Column({ type: 'varchar', length: 60 })
  action: string;

  @Column({ type: 'varchar', length: 40 })
  entityType: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  entityId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  /** The caller's X-Request-Id when well-formed; requestId is always the server's own. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  clientRequestId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  changes: Record<string, unknown>;

  @Column({ type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
