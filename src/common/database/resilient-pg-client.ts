import { createHash } from 'node:crypto';

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
  /** Whether statements marked with PREPARED run as named prepared statements (see PREPARED). */
  prepareMarkedStatements?: boolean;
}

/**
 * A statement whose text begins with this comment runs, where the pool allows it, as a named
 * prepared statement: parsed and planned once per connection, then only bound and executed.
 * Meant for the hot point reads (the access check, the single-claim read), whose best plan does
 * not depend on the parameters; planning cost three times their execution. Not on the embedded
 * database, whose socket server shares one session between all its connections.
 */
export const PREPARED = '/* prepared */ ';

/** Statement names by text: the set of marked statements is fixed by the code, so small. */
const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `j2_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    statementNames.set(text, name);
  }
  return name;
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
 * 3. With `prepareMarkedStatements` it runs statements marked with PREPARED as named prepared
 *    statements.
 */
export class ResilientPgClient extends Client {
  constructor(config?: string | ResilientClientConfig) {
    super(config);
    this.on('error', (error: Error) => {
      if (this.listenerCount('error') === 1) {
        logger.warn({ err: { message: error.message } }, 'A database connection failed');
      }
    });
    if (typeof config === 'object' && config.prepareMarkedStatements) this.prepareMarked();
    const limit = typeof config === 'object' ? config.deadConnectionTimeoutMillis : undefined;
    if (limit) this.closeWhenSilent(limit);
  }

  private prepareMarked(): void {
    const query = this.query.bind(this) as AnyQuery;
    (this as unknown as { query: AnyQuery }).query = (...args: unknown[]) => {
      const [text] = args;
      if (typeof text === 'string' && text.startsWith(PREPARED)) {
        args[0] = { name: statementName(text), text };
      }
      return query(...args);
    };
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
