import type { ClientBase } from 'pg';

import { AUDIT_COLUMNS, AuditRow, toChainedEvent } from '../../src/modules/audit/audit-rows';
import {
  AUDIT_APPEND_LOCK,
  ChainedEventBody,
  chainHash,
  ChainVerification,
  ChainVerifier,
  GENESIS_HASH,
} from '../../src/modules/audit/domain/audit-chain';
import { Column, insertBatches, Timings } from './batch-insert';

// AUDIT_APPEND_LOCK is the key AuditService takes before it reads the chain head: taking the
// same key makes a bulk append queue behind, and block, the service's own appends.
export { AUDIT_APPEND_LOCK };

export interface AuditInput {
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  changes: Record<string, unknown>;
}

const COLUMNS: Column[] = [
  { name: 'seq', type: 'bigint' },
  { name: 'occurred_at', type: 'timestamptz' },
  { name: 'actor_id', type: 'uuid' },
  { name: 'actor_role', type: 'text' },
  { name: 'action', type: 'text' },
  { name: 'entity_type', type: 'text' },
  { name: 'entity_id', type: 'text' },
  { name: 'request_id', type: 'text' },
  { name: 'ip', type: 'text' },
  { name: 'changes', type: 'jsonb' },
  { name: 'prev_hash', type: 'text' },
  { name: 'hash', type: 'text' },
];

export interface AppendResult {
  count: number;
  firstSeq: string | null;
  lastSeq: string | null;
  hashMs: number;
}

/**
 * Appends events after the current chain head inside the caller's transaction: takes the
 * service's advisory lock (held until commit), reads the head, and links every event with the
 * project's chainHash(), exactly as AuditService.record does one at a time.
 */
export async function appendAuditEvents(
  client: ClientBase,
  events: Iterable<AuditInput>,
  options: { requestId: string; batchSize: number; timings: Timings },
): Promise<AppendResult> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_APPEND_LOCK]);
  const { rows } = await client.query<{ seq: string; hash: string }>(
    'SELECT seq::text AS seq, hash FROM audit_events ORDER BY audit_events.seq DESC LIMIT 1',
  );
  let seq = BigInt(rows[0]?.seq ?? '0');
  let prevHash = rows[0]?.hash ?? GENESIS_HASH;
  const result: AppendResult = { count: 0, firstSeq: null, lastSeq: null, hashMs: 0 };
  let occurredAt = 0;

  function* linked(): Generator<unknown[]> {
    for (const e of events) {
      seq++;
      // The time of recording, never going backwards along the chain.
      if (result.count % 1000 === 0) occurredAt = Math.max(occurredAt, Date.now());
      const started = performance.now();
      const body: ChainedEventBody = {
        seq: seq.toString(),
        occurredAt: new Date(occurredAt).toISOString(),
        actorId: e.actorId,
        actorRole: e.actorRole,
        action: e.action,
        entityType: e.entityType,
        entityId: e.entityId,
        requestId: options.requestId,
        ip: null,
        changes: e.changes,
      };
      const hash = chainHash(prevHash, body);
      result.hashMs += performance.now() - started;
      yield [
        body.seq,
        body.occurredAt,
        body.actorId,
        body.actorRole,
        body.action,
        body.entityType,
        body.entityId,
        body.requestId,
        body.ip,
        body.changes,
        prevHash,
        hash,
      ];
      prevHash = hash;
      result.firstSeq ??= body.seq;
      result.lastSeq = body.seq;
      result.count++;
    }
  }

  await insertBatches(client, 'audit_events', COLUMNS, linked(), {
    batchSize: options.batchSize,
    timings: options.timings,
  });
  return result;
}

/** Recomputes the whole chain from genesis, as GET /audit-events/verification does. */
export async function verifyAuditChain(client: ClientBase): Promise<ChainVerification> {
  const verifier = new ChainVerifier();
  let after = '0';
  for (;;) {
    const { rows } = await client.query<AuditRow>(
      `SELECT ${AUDIT_COLUMNS}
         FROM audit_events WHERE audit_events.seq > $1 ORDER BY audit_events.seq LIMIT 10000`,
      [after],
    );
    if (rows.length === 0) break;
    for (const r of rows) {
      const ok = verifier.accept(toChainedEvent(r));
      if (!ok) return verifier.result();
    }
    after = rows[rows.length - 1]!.seq;
  }
  return verifier.result();
}
