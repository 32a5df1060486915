import { randomUUID } from 'node:crypto';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { RequestMethod, ValidationError, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule, AppOptions } from './app.module';
import { FieldError } from './common/errors/domain-error';
import { invalid } from './common/errors/errors';
import { clientError, frameworkError } from './common/errors/framework-errors';
import { ProblemDto } from './common/errors/problem.dto';
import { documentBodyRefusals, strictNullables } from './common/http/api';
import { limitJsonDepth } from './common/http/json-depth';
import { refuseWhileShuttingDown } from './common/lifecycle/graceful-shutdown';
import { ShutdownState } from './common/lifecycle/shutdown-state';
import { keepUserOnRawRequest } from './common/logging/request-user';
import { MetricsService } from './modules/metrics/metrics.service';
import { AppConfig } from './config/app-config';

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
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, databaseUrl, options),
    adapter,
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.flushLogs();

  const fastify = app.getHttpAdapter().getInstance();
  keepUserOnRawRequest(fastify);
  app.get(MetricsService).instrument(fastify);
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'", "'unsafe-inline'"],
      },
    },
  });
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

  // Probes and the metrics scrape are unversioned (DESIGN.md section 5).
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

  const generated = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Victim compensation casework API')
      .setDescription(
        'Persons on board, claimants, compensation programmes, claims, documents, payments, audit and reports. ' +
          'Errors are application/problem+json (RFC 9457). ' +
          'The seeded incident J2-8243 carries published facts (its `sources`, and each programme’s events with theirs); ' +
          'every detail of the persons on board in the seed is fictional: names, dates of birth (so ages and who is a minor), seats and injury severities. ' +
          'Only the breakdown by category, nationality and outcome is real.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
    { extraModels: [ProblemDto] },
  );
  const document = strictNullables(documentBodyRefusals(generated));
  if (config.docsEnabled) {
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  }
  return app;
}
