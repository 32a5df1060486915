import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  GaugeConfiguration,
  Histogram,
  Registry,
} from 'prom-client';
import { DataSource } from 'typeorm';

import { execute, queryRows, sql } from '../../common/database/sql';
import { ReportingDatabase } from '../../database/reporting-database';
import { ClaimStatus } from '../claims/domain/claim-status';

/** A route the router did not match (a 404): one label value, whatever the path. */
const UNMATCHED = 'unmatched';

/** Seconds since the last replayed transaction, or 0 when nothing received waits for replay. */
const REPLICA_LAG = `SELECT CASE
    WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
  END::float8 AS lag`;

/** How long a scrape waits for the claim counts before leaving them out. */
const CLAIMS_QUERY_TIMEOUT_MS = 2000;

/**
 * The Prometheus metrics of one app instance (GET /metrics, docs/operations.md explains each).
 * Each instance has its own registry, so two apps in one process (the tests) do not collide.
 */
@Injectable()
export class MetricsService implements OnModuleDestroy {
  private readonly logger = new Logger(MetricsService.name);
  readonly registry = new Registry();

  private readonly requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from the request arriving to the response sent, by route template, method and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'Requests answered, by route template, method and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [this.registry],
  });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reporting: ReportingDatabase,
  ) {
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
    this.poolGauges();
    this.claimGauge();
    this.outboxGauge();
    this.replicaMetrics();
  }

  /** Times every request the server answers (fastify's onResponse). */
  instrument(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (request, reply, done) => {
      const labels = {
        method: request.method,
        route: request.routeOptions.url ?? UNMATCHED,
        status_code: String(reply.statusCode),
      };
      this.requestDuration.observe(labels, reply.elapsedTime / 1000);
      this.requests.inc(labels);
      done();
    });
  }

  /** The place for gauges read at scrape time from elsewhere in the service. */
  addGauge<T extends string>(configuration: Omit<GaugeConfiguration<T>, 'registers'>): Gauge<T> {
    return new Gauge<T>({ ...configuration, registers: [this.registry] });
  }

  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  onModuleDestroy(): void {
    this.registry.clear();
  }

  private poolGauges(): void {
    const pools = (): [string, Pool | undefined][] => [
      ['primary', (this.dataSource.driver as unknown as { master?: Pool }).master],
      ['replica', this.reporting.replicaPool],
    ];
    const gauge = (name: string, help: string, read: (pool: Pool) => number) =>
      this.addGauge({
        name,
        help,
        labelNames: ['pool'] as const,
        collect() {
          this.reset();
          for (const [pool, p] of pools()) if (p) this.set({ pool }, read(p));
        },
      });
    gauge('db_pool_connections', 'Open connections of the pool', (p) => p.totalCount);
    gauge('db_pool_idle_connections', 'Open connections not in use', (p) => p.idleCount);
    gauge(
      'db_pool_waiting_requests',
      'Queries waiting for a free connection',
      (p) => p.waitingCount,
    );
    gauge('db_pool_max_connections', 'Largest number of connections the pool opens', (p) =>
      Number(p.options.max),
    );
  }

  /** Only with DATABASE_REPLICA_URL: is it there, how far behind, who served the reports. */
  private replicaMetrics(): void {
    const replica = this.reporting.replicaPool;
    if (!replica) return;
    const connections = new Counter({
      name: 'db_report_connections_total',
      help: 'Connections handed to reports, by the server they came from (primary: replica away)',
      labelNames: ['server'] as const,
      registers: [this.registry],
    });
    this.reporting.onConnection((server) => connections.inc({ server }));
    const lag = this.addGauge({
      name: 'db_replica_lag_seconds',
      help: 'How far the replica trails the primary (0 when it has replayed all it received)',
    });
    const up = this.addGauge({
      name: 'db_replica_up',
      help: 'Whether the read replica answered at scrape time (1) or not (0)',
      collect: async () => {
        lag.reset();
        try {
          const { rows } = await replica.query<{ lag: number }>(REPLICA_LAG);
          lag.set(rows[0]?.lag ?? 0);
          up.set(1);
        } catch (error) {
          up.set(0);
          this.logger.debug({ err: { message: (error as Error).message } }, 'Replica probe failed');
        }
      },
    });
  }

  private claimGauge(): void {
    const claims = this.addGauge({
      name: 'claims',
      help: 'Claims by status (all incidents), read at scrape time',
      labelNames: ['status'] as const,
      collect: async () => {
        claims.reset();
        try {
          const counts = await this.claimCounts();
          for (const status of Object.values(ClaimStatus)) {
            claims.set({ status }, counts.get(status) ?? 0);
          }
        } catch (error) {
          // No figures rather than a failed scrape: the other metrics still matter then.
          this.logger.warn(
            { err: { message: (error as Error).message } },
            'Claim counts unavailable',
          );
        }
      },
    });
  }

  /**
   * The notifications outbox by status: `pending` and `failed` are the worker's backlog (what
   * it still has to deliver), `dead` what it gave up on and an administrator should look at.
   * Read on the primary: the worker writes there, and a backlog must not look older than it is.
   */
  private outboxGauge(): void {
    const backlog = this.addGauge({
      name: 'notifications_outbox_backlog',
      help: 'Notifications not delivered, by status (pending and failed are still to be sent; dead were given up)',
      labelNames: ['status'] as const,
      collect: async () => {
        backlog.reset();
        try {
          const rows = await queryRows<{ status: string; count: number }>(
            this.dataSource,
            sql(`SELECT status::text AS status, count(*)::int AS count FROM notifications
              WHERE status IN ('pending', 'failed', 'dead') GROUP BY status`),
          );
          const counts = new Map(rows.map((r) => [r.status, r.count]));
          for (const status of ['pending', 'failed', 'dead']) {
            backlog.set({ status }, counts.get(status) ?? 0);
          }
        } catch (error) {
          this.logger.warn({ err: { message: (error as Error).message } }, 'Outbox unavailable');
        }
      },
    });
  }

  private async claimCounts(): Promise<Map<string, number>> {
    const rows = await this.reporting.dataSource.transaction(async (manager) => {
      await execute(manager, sql(`SET LOCAL statement_timeout = ${CLAIMS_QUERY_TIMEOUT_MS}`));
      return queryRows<{ status: string; count: number }>(
        manager,
        sql(`SELECT status::text AS status, count(*)::int AS count FROM claims GROUP BY status`),
      );
    });
    return new Map(rows.map((r) => [r.status, r.count]));
  }
}
