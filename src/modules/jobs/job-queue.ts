import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, PoolClient } from 'pg';
import PgBoss from 'pg-boss';
import { DataSource, EntityManager } from 'typeorm';

import { AppConfig } from '../../config/app-config';

/** Queues of this service; each is created at start (pg-boss 10 needs them to exist). */
export enum JobName {
  AuditVerification = 'audit-verification',
  Reminders = 'reminders',
}

interface QueueSettings {
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
  expireInSeconds: number;
}

const QUEUES: Record<JobName, QueueSettings> = {
  // A run that fails is reported to whoever waits for it; the next request starts a new one.
  [JobName.AuditVerification]: {
    retryLimit: 0,
    retryDelay: 0,
    retryBackoff: false,
    expireInSeconds: 3600,
  },
  // Reminders are idempotent (one key per reminder): retrying a failed sweep is harmless.
  [JobName.Reminders]: { retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 900 },
};

const DEADLOCK = '40P01';

/**
 * pg-boss on the service's own database and connection pool: its statements go through the
 * TypeORM pool (a single connection on the embedded database, whose socket server serves one
 * session), and a job sent inside a transaction goes through that transaction's connection,
 * so it commits or rolls back with the change that asked for it. Every process starts it (an
 * app that only sends jobs too); only workers supervise, schedule and work.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap {
  private readonly logger = new Logger('Jobs');
  private boss: PgBoss | null = null;
  private starting: Promise<PgBoss> | null = null;
  private readonly workers = new Map<string, string>();
  /** pg-boss statements and job handlers running now (see stop). */
  private inFlight = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ready();
  }

  ready(): Promise<PgBoss> {
    this.starting ??= this.start();
    return this.starting;
  }

  private async start(): Promise<PgBoss> {
    const worker = this.config.workerEnabled;
    const boss = new PgBoss({
      db: { executeSql: (text, values) => this.executeSql(text, values) },
      supervise: worker,
      schedule: worker,
      migrate: true,
      maintenanceIntervalSeconds: 60,
    });
    boss.on('error', (error: Error) =>
      this.logger.warn({ err: { message: error.message } }, 'Job queue error'),
    );
    await boss.start();
    for (const [name, settings] of Object.entries(QUEUES)) {
      await this.withDeadlockRetry(() => boss.createQueue(name, { name, ...settings }));
    }
    this.boss = boss;
    return boss;
  }

  /** Sends a job through the caller's transaction. */
  async send(manager: EntityManager, name: JobName, data: object): Promise<string | null> {
    const boss = await this.ready();
    const client = transactionClient(manager);
    return boss.send(name, data, {
      db: { executeSql: (text: string, values: unknown[]) => client.query(text, values) },
    });
  }

  /** Works a queue in this process; `notify` then wakes it at once. */
  async work<T>(name: JobName, handler: (data: T) => Promise<void>): Promise<void> {
    const boss = await this.ready();
    const id = await boss.work<T>(name, { pollingIntervalSeconds: 2 }, ([job]) =>
      this.track(() => handler(job!.data)),
    );
    this.workers.set(name, id);
  }

  /** Wakes this process's worker of `name`, if it has one. */
  notify(name: JobName): void {
    const id = this.workers.get(name);
    if (id && this.boss) this.boss.notifyWorker(id);
  }

  /** A cron schedule, kept in the database: each tick sends one job for the whole cluster. */
  async schedule(name: JobName, cron: string): Promise<void> {
    const boss = await this.ready();
    await this.withDeadlockRetry(() => boss.schedule(name, cron, {}, { tz: 'UTC' }));
  }

  /**
   * Stops the queue, then waits (within the grace) until no pg-boss statement or handler of
   * this process runs any more: a work loop caught in its fetch only ends when the fetch
   * returns, and pg-boss keeps polling for that, on timers, after `stop` resolved. Returning
   * before then left those timers running past the pool's (and a test's) end.
   */
  async stop(graceMs: number): Promise<void> {
    const boss = this.boss;
    this.boss = null;
    this.starting = null;
    this.workers.clear();
    if (!boss) return;
    const until = Date.now() + graceMs;
    await boss.stop({ graceful: true, wait: true, close: false, timeout: graceMs });
    while (this.inFlight > 0 && Date.now() < until) {
      await new Promise((done) => setTimeout(done, 10));
    }
  }

  private async track<T>(work: () => Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      return await work();
    } finally {
      this.inFlight--;
    }
  }

  /**
   * pg-boss statements through the pool. A multi-statement command that fails inside its own
   * BEGIN leaves the session in an aborted transaction: it is rolled back before the
   * connection goes back to the pool the requests share.
   */
  private executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> {
    return this.track(() => this.executeOnPool(text, values));
  }

  private async executeOnPool(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> {
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const client: PoolClient = await pool.connect();
    try {
      return await client.query(text, values);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Two processes creating the same queue at once may deadlock on the server: retry. */
  private async withDeadlockRetry(work: () => Promise<unknown>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await work();
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== DEADLOCK || attempt >= 5) throw error;
        await new Promise((done) => setTimeout(done, 50 * attempt));
      }
    }
  }
}

interface QueryClient {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

function transactionClient(manager: EntityManager): QueryClient {
  const runner = manager.queryRunner as unknown as
    { isTransactionActive: boolean; databaseConnection?: QueryClient } | undefined;
  if (!runner?.isTransactionActive || !runner.databaseConnection) {
    throw new Error('Jobs are sent inside the transaction of the change that asks for them');
  }
  return runner.databaseConnection;
}
