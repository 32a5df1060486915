import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
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
 * body stream is already consumed.
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
