import {
  CallHandler,
  ExecutionContext,
  INestApplication,
  Injectable,
  Logger,
  NestInterceptor,
  RequestMethod,
  Type,
} from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Observable, retry, timer } from 'rxjs';
import { QueryFailedError } from 'typeorm';

/** SQLSTATEs after which the whole transaction rolled back and may simply be run again. */
const RETRYABLE = new Set(['40001', '40P01']);
export const MAX_ATTEMPTS = 3;

export function isRetryable(error: unknown): boolean {
  return (
    error instanceof QueryFailedError &&
    RETRYABLE.has((error.driverError as { code?: string } | undefined)?.code ?? '')
  );
}

/**
 * A serialization failure or deadlock rolled the request's transaction back, so nothing was
 * written: run the handler again, up to three attempts with a little jitter. After that the
 * error reaches the problem filter and answers 409. Multipart uploads are not retried: their
 * body stream is already consumed. Applied to the routes that write (retryWrites, below).
 */
@Injectable()
export class TransactionRetryInterceptor implements NestInterceptor {
  private readonly logger = new Logger('TransactionRetry');

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request.method === 'GET' || request.isMultipart?.()) return next.handle();
    return next.handle().pipe(
      retry({
        count: MAX_ATTEMPTS - 1,
        delay: (error: unknown, attempt: number) => {
          if (!isRetryable(error)) throw error;
          this.logger.warn(
            { requestId: request.id, attempt },
            'Retrying after a serialization failure',
          );
          return timer(5 + Math.floor(Math.random() * 20 * attempt));
        },
      }),
    );
  }
}

/** One instance serves every app in the process (it holds no state). */
const RETRY = new TransactionRetryInterceptor();

/**
 * Puts the retry on every route that may write (any method but GET and HEAD), outside its own
 * interceptors; call before the app initialises (its routes are built then). Not a global
 * interceptor: Nest then wraps every route, reads included, in RxJS observables and async
 * context bindings that cost a read more CPU than the access check, for nothing (reads are
 * never retried). Idempotent, as the metadata is the controller class's own.
 */
export function retryWrites(app: INestApplication): void {
  for (const module of app.get(ModulesContainer).values()) {
    for (const controller of module.controllers.values()) {
      const prototype = (controller.metatype as Type | null)?.prototype as
        Record<string, unknown> | undefined;
      if (!prototype) continue;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined || method === RequestMethod.GET || method === RequestMethod.HEAD) {
          continue;
        }
        const own = (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) ?? []) as unknown[];
        if (!own.includes(RETRY)) {
          Reflect.defineMetadata(INTERCEPTORS_METADATA, [RETRY, ...own], handler);
        }
      }
    }
  }
}
