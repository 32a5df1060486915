import { Logger } from '@nestjs/common';
import { Client, ClientConfig } from 'pg';

const logger = new Logger('Database');

export interface ResilientClientConfig extends ClientConfig {
  /**
   * A query with no answer at all for this long means the connection is dead (a network
   * partition drops packets, so neither side sees an error and statement_timeout never
   * answers): the connection is closed, the query fails (503) and the pool replaces it.
   */
  deadConnectionTimeoutMillis?: number;
}

type AnyQuery = (...args: unknown[]) => unknown;

/**
 * The pg client every pool creates (`extra.Client` in data-source-options.ts).
 *
 * 1. It keeps an error listener of its own for the whole of its life. pg-pool removes its
 *    listener when it hands a client out, and TypeORM adds its own a promise continuation
 *    later. A backend terminated at that moment (a failover, a server shutdown,
 *    pg_terminate_backend right after the connection opened) sends its FATAL message in the
 *    same read as the first ReadyForQuery, so the client emitted 'error' with no listener and
 *    the whole process died. Found by test/reliability/backend-termination.e2e-spec.ts. The
 *    error is not lost: the client is no longer queryable, the next query fails (503) and the
 *    pool discards the client.
 * 2. With `deadConnectionTimeoutMillis` it closes a connection whose query has had no answer
 *    for that long (see the option).
 */
export class ResilientPgClient extends Client {
  constructor(config?: string | ResilientClientConfig) {
    super(config);
    this.on('error', (error: Error) => {
      if (this.listenerCount('error') === 1) {
        logger.warn({ err: { message: error.message } }, 'A database connection failed');
      }
    });
    const limit = typeof config === 'object' ? config.deadConnectionTimeoutMillis : undefined;
    if (limit) this.closeWhenSilent(limit);
  }

  private closeWhenSilent(limitMs: number): void {
    const query = this.query.bind(this) as AnyQuery;
    (this as unknown as { query: AnyQuery }).query = (...args: unknown[]) => {
      const result = query(...args);
      // Promise-style calls only (TypeORM's); a Submittable such as a cursor is left alone.
      if (typeof (result as { finally?: unknown } | undefined)?.finally !== 'function') {
        return result;
      }
      const timer = setTimeout(() => {
        logger.warn(`No answer from the database in ${limitMs} ms: closing the connection`);
        (
          this as unknown as { connection?: { stream?: { destroy(): void } } }
        ).connection?.stream?.destroy();
      }, limitMs);
      timer.unref();
      return (result as Promise<unknown>).finally(() => clearTimeout(timer));
    };
  }
}
