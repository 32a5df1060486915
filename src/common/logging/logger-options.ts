import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import type { AppConfig } from '../../config/app-config';
import { clientRequestIdOf } from '../auth/decorators';
import { loggableError } from '../database/query-logger';

/**
 * Structured request logs that never carry personal data: no bodies, no query strings (they may
 * hold a searched name), no Authorization or cookies. Only method, path, status, timing, ids.
 */
export function loggerOptions(config: AppConfig, destination?: DestinationStream): Params {
  const options: Options = {
    level: config.LOG_LEVEL,
    // Under Nest's middleware (middie) req.url is relative to the mount point ('/'): the path
    // the client asked for is originalUrl. Health checks every few seconds are not logged.
    autoLogging: {
      ignore: (req) =>
        ((req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '').split(
          '?',
        )[0] === '/health',
    },
    quietReqLogger: true,
    customProps: (req: IncomingMessage) => {
      const user = (req as IncomingMessage & { user?: { id: string; role: string } }).user;
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
  return {
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    // `destination` lets a test read what the service logs (stdout otherwise).
    pinoHttp: destination ? [options, destination] : options,
  };
}
