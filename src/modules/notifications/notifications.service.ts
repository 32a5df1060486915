import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { queryRows, sql } from '../../common/database/sql';
import { mapPage, Page, paginate } from '../../common/pagination/pagination';
import { NotificationStatus } from './domain/notification-types';
import { ListNotificationsQueryDto, NotificationResponseDto } from './dto/notification.dto';
import { Notification } from './notification.entity';

const OPEN: readonly NotificationStatus[] = [NotificationStatus.Pending, NotificationStatus.Failed];

export function toNotificationResponse(n: Notification): NotificationResponseDto {
  return {
    id: n.id,
    recipient: { type: n.recipientType, id: n.recipientId },
    channel: n.channel,
    template: n.template,
    language: n.language,
    status: n.status,
    attempts: n.attempts,
    lastError: n.lastError,
    relatedEntity: { type: n.relatedEntityType, id: n.relatedEntityId },
    nextAttemptAt: OPEN.includes(n.status) ? n.nextAttemptAt.toISOString() : null,
    sentAt: n.sentAt?.toISOString() ?? null,
    createdAt: n.createdAt.toISOString(),
    updatedAt: n.updatedAt.toISOString(),
  };
}

@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: ListNotificationsQueryDto): Promise<Page<NotificationResponseDto>> {
    const qb = this.dataSource.manager.createQueryBuilder(Notification, 'n');
    if (query.status) qb.andWhere('n.status = :status', { status: query.status });
    if (query.relatedEntityId) {
      qb.andWhere('n.relatedEntityId = :related', { related: query.relatedEntityId });
    }
    return mapPage(await paginate(qb, query), toNotificationResponse);
  }

  /** Notifications still to deliver (pending or failed): the outbox backlog. */
  async backlog(): Promise<number> {
    const [row] = await queryRows<{ count: number }>(
      this.dataSource,
      sql(`SELECT count(*)::int AS count FROM notifications WHERE status IN ('pending', 'failed')`),
    );
    return row!.count;
  }
}
