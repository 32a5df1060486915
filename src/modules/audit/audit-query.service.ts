import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DEFAULT_PAGE_SIZE, Page } from '../../common/pagination/pagination';
import { AUDIT_COLUMNS, AuditRow, toChainedEvent } from './audit-rows';
import { AuditEventDto, ListAuditEventsQueryDto } from './dto/audit.dto';

@Injectable()
export class AuditQueryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
}
