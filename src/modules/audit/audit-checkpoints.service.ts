import { createPublicKey, KeyObject, sign, verify } from 'node:crypto';

import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { and, execute, queryRows, sql } from '../../common/database/sql';
import { keyset, KeysetOrder, mapPage, SEQUENCE } from '../../common/pagination/pagination';
import { AppConfig } from '../../config/app-config';
import { checkpointMessage } from './domain/audit-chain';
import {
  AuditCheckpointDto,
  AuditCheckpointPageDto,
  ListCheckpointsQueryDto,
} from './dto/audit.dto';

/** The head is signed when the newest checkpoint is this old and the chain has grown since. */
const AT_LEAST_EVERY_MS = 3600_000;
/** How often an instance looks whether the hourly checkpoint is due. */
const CHECK_EVERY_MS = 300_000;

interface CheckpointRow {
  seq: string;
  hash: string;
  signed_at: Date;
  signature: string;
}

/** Checkpoints are listed newest first; the cursor is the last one's sequence number. */
const NEWEST_FIRST: KeysetOrder<CheckpointRow> = {
  columns: ['audit_checkpoints.seq'],
  direction: 'DESC',
  key: (r) => [r.seq],
  cursor: SEQUENCE,
};

/**
 * Signed checkpoints of the audit chain (docs/api.md#security-rules-a-client-meets): every AUDIT_CHECKPOINT_EVERY
 * events, in the transaction that appends the event, and at least hourly for the head.
 */
@Injectable()
export class AuditCheckpointsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AuditCheckpoints');
  private readonly privateKey: KeyObject;
  /** The current key's public half first, then those of the keys it replaced. */
  private readonly verifyingKeys: KeyObject[];
  readonly publicKeyPem: string;
  private readonly previousPublicKeyPems: string[];
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {
    this.privateKey = config.auditSigningKey;
    const pem = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();
    const current = createPublicKey(this.privateKey);
    const previous = config.previousAuditPublicKeys;
    this.verifyingKeys = [current, ...previous];
    this.publicKeyPem = pem(current);
    this.previousPublicKeyPems = previous.map(pem);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () =>
        void this.signHeadIfDue().catch((err: unknown) =>
          this.logger.warn({ err }, 'Could not sign the hourly audit checkpoint'),
        ),
      CHECK_EVERY_MS,
    );
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Whether the event at `seq` gets a checkpoint as it is appended. */
  due(seq: string): boolean {
    return BigInt(seq) % BigInt(this.config.AUDIT_CHECKPOINT_EVERY) === 0n;
  }

  /** Signs `<seq>:<hash>` and stores it through the caller's transaction. */
  async insert(manager: EntityManager, seq: string, hash: string): Promise<void> {
    await execute(
      manager,
      sql(
        `INSERT INTO audit_checkpoints (seq, hash, signed_at, signature) VALUES (:seq, :hash, now(), :signature)
       ON CONFLICT (seq) DO NOTHING`,
        { seq, hash, signature: this.sign(seq, hash) },
      ),
    );
  }

  /**
   * Signs the chain's head when it has grown since the newest checkpoint and that one is an
   * hour old (or there is none). Several instances may race: the first insert wins.
   */
  async signHeadIfDue(now = new Date()): Promise<boolean> {
    const [head] = await queryRows<{ seq: string; hash: string }>(
      this.dataSource,
      sql(`SELECT seq::text AS seq, hash FROM audit_events ORDER BY audit_events.seq DESC LIMIT 1`),
    );
    if (!head) return false;
    const [latest] = await queryRows<{ seq: string; signed_at: Date }>(
      this.dataSource,
      sql(
        `SELECT seq::text AS seq, signed_at FROM audit_checkpoints ORDER BY audit_checkpoints.seq DESC LIMIT 1`,
      ),
    );
    if (latest && BigInt(latest.seq) >= BigInt(head.seq)) return false;
    if (latest && now.getTime() - latest.signed_at.getTime() < AT_LEAST_EVERY_MS) return false;
    await this.insert(this.dataSource.manager, head.seq, head.hash);
    return true;
  }

  async list(query: ListCheckpointsQueryDto): Promise<AuditCheckpointPageDto> {
    const page = keyset(query, NEWEST_FIRST);
    const where = and(page.after);
    const rows = await queryRows<CheckpointRow>(
      this.dataSource,
      sql(
        `SELECT seq::text AS seq, hash, signed_at, signature FROM audit_checkpoints
          WHERE ${where.sql} ${page.tail}`,
        where.params,
      ),
    );
    return {
      publicKey: this.publicKeyPem,
      previousPublicKeys: this.previousPublicKeyPems,
      ...mapPage(page.page(rows), toDto),
    };
  }

  /**
   * Every checkpoint, oldest first, with whether its signature holds under this service's key
   * or one it replaced (AUDIT_SIGNING_PREVIOUS_PUBLIC_KEYS).
   * Read before the chain's head, so a checkpoint signed during a verification is never taken
   * for one beyond a truncated head.
   */
  async all(): Promise<(AuditCheckpointDto & { signatureValid: boolean })[]> {
    const rows = await queryRows<CheckpointRow>(
      this.dataSource,
      sql(
        `SELECT seq::text AS seq, hash, signed_at, signature FROM audit_checkpoints ORDER BY audit_checkpoints.seq`,
      ),
    );
    return rows.map((row) => {
      const message = Buffer.from(checkpointMessage(row.seq, row.hash), 'utf8');
      const signature = Buffer.from(row.signature, 'base64');
      return {
        ...toDto(row),
        signatureValid: this.verifyingKeys.some((key) => verify(null, message, key, signature)),
      };
    });
  }

  private sign(seq: string, hash: string): string {
    return sign(null, Buffer.from(checkpointMessage(seq, hash), 'utf8'), this.privateKey).toString(
      'base64',
    );
  }
}

function toDto(row: CheckpointRow): AuditCheckpointDto {
  return {
    seq: row.seq,
    hash: row.hash,
    signedAt: row.signed_at.toISOString(),
    signature: row.signature,
  };
}
