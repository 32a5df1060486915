import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

/** The parts of a failed query that may be logged: never its parameter values. */
export interface LoggableError {
  type: string;
  message: string;
  code?: string;
  stack?: string;
  query?: string;
}

/**
 * What the log may keep of any thrown value. Query parameters hold request data (a note's
 * body, a file name, an e-mail) and PostgreSQL's `detail` quotes row values (`Key (email)=(…)`),
 * so neither is copied: the SQL text has placeholders only, the message and code say what failed.
 */
export function loggableError(error: unknown): LoggableError | unknown {
  // Duck-typed: errors from Node's own modules are not `instanceof Error` under a VM context.
  const e = error as {
    name?: unknown;
    message?: unknown;
    stack?: unknown;
    code?: unknown;
    query?: unknown;
    driverError?: { code?: unknown };
  } | null;
  if (typeof e !== 'object' || e === null || typeof e.message !== 'string') return error;
  const code = e.driverError?.code ?? e.code;
  return {
    type: typeof e.name === 'string' ? e.name : 'Error',
    message: e.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof e.stack === 'string' ? { stack: e.stack } : {}),
    ...(typeof e.query === 'string' ? { query: e.query.slice(0, 2000) } : {}),
  };
}

/**
 * TypeORM's own logging through the application logger (pino: structured, leveled). TypeORM's
 * default console logger prints every failed query with `-- PARAMETERS: [...]`, which puts
 * personal data in the log; this one logs the SQL text and the error only.
 */
export class QueryLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('Database');

  logQuery(): void {
    // Successful queries are not logged.
  }

  logQueryError(error: string | Error, query: string): void {
    const err = typeof error === 'string' ? { message: error } : loggableError(error);
    this.logger.warn({ err, query: query.slice(0, 2000) }, 'Query failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ ms: time, query: query.slice(0, 2000) }, 'Slow query');
  }

  logSchemaBuild(): void {
    // Schema building is off (migrations only); nothing to say.
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  /** Only warnings: TypeORM's info chatter (glob matches, counts) was never logged before. */
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(message);
  }
}
