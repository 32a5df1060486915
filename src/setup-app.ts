import { randomUUID } from 'node:crypto';

import multipart from '@fastify/multipart';
import { RequestMethod, ValidationError, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';

import { AppModule, AppOptions } from './app.module';
import { retryWrites } from './common/database/transaction-retry.interceptor';
import { FieldError } from './common/errors/domain-error';
import { invalid } from './common/errors/errors';
import { clientError, frameworkError } from './common/errors/framework-errors';
import { apiDocument } from './common/http/api-document';
import { readJsonBodiesOnly } from './common/http/body-parsers';
import { sendEtags } from './common/http/etag';
import { limitJsonDepth } from './common/http/json-depth';
import { SECURITY_HEADERS, sendSecurityHeaders } from './common/http/security-headers';
import { refuseWhileShuttingDown } from './common/lifecycle/graceful-shutdown';
import { ShutdownState } from './common/lifecycle/shutdown-state';
import { ROOT_LOGGER } from './common/logging/logging.module';
import { logRequests } from './common/logging/request-log';
import { declareRequestUser } from './common/logging/request-user';
import { AppConfig } from './config/app-config';
import { MetricsService } from './modules/metrics/metrics.service';

export const API_PREFIX = 'api/v1';

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/**
 * Builds the application exactly as it serves: main.ts and the e2e tests both call this, so
 * the tests exercise the real pipes, filters, prefix, body limit and security headers.
 */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  options: AppOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    // The server's own id for every request; a client's X-Request-Id is kept beside it (actorOf).
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // Which proxies may name the client (X-Forwarded-For): none unless TRUST_PROXY says.
    trustProxy: config.trustProxy,
    // Requests arriving while the service closes get the problem+json 503 below instead.
    return503OnClosing: false,
    // Errors raised before routing answer problem+json too (framework-errors.ts).
    frameworkErrors: frameworkError,
    clientErrorHandler: clientError,
    // No Express-style middleware: requests are logged from Fastify hooks (request-log.ts), so
    // @fastify/middie would only add its cost to every request. A Nest middleware added later
    // fails at start-up rather than running silently.
    skipMiddie: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, databaseUrl, options),
    adapter,
    // JSON bodies only, and multipart uploads (body-parsers.ts).
    { bufferLogs: true, bodyParser: false },
  );
  app.useLogger(app.get(Logger));
  app.flushLogs();
  // Serialization failures and deadlocks re-run the handler of a write (not a global interceptor).
  retryWrites(app);

  const fastify = app.getHttpAdapter().getInstance();
  readJsonBodiesOnly(fastify);
  declareRequestUser(fastify);
  logRequests(fastify, app.get(ROOT_LOGGER));
  app.get(MetricsService).instrument(fastify);
  // Hooks take a callback rather than return a promise, here and below: a promise per hook
  // per request is measurable on the hottest paths.
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  sendEtags(fastify);
  await sendSecurityHeaders(fastify, SECURITY_HEADERS);
  // A parsed body never nests deeper than any request of this API (json-depth.ts).
  limitJsonDepth(fastify);
  // SIGTERM: in-flight requests finish, new ones get 503, connections close (graceful-shutdown.ts).
  refuseWhileShuttingDown(fastify, app.get(ShutdownState));
  // Document uploads: one file of at most UPLOAD_LIMIT_BYTES (413 beyond) and a few short fields.
  await app.register(multipart, {
    throwFileSizeLimit: true,
    limits: {
      fileSize: config.UPLOAD_LIMIT_BYTES,
      files: 1,
      fields: 4,
      fieldSize: 1024,
      fieldNameSize: 64,
      parts: 6,
      headerPairs: 20,
    },
  });

  // Probes and the metrics scrape are unversioned (docs/api.md).
  app.setGlobalPrefix(API_PREFIX, {
    exclude: ['health', 'health/live', 'health/ready', 'metrics'].map((path) => ({
      path,
      method: RequestMethod.GET,
    })),
  });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) =>
        invalid('The request has invalid fields', flattenValidationErrors(errors)),
    }),
  );

  const document = apiDocument(app);
  if (config.docsEnabled) {
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  }
  return app;
}
