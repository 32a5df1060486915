import type { ChainedEvent } from './domain/audit-chain';

/** An audit_events row as the pg driver returns it (seq as text: it is a bigint). */
export interface AuditRow {
  seq: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  request_id: string | null;
  client_request_id: string | null;
  ip: string | null;
  changes: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

export const AUDIT_COLUMNS = `seq::text AS seq, occurred_at, actor_id, actor_role, action, entity_type, entity_id,
  request_id, client_request_id, ip, changes, prev_hash, hash`;

/** The row as the chain hashes it. */
export function toChainedEvent(r: AuditRow): ChainedEvent {
  return {
    seq: r.seq,
    occurredAt: r.occurred_at.toISOString(),
    actorId: r.actor_id,
    actorRole: r.actor_role,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    requestId: r.request_id,
    ...(r.client_request_id !== null ? { clientRequestId: r.client_request_id } : {}),
    ip: r.ip,
    changes: r.changes,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
