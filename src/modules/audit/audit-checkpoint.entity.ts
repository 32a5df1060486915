import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A signed statement that the audit chain's event `seq` had hash `hash`: Ed25519 over the
 * UTF-8 text `<seq>:<hash>` with AUDIT_SIGNING_KEY. Append-only like the chain. Whoever can
 * rewrite the database but does not hold the key cannot make a truncated or rebuilt chain
 * agree with these, and copies kept outside the database (GET /audit-events/checkpoints)
 * survive even the deletion of this table.
 */
@Entity('audit_checkpoints')
export class AuditCheckpoint {
  @PrimaryColumn({ type: 'bigint' })
  seq: string;

  @Column({ type: 'char', length: 64 })
  hash: string;

  @Column({ type: 'timestamptz', precision: 3 })
  signedAt: Date;

  /** Base64 Ed25519 signature (64 bytes). */
  @Column({ type: 'varchar', length: 100 })
  signature: string;
}
