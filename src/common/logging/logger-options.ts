import type { IncomingMessage, ServerResponse } from 'node:http';

import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import pretty from 'pino-pretty';

import type { AppConfig } from '../../config/app-config';
import { clientRequestIdOf } from '../auth/decorators';
import { loggableError } from '../database/query-logger';
import { userOfRawRequest } from './request-user';

/** Asked every few seconds by balancers, orchestrators and Prometheus: not worth a line each. */
const UNLOGGED_PATHS = new Set(['/health', '/health/live', '/health/ready', '/metrics']);

/**
 * Structured request logs that never carry personal data: no bodies, no query strings (they may
 * hold a searched name), no Authorization or cookies. Only method, path, status, timing, ids.
 */
export function loggerOptions(config: AppConfig, destination?: DestinationStream): Params {
  const options: Options = {
    level: config.LOG_LEVEL,
    // Under Nest's middleware (middie) req.url is relative to the mount point ('/'): the path
    // the client asked for is originalUrl. Probes and scrapes every few seconds are not logged.
    autoLogging: {
      ignore: (req) =>
        UNLOGGED_PATHS.has(
          ((req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '').split(
            '?',
          )[0]!,
        ),
    },
    quietReqLogger: true,
    // pino-http sees the raw Node request; the signed-in user is kept there (request-user.ts).
    customProps: (req: IncomingMessage) => {
      const user = userOfRawRequest(req);
      const clientRequestId = clientRequestIdOf(req);
      return {
        ...(user ? { userId: user.id, role: user.role } : {}),
        ...(clientRequestId ? { clientRequestId } : {}),
      };
    },
    serializers: {
      req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
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
    transport: undefined,
  };
  // `destination` lets a test read what the service logs (stdout otherwise).
  const target = destination ?? (config.logFormat === 'pretty' ? prettyStdout() : undefined);
  return {
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: target ? [options, target] : options,
  };
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
