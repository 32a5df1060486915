import { createHash } from 'node:crypto';

import canonicalize from 'canonicalize';

/** Key of the transaction-scoped advisory lock that keeps the chain linear (every appender takes it). */
export const AUDIT_APPEND_LOCK = 824_320_241_225;

/** The hash a chain starts from. */
export const GENESIS_HASH = '0'.repeat(64);

/** Marker that stands in the log wherever a value is personal data. */
export const REDACTED = '[redacted]';

export interface ChainedEventBody {
  seq: string;
  occurredAt: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  requestId: string | null;
  /**
   * The caller's own X-Request-Id, present only when the caller sent a well-formed one, so that
   * events written before it existed keep the canonical form (and hash) they were written with.
   */
  clientRequestId?: string;
  ip: string | null;
  changes: Record<string, unknown>;
}

export interface ChainedEvent extends ChainedEventBody {
  prevHash: string;
  hash: string;
}

/** hash = sha256(prevHash + canonical JSON of the event body) (RFC 8785 canonical form). */
export function chainHash(prevHash: string, body: ChainedEventBody): string {
  const canonical = canonicalize(body);
  if (canonical === undefined) throw new Error('Audit event body cannot be canonicalised');
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

/** The text an audit checkpoint's Ed25519 signature covers (UTF-8). */
export function checkpointMessage(seq: string, hash: string): string {
  return `${seq}:${hash}`;
}

export interface ChainVerification {
  valid: boolean;
  checked: number;
  firstInvalidSeq: string | null;
}

/**
 * Walks events in seq order and stops at the first one whose link, position or hash is wrong.
 * `checkpoints` (seq to hash, from signatures already checked) pins the chain: an event whose
 * hash differs from its checkpoint's was rewritten (with every hash after it recomputed, the
 * links alone would not show it), and a checkpoint beyond the last event means the newest
 * events were removed; the first missing position is then the first invalid one.
 */
export class ChainVerifier {
  private prevHash = GENESIS_HASH;
  private nextSeq = 1n;
  private readonly lastCheckpoint: bigint;
  checked = 0;
  firstInvalidSeq: string | null = null;

  constructor(private readonly checkpoints: ReadonlyMap<string, string> = new Map()) {
    this.lastCheckpoint = [...checkpoints.keys()].reduce(
      (max, seq) => (BigInt(seq) > max ? BigInt(seq) : max),
      0n,
    );
  }

  /** Returns false once the chain is broken; later events are not examined. */
  accept(event: ChainedEvent): boolean {
    if (this.firstInvalidSeq !== null) return false;
    const { prevHash, hash, ...body } = event;
    this.checked++;
    if (BigInt(event.seq) !== this.nextSeq) {
      // A gap: the missing position is the first invalid one.
      this.firstInvalidSeq = this.nextSeq.toString();
      return false;
    }
    if (prevHash !== this.prevHash || chainHash(prevHash, body) !== hash) {
      this.firstInvalidSeq = event.seq;
      return false;
    }
    const signed = this.checkpoints.get(event.seq);
    if (signed !== undefined && signed !== hash) {
      this.firstInvalidSeq = event.seq;
      return false;
    }
    this.prevHash = hash;
    this.nextSeq++;
    return true;
  }

  /** Call after the last event: the result, the head checked against the newest checkpoint. */
  result(): ChainVerification {
    if (this.firstInvalidSeq === null && this.lastCheckpoint >= this.nextSeq) {
      this.firstInvalidSeq = this.nextSeq.toString();
    }
    return {
      valid: this.firstInvalidSeq === null,
      checked: this.checked,
      firstInvalidSeq: this.firstInvalidSeq,
    };
  }
}

export type ChangeSet = Record<string, { before: unknown; after: unknown }>;

/**
 * Before/after of the fields that changed. Fields named in `personal` keep only the fact that
 * they changed: their values never enter the log.
 */
export function diffChanges(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  personal: readonly string[] = [],
): ChangeSet {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: ChangeSet = {};
  for (const key of keys) {
    const b = normalise(before?.[key]);
    const a = normalise(after?.[key]);
    if (JSON.stringify(b) === JSON.stringify(a)) continue;
    changes[key] = personal.includes(key)
      ? { before: b === null ? null : REDACTED, after: a === null ? null : REDACTED }
      : { before: b, after: a };
  }
  return changes;
}

function normalise(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return value;
}
