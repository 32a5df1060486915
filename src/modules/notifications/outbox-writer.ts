import { Injectable } from '@nestjs/common';
import { EntityManager, QueryRunner } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

import { Language, NotificationChannel, RecipientType } from './domain/notification-types';
import { Notification } from './notification.entity';

/** One message to write: who receives it, through which channel, from which template. */
export interface NotificationDraft {
  channel: NotificationChannel;
  template: string;
  recipientType: RecipientType;
  recipientId: string;
  language: Language;
  payload: Record<string, unknown>;
  relatedEntityType: string;
  relatedEntityId: string;
}

/** Set on a query runner whose transaction wrote notifications (see OutboxSignal). */
export const OUTBOX_WRITTEN = 'outboxWritten';

/**
 * Writes notifications through the caller's transaction, so the change and its messages
 * commit or roll back together (the outbox). A worker delivers them after the commit.
 */
@Injectable()
export class OutboxWriter {
  async write(manager: EntityManager, drafts: readonly NotificationDraft[]): Promise<number> {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) {
      throw new Error('Notifications must be written inside the transaction of their change');
    }
    if (drafts.length === 0) return 0;
    for (let i = 0; i < drafts.length; i += 500) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(Notification)
        .values(
          drafts.slice(i, i + 500).map((d) => ({ ...d }) as QueryDeepPartialEntity<Notification>),
        )
        .updateEntity(false)
        .execute();
    }
    markWritten(runner);
    return drafts.length;
  }
}

function markWritten(runner: QueryRunner): void {
  runner.data = { ...(runner.data as Record<string, unknown>), [OUTBOX_WRITTEN]: true };
}
