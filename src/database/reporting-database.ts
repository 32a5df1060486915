import { EventEmitter } from 'node:events';

import { Global, Injectable, Logger, Module, OnModuleDestroy } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import pg, { Pool, PoolClient, PoolConfig } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';

import { databaseUnreachable } from '../common/errors/to-problem';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

type Release = (error?: Error | boolean) => void;
type ConnectCallback = (error: Error | undefined, client?: PoolClient, release?: Release) => void;
export type ReportServer = 'replica' | 'primary';

/** The replica cannot be reached (or is not accepting connections yet): read elsewhere. */
function replicaUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return databaseUnreachable(error) || (typeof code === 'string' && /^(08|57P0)/.test(code));
}

/**
 * The pool behind the reporting DataSource when DATABASE_REPLICA_URL is set: pg's Pool as
 * TypeORM's driver uses it (`connect(callback)`, `end`, `on('error')`). Each connection comes
 * from the replica; when the replica refuses, times out or is starting up, it comes from the
 * primary's own pool instead, and the replica is left alone for DB_REPLICA_RETRY_MS. So reports
 * keep working, slower and on the primary, while the replica is away, and go back to it by
 * themselves. A report whose replica connection dies mid-way fails (503); the next one reads
 * from the primary.
 */
class ReplicaFirstPool extends EventEmitter {
  readonly replica: Pool;
  private skipUntil = 0;
  private replicaDown = false;

  constructor(
    readonly options: PoolConfig,
    private readonly primary: () => Pool,
    private readonly retryMs: number,
    private readonly handedOut: (server: ReportServer) => void,
    private readonly logger: Logger,
  ) {
    super();
    this.replica = new pg.Pool(options);
    this.replica.on('error', (error) => this.emit('error', error));
  }

  get totalCount(): number {
    return this.replica.totalCount;
  }

  get idleCount(): number {
    return this.replica.idleCount;
  }

  get waitingCount(): number {
    return this.replica.waitingCount;
  }

  connect(callback: ConnectCallback): void {
    if (Date.now() < this.skipUntil) return this.fromPrimary(callback);
    this.replica.connect((error, client, release) => {
      if (error && replicaUnavailable(error)) {
        this.skipUntil = Date.now() + this.retryMs;
        if (!this.replicaDown) {
          this.replicaDown = true;
          this.logger.warn(
            { err: { message: error.message } },
            'The read replica is unavailable: reports read from the primary',
          );
        }
        return this.fromPrimary(callback);
      }
      if (error) return callback(error);
      if (this.replicaDown) {
        this.replicaDown = false;
        this.logger.log('The read replica answers again: reports read from it');
      }
      this.handedOut('replica');
      callback(undefined, client, release);
    });
  }

  end(callback?: (error?: Error) => void): void {
    // The primary's pool belongs to the primary DataSource, which closes it.
    void this.replica.end().then(
      () => callback?.(),
      (error: Error) => callback?.(error),
    );
  }

  private fromPrimary(callback: ConnectCallback): void {
    this.primary().connect((error, client, release) => {
      if (!error) this.handedOut('primary');
      callback(error, client, release);
    });
  }
}

/**
 * Where reports and CSV exports read (docs/operations.md): the replica named by
 * DATABASE_REPLICA_URL, falling back to the primary while it is away; the primary itself when
 * no replica is configured. Access checks, writes and every read that must see the caller's
 * own writes use the primary DataSource as before: only ReportsModule reads through this.
 */
@Injectable()
export class ReportingDatabase implements OnModuleDestroy {
  private static readonly logger = new Logger('ReportingDatabase');

  private constructor(
    readonly dataSource: DataSource,
    private readonly pool: ReplicaFirstPool | undefined,
    private readonly events = new EventEmitter(),
  ) {}

  /** Calls `listener` with the server of every connection a report gets (a metric counts them). */
  onConnection(listener: (server: ReportServer) => void): void {
    this.events.on('connection', listener);
  }

  /** The replica's own pool, for pool metrics and the replica probe; none without a replica. */
  get replicaPool(): Pool | undefined {
    return this.pool?.replica;
  }

  static async open(config: AppConfig, primary: DataSource): Promise<ReportingDatabase> {
    if (!config.DATABASE_REPLICA_URL) return new ReportingDatabase(primary, undefined);
    const events = new EventEmitter();
    const pools: ReplicaFirstPool[] = [];
    const primaryPool = () => (primary.driver as unknown as { master: Pool }).master;
    // TypeORM's driver creates the pool itself from `driver.Pool`.
    class ReportingPool extends ReplicaFirstPool {
      constructor(options: PoolConfig) {
        super(
          options,
          primaryPool,
          config.DB_REPLICA_RETRY_MS,
          (server) => events.emit('connection', server),
          ReportingDatabase.logger,
        );
        pools.push(this);
      }
    }
    const options = dataSourceOptions(config, config.DATABASE_REPLICA_URL, {
      applicationName: `${config.DB_APPLICATION_NAME}-reports`.slice(0, 63),
    });
    const replica = new DataSource({
      ...(options as Extract<DataSourceOptions, { type: 'postgres' }>),
      driver: { Pool: ReportingPool, defaults: pg.defaults },
    });
    await replica.initialize();
    return new ReportingDatabase(replica, pools[0], events);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.pool && this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** Provides ReportingDatabase everywhere (reports, metrics). */
@Global()
@Module({
  providers: [
    {
      provide: ReportingDatabase,
      inject: [AppConfig, getDataSourceToken()],
      useFactory: (config: AppConfig, primary: DataSource) =>
        ReportingDatabase.open(config, primary),
    },
  ],
  exports: [ReportingDatabase],
})
export class ReportingDatabaseModule {}
