import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { execute, queryRows, sql } from '../../common/database/sql';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

export interface WindowCount {
  hits: number;
  /** Milliseconds until the window resets. */
  resetsInMs: number;
}

/** A key's count as this instance knows it: the shared total at the last sync plus its own hits since. */
interface LocalWindow {
  shared: number;
  unsynced: number;
  expiresAt: number;
  windowMs: number;
  limit: number;
  /** The publish in flight: publishes of one key run one after another. */
  publishing?: Promise<unknown>;
}

/** How often the general limiter publishes its counts; also the most it can lag behind. */
const SYNC_INTERVAL_MS = 250;
/** Ended windows are deleted from the table about once a minute. */
const PURGE_EVERY_ROUNDS = 240;
/** Within this fraction of the limit every hit is counted in the database before deciding. */
const EXACT_FROM = 0.8;
/** From this fraction of the limit a key is re-read every round, so instances learn each other's hits. */
const REFRESH_FROM = 0.5;

/**
 * Fixed-window counters in PostgreSQL, so every app instance counts against the same limit.
 * `hit` (sign-in attempts) is one atomic upsert per attempt: exact. The general per-user limit
 * (`increment`, for @nestjs/throttler) counts locally and publishes every 250 ms, and turns exact
 * once a key nears its limit: far below the limit a request costs no database round trip.
 */
@Injectable()
export class RateLimiterService implements ThrottlerStorage, OnModuleDestroy {
  private readonly logger = new Logger('RateLimiter');
  private readonly windows = new Map<string, LocalWindow>();
  private readonly timer: NodeJS.Timeout;
  private rounds = 0;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.timer = setInterval(() => void this.sync(), SYNC_INTERVAL_MS);
    this.timer.unref();
  }

  /** Counts not yet published (at most 250 ms of them) are dropped: shutdown never waits on them. */
  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async hit(key: string, windowMs: number, count = 1): Promise<WindowCount> {
    const [row] = await queryRows<{ hits: number; resets_in_ms: number }>(
      this.dataSource,
      sql(
        `INSERT INTO rate_limit_buckets AS b (key, hits, expires_at)
       VALUES (:key, :count, now() + make_interval(secs => :windowMs::double precision / 1000))
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN b.expires_at <= now() THEN :count ELSE b.hits + :count END,
         expires_at = CASE WHEN b.expires_at <= now() THEN EXCLUDED.expires_at ELSE b.expires_at END
       RETURNING hits, GREATEST(0, EXTRACT(EPOCH FROM (expires_at - now())) * 1000)::int AS resets_in_ms`,
        { key: key.slice(0, 200), windowMs, count },
      ),
    );
    return { hits: row!.hits, resetsInMs: row!.resets_in_ms };
  }

  /**
   * The fullest of these keys' current windows, without counting a hit: for limits that count
   * failures only (sign-in), checked before the attempt and counted after it fails.
   */
  async peek(keys: readonly string[]): Promise<WindowCount> {
    const [row] = await queryRows<{ hits: number; resets_in_ms: number }>(
      this.dataSource,
      sql(
        `SELECT COALESCE(max(hits), 0)::int AS hits,
              COALESCE(max(GREATEST(0, EXTRACT(EPOCH FROM (expires_at - now())) * 1000)), 0)::int AS resets_in_ms
         FROM rate_limit_buckets WHERE key = ANY(:keys) AND expires_at > now()`,
        { keys: keys.map((k) => k.slice(0, 200)) },
      ),
    );
    return { hits: row!.hits, resetsInMs: row!.resets_in_ms };
  }

  /** Ends these keys' windows (a success resets a count of consecutive failures). */
  async reset(keys: readonly string[]): Promise<void> {
    await execute(
      this.dataSource,
      sql(`DELETE FROM rate_limit_buckets WHERE key = ANY(:keys)`, {
        keys: keys.map((k) => k.slice(0, 200)),
      }),
    );
  }

  /** ThrottlerStorage: `ttl` and `blockDuration` arrive in milliseconds. */
  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const name = `throttle:${throttlerName}:${key}`;
    const now = Date.now();
    let window = this.windows.get(name);
    if (!window || window.expiresAt <= now) {
      window = { shared: 0, unsynced: 0, expiresAt: now + ttl, windowMs: ttl, limit };
      this.windows.set(name, window);
    }
    window.unsynced++;
    let hits = window.shared + window.unsynced;
    // A key known to be over its limit stays refused without a round trip (a flood costs
    // nothing more); the timer still publishes its hits.
    if (hits >= limit * EXACT_FROM && window.shared <= limit) {
      const counted = await this.publish(name, window);
      hits = counted.hits;
    }
    const seconds = Math.max(1, Math.ceil((window.expiresAt - now) / 1000));
    return {
      totalHits: hits,
      timeToExpire: seconds,
      isBlocked: hits > limit,
      timeToBlockExpire: hits > limit ? seconds : 0,
    };
  }

  /**
   * Adds this instance's unpublished hits to the shared count and reads the total back. The
   * timer and a request near its limit may both publish a key: they queue, so no hit is added
   * twice (which would refuse a request under the limit) and the later one counts the earlier's.
   */
  private publish(name: string, window: LocalWindow): Promise<WindowCount> {
    const run = async () => {
      const delta = window.unsynced;
      const counted = await this.hit(name, window.windowMs, delta);
      // Hits that arrived while the query ran stay unsynced for the next round.
      window.unsynced -= delta;
      window.shared = counted.hits;
      window.expiresAt = Date.now() + counted.resetsInMs;
      return counted;
    };
    const published = (window.publishing ?? Promise.resolve()).then(run, run);
    window.publishing = published.catch(() => undefined);
    return published;
  }

  private async sync(): Promise<void> {
    const now = Date.now();
    for (const [name, window] of this.windows) {
      if (window.expiresAt <= now && window.unsynced === 0) {
        this.windows.delete(name);
        continue;
      }
      const nearLimit = window.shared + window.unsynced >= window.limit * REFRESH_FROM;
      if (window.unsynced === 0 && !nearLimit) continue;
      try {
        await this.publish(name, window);
      } catch (error) {
        // The database is away: keep counting locally and publish on the next round.
        this.logger.warn({ err: error }, 'Could not publish rate-limit counts');
        return;
      }
    }
    if (++this.rounds % PURGE_EVERY_ROUNDS === 0) {
      await this.purgeExpired().catch(() => undefined);
    }
  }

  /** Drops windows that ended; called from the sync timer, never on the request path. */
  async purgeExpired(): Promise<number> {
    const { count } = await execute(
      this.dataSource,
      sql(`DELETE FROM rate_limit_buckets WHERE expires_at < now() - interval '1 minute'`),
    );
    return count;
  }
}
