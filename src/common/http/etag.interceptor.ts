import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Observable, tap } from 'rxjs';

/** Any single resource with a `version` answers with `ETag: "<version>"` for If-Match. */
@Injectable()
export class EtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      tap((body) => {
        const version = (body as { version?: unknown } | null)?.version;
        if (typeof version === 'number') {
          const reply = context.switchToHttp().getResponse<FastifyReply>();
          void reply.header('ETag', `"${version}"`);
        }
      }),
    );
  }
}
