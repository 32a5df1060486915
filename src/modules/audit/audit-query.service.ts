import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { and, queryRows, sql } from '../../common/database/sql';
import { keyset, KeysetOrder, mapPage, Page, SEQUENCE } from '../../common/pagination/pagination';
import { AUDIT_COLUMNS, AuditRow, toChainedEvent } from './audit-rows';
import { AuditEventDto, ListAuditEventsQueryDto } from './dto/audit.dto';

@Injectable()
export class AuditQueryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: ListAuditEventsQueryDto): Promise<Page<AuditEventDto>> {
    const page = keyset(query, BY_SEQ);
    const where = and(
      query.entityType && sql('entity_type = :entityType', { entityType: query.entityType }),
      query.entityId && sql('entity_id = :entityId', { entityId: query.entityId }),
      query.actorId && sql('actor_id = :actorId', { actorId: query.actorId }),
      query.from && sql('occurred_at >= :from', { from: new Date(query.from) }),
      query.to && sql('occurred_at < :to', { to: new Date(query.to) }),
      page.after,
    );
    const rows = await queryRows<AuditRow>(
      this.dataSource,
      sql(
        `SELECT ${AUDIT_COLUMNS} FROM audit_events WHERE ${where.sql} ${page.tail}`,
        where.params,
      ),
    );
    return mapPage(page.page(rows), (r) => ({
      ...toChainedEvent(r),
      clientRequestId: r.client_request_id,
    }));
  }
}

/** The log in the order it was written: by its sequence number, the cursor being that number. */
const BY_SEQ: KeysetOrder<AuditRow> = {
  columns: ['audit_events.seq'],
  direction: 'ASC',
  key: (r) => [r.seq],
  cursor: SEQUENCE,
};
