import { DataSource } from 'typeorm';

import { queryRows, sql } from '../../common/database/sql';
import { AUDIT_COLUMNS, AuditRow, toChainedEvent } from './audit-rows';
import { ChainVerification, ChainVerifier } from './domain/audit-chain';

const VERIFY_BATCH = 5000;

/** A signed checkpoint as read back, with whether its signature holds under the public key. */
export interface CheckedCheckpoint {
  seq: string;
  hash: string;
  signatureValid: boolean;
}

/**
 * Recomputes the chain from the first event up to `upToSeq` (events are immutable and
 * appended at the end, so batches need no long transaction: no connection is held between
 * them), and holds it to the signed checkpoints, read before the head: a forged checkpoint,
 * an event rewritten under one, or a head cut off below the newest one makes the chain
 * invalid. The one place where the chain is checked; `onProgress` hears the events checked
 * after each batch.
 */
export async function verifyAuditChain(
  dataSource: DataSource,
  upToSeq: string,
  checkpoints: readonly CheckedCheckpoint[] = [],
  onProgress: (checked: number) => Promise<void> = async () => undefined,
): Promise<ChainVerification> {
  const forged = checkpoints.find((c) => !c.signatureValid);
  if (forged) return { valid: false, checked: 0, firstInvalidSeq: forged.seq };
  const verifier = new ChainVerifier(new Map(checkpoints.map((c) => [c.seq, c.hash])));
  let after = '0';
  while (BigInt(after) < BigInt(upToSeq)) {
    const rows = await queryRows<AuditRow>(
      dataSource,
      sql(
        `SELECT ${AUDIT_COLUMNS} FROM audit_events WHERE seq > :after AND seq <= :upToSeq ORDER BY audit_events.seq LIMIT ${VERIFY_BATCH}`,
        { after, upToSeq },
      ),
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      if (!verifier.accept(toChainedEvent(row))) return verifier.result();
    }
    after = rows[rows.length - 1]!.seq;
    await onProgress(verifier.checked);
  }
  return verifier.result();
}

/** The seq of the newest event (0 when the log is empty). */
export async function auditHead(dataSource: DataSource): Promise<string> {
  const [{ max }] = await queryRows<{ max: string }>(
    dataSource,
    sql(`SELECT COALESCE(max(seq), 0)::text AS max FROM audit_events`),
  );
  return max;
}
