import type { ServerResponse } from 'node:http';

import pino, { DestinationStream, Logger, LoggerOptions } from 'pino';
import pretty from 'pino-pretty';

import type { AppConfig } from '../../config/app-config';
import { loggableError } from '../database/query-logger';

/** What the request log's `req` serializer is given (request-log.ts). */
export interface LoggedRequest {
  id: unknown;
  method: string;
  url: string;
  remoteAddress?: string;
}

/**
 * Structured logs that never carry personal data: no bodies, no query strings (they may hold a
 * searched name), no Authorization or cookies. Request lines hold only method, path, status,
 * timing and ids (request-log.ts).
 */
export function pinoOptions(config: AppConfig): LoggerOptions {
  return {
    level: config.LOG_LEVEL,
    serializers: {
      req: (req: LoggedRequest) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
        remoteAddress: req.remoteAddress,
      }),
      res: (res: ServerResponse | { statusCode: number }) => ({ statusCode: res.statusCode }),
      // Any `err` logged anywhere: a failed query's parameter values never reach the log.
      err: loggableError,
    },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        '*.password',
        '*.refreshToken',
        '*.accessToken',
        '*.iban',
      ],
      censor: '[redacted]',
    },
  };
}

/**
 * The one pino logger of the app: Nest's logger (nestjs-pino) and the request log write through
 * it. `destination` lets a test read what the service logs; otherwise JSON on stdout, or
 * readable lines in development.
 */
export function rootLogger(config: AppConfig, destination?: DestinationStream): Logger {
  const target = destination ?? (config.logFormat === 'pretty' ? prettyStdout() : undefined);
  return target ? pino(pinoOptions(config), target) : pino(pinoOptions(config));
}

/**
 * Lines for a person at a terminal (development). Formatted in this thread, synchronously: no
 * worker thread, and nothing lost when the process exits. Serializers and redaction apply
 * before the line gets here, exactly as for JSON.
 */
function prettyStdout(): DestinationStream {
  return pretty({
    sync: true,
    colorize: process.stdout.isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
    singleLine: true,
  });
}
