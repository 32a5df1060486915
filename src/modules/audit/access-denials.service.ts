import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import type { Role } from '../../common/auth/role';
import { execute, queryRows, sql } from '../../common/database/sql';
import { AppConfig } from '../../config/app-config';
import { AuditService } from './audit.service';

export type DeniedStatus = 401 | 403 | 404 | 429;

export interface Denial {
  actorId: string | null;
  actorRole: string | null;
  ip: string | null;
  /** Method and route pattern, e.g. `GET /api/v1/claims/:id`. */
  route: string;
  status: DeniedStatus;
}

interface Tally {
  minute: string;
  subject: string;
  route: string;
  actorId: string | null;
  actorRole: string | null;
  ip: string | null;
  counts: Record<DeniedStatus, number>;
}

const COLUMN: Record<DeniedStatus, string> = {
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  429: 'rate_limited',
};

/** Local tallies move to the table this often: the most a crash can lose. */
const PUBLISH_MS = 5_000;
/** A minute reaches the chain once every instance has had time to publish its tallies for it. */
const SETTLE_SECONDS = 75;
const CHAIN_BATCH = 500;

interface DenialRow {
  minute: Date;
  subject: string;
  route: string;
  actor_id: string | null;
  actor_role: string | null;
  ip: string | null;
  unauthenticated: number;
  forbidden: number;
  not_found: number;
  rate_limited: number;
}

/**
 * Denied requests (401, 403, a 404 answered to a lawyer, 429) as aggregated `access.denied`
 * audit events: one per caller (user, or address when anonymous), route and minute, with the
 * count by status. Requests only count in memory; every few seconds the counts are added to
 * `access_denials` (one upsert per key, no chain lock), and closed minutes are appended to the
 * chain in batches, one transaction each. A flood of refusals therefore costs the audit chain
 * one event per caller, route and minute, and never one locked append per request.
 */
@Injectable()
export class AccessDenialsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AccessDenials');
  private tallies = new Map<string, Tally>();
  private timers: NodeJS.Timeout[] = [];
  private publishing: Promise<void> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const publish = setInterval(() => void this.publish().catch(() => undefined), PUBLISH_MS);
    this.timers.push(publish);
    if (this.config.AUDIT_DENIALS_FLUSH_SECONDS > 0) {
      const flush = setInterval(
        () => void this.flush().catch((err: unknown) => this.logger.warn({ err }, 'Flush failed')),
        this.config.AUDIT_DENIALS_FLUSH_SECONDS * 1000,
      );
      this.timers.push(flush);
    }
    for (const timer of this.timers) timer.unref();
  }

  /** Counts still in memory go to the table (not the chain): the next flush, here or elsewhere, appends them. */
  async onModuleDestroy(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await Promise.race([
      this.publish().catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, 2_000).unref()),
    ]);
  }

  /** Counts one denied request; costs no database round trip. */
  note(denial: Denial, at = new Date()): void {
    const minute = new Date(Math.floor(at.getTime() / 60_000) * 60_000).toISOString();
    const subject = denial.actorId ? `user:${denial.actorId}` : `ip:${denial.ip ?? 'unknown'}`;
    const key = `${minute}|${subject}|${denial.route}`;
    let tally = this.tallies.get(key);
    if (!tally) {
      tally = {
        minute,
        subject: subject.slice(0, 100),
        route: denial.route.slice(0, 200),
        actorId: denial.actorId,
        actorRole: denial.actorRole,
        ip: denial.ip,
        counts: { 401: 0, 403: 0, 404: 0, 429: 0 },
      };
      this.tallies.set(key, tally);
    }
    tally.counts[denial.status]++;
  }

  /** Adds the tallies kept in memory to the table, one upsert per key. */
  publish(): Promise<void> {
    const run = async () => {
      if (this.tallies.size === 0) return;
      const batch = [...this.tallies.values()];
      this.tallies = new Map();
      try {
        await execute(
          this.dataSource,
          sql(
            `INSERT INTO access_denials AS d (minute, subject, route, actor_id, actor_role, ip,
             unauthenticated, forbidden, not_found, rate_limited)
           SELECT * FROM jsonb_to_recordset(:tallies::jsonb) AS x(minute timestamptz, subject varchar,
             route varchar, actor_id uuid, actor_role varchar, ip varchar, unauthenticated int,
             forbidden int, not_found int, rate_limited int)
           ON CONFLICT (minute, subject, route) DO UPDATE SET
             unauthenticated = d.unauthenticated + EXCLUDED.unauthenticated,
             forbidden = d.forbidden + EXCLUDED.forbidden,
             not_found = d.not_found + EXCLUDED.not_found,
             rate_limited = d.rate_limited + EXCLUDED.rate_limited`,
            {
              tallies: JSON.stringify(
                batch.map((t) => ({
                  minute: t.minute,
                  subject: t.subject,
                  route: t.route,
                  actor_id: t.actorId,
                  actor_role: t.actorRole,
                  ip: t.ip,
                  unauthenticated: t.counts[401],
                  forbidden: t.counts[403],
                  not_found: t.counts[404],
                  rate_limited: t.counts[429],
                })),
              ),
            },
          ),
        );
      } catch (error) {
        // The database is away: keep the counts for the next round.
        for (const t of batch) this.mergeBack(t);
        throw error;
      }
    };
    const next = this.publishing.then(run, run);
    this.publishing = next.catch(() => undefined);
    return next;
  }

  /**
   * Appends one `access.denied` event per settled (caller, route, minute) and removes the
   * rows, one transaction per batch. `now` lets a caller (tests, shutdown tools) settle
   * minutes early. Returns how many events were appended.
   */
  async flush(now = new Date()): Promise<number> {
    await this.publish();
    const settledBefore = new Date(now.getTime() - SETTLE_SECONDS * 1000);
    let appended = 0;
    for (;;) {
      const count = await this.dataSource.transaction(async (manager) => {
        const rows = await queryRows<DenialRow>(
          manager,
          sql(
            `SELECT minute, subject, route, actor_id, actor_role, ip, unauthenticated, forbidden,
                  not_found, rate_limited
             FROM access_denials
            WHERE minute + interval '1 minute' <= :settledBefore
            ORDER BY minute, subject, route
            LIMIT ${CHAIN_BATCH}
              FOR UPDATE SKIP LOCKED`,
            { settledBefore },
          ),
        );
        for (const row of rows) {
          const statuses = Object.fromEntries(
            (Object.entries(COLUMN) as [string, keyof DenialRow][])
              .map(([status, column]) => [status, row[column] as number])
              .filter(([, n]) => (n as number) > 0),
          ) as Record<string, number>;
          const [method, ...path] = row.route.split(' ');
          await this.audit.record(
            manager,
            {
              userId: row.actor_id,
              role: row.actor_role as Role | null,
              requestId: null,
              ip: row.ip,
            },
            {
              action: 'access.denied',
              entityType: 'route',
              entityId: null,
              changes: {
                method,
                route: path.join(' '),
                minute: row.minute.toISOString(),
                count: Object.values(statuses).reduce((a, b) => a + b, 0),
                statuses,
              },
            },
          );
          await execute(
            manager,
            sql(
              `DELETE FROM access_denials WHERE minute = :minute AND subject = :subject AND route = :route`,
              { minute: row.minute, subject: row.subject, route: row.route },
            ),
          );
        }
        return rows.length;
      });
      appended += count;
      if (count < CHAIN_BATCH) return appended;
    }
  }

  private mergeBack(t: Tally): void {
    const key = `${t.minute}|${t.subject}|${t.route}`;
    const current = this.tallies.get(key);
    if (!current) {
      this.tallies.set(key, t);
      return;
    }
    for (const status of [401, 403, 404, 429] as const) current.counts[status] += t.counts[status];
  }
}
