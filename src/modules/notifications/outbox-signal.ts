import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DataSource,
  EntitySubscriberInterface,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';

import { OUTBOX_WRITTEN } from './outbox-writer';

/**
 * Wakes this process's delivery loop when a transaction that wrote notifications commits, so
 * messages written here leave at once instead of at the next poll. Other processes find them
 * by polling (the embedded database has no LISTEN/NOTIFY between connections).
 */
@Injectable()
export class OutboxSignal implements OnModuleInit, EntitySubscriberInterface {
  private listeners = new Set<() => void>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.dataSource.subscribers.push(this);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const data = event.queryRunner.data as Record<string, unknown> | undefined;
    if (data?.[OUTBOX_WRITTEN]) {
      delete data[OUTBOX_WRITTEN];
      this.wake();
    }
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    const data = event.queryRunner.data as Record<string, unknown> | undefined;
    if (data) delete data[OUTBOX_WRITTEN];
  }

  wake(): void {
    for (const listener of this.listeners) listener();
  }

  /** Resolves after `ms`, or earlier when woken; `stop` ends the wait too. */
  sleep(ms: number): { done: Promise<void>; cancel: () => void } {
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const timer = setTimeout(() => cancel(), ms);
    const cancel = () => {
      clearTimeout(timer);
      this.listeners.delete(cancel);
      finish();
    };
    this.listeners.add(cancel);
    return { done, cancel };
  }
}
