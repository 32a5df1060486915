import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DEFAULT_PAGE_SIZE, Page } from '../../common/pagination/pagination';
import { AuditCheckpointsService } from './audit-checkpoints.service';
import { AUDIT_COLUMNS, AuditRow, toChainedEvent } from './audit-rows';
import { ChainVerifier } from './domain/audit-chain';
import { AuditEventDto, ChainVerificationDto, ListAuditEventsQueryDto } from './dto/audit.dto';

const VERIFY_BATCH = 5000;

@Injectable()
export class AuditQueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly checkpoints: AuditCheckpointsService,
  ) {}

  async list(query: ListAuditEventsQueryDto): Promise<Page<AuditEventDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.entityType) add('entity_type = ?', query.entityType);
    if (query.entityId) add('entity_id = ?', query.entityId);
    if (query.actorId) add('actor_id = ?', query.actorId);
    if (query.from) add('occurred_at >= ?', new Date(query.from));
    if (query.to) add('occurred_at < ?', new Date(query.to));
    if (query.cursor) add('seq > ?', query.cursor);
    params.push(limit + 1);
    const rows = (await this.dataSource.query(
      `SELECT ${AUDIT_COLUMNS} FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY audit_events.seq LIMIT $${params.length}`,
      params,
    )) as AuditRow[];
    const items = rows
      .slice(0, limit)
      .map((r) => ({ ...toChainedEvent(r), clientRequestId: r.client_request_id }));
    return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.seq : null };
  }

  /**
   * Recomputes the chain from the first event up to the last one present when it starts
   * (events are immutable and appended at the end, so batches need no long transaction), and
   * holds it to the signed checkpoints: a forged checkpoint, an event rewritten under one, or
   * a head cut off below the newest one makes the chain invalid.
   */
  async verify(): Promise<ChainVerificationDto> {
    // Checkpoints first, then the head (see AuditCheckpointsService.all).
    const checkpoints = await this.checkpoints.all();
    const forged = checkpoints.find((c) => !c.signatureValid);
    if (forged) return { valid: false, checked: 0, firstInvalidSeq: forged.seq };
    const [{ max }] = (await this.dataSource.query(
      `SELECT COALESCE(max(seq), 0)::text AS max FROM audit_events`,
    )) as { max: string }[];
    const verifier = new ChainVerifier(new Map(checkpoints.map((c) => [c.seq, c.hash])));
    let after = '0';
    while (BigInt(after) < BigInt(max!)) {
      const rows = (await this.dataSource.query(
        `SELECT ${AUDIT_COLUMNS} FROM audit_events WHERE seq > $1 AND seq <= $2 ORDER BY audit_events.seq LIMIT ${VERIFY_BATCH}`,
        [after, max],
      )) as AuditRow[];
      if (rows.length === 0) break;
      for (const row of rows) {
        if (!verifier.accept(toChainedEvent(row))) return verifier.result();
      }
      after = rows[rows.length - 1]!.seq;
    }
    return verifier.result();
  }
}
