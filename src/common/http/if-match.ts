import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { invalid, preconditionRequired } from '../errors/errors';

const ETAG = /^(W\/)?"?(\d{1,9})"?$/;

/** No row ever has this version: the conditional write finds nothing and answers 412. */
const NEVER_MATCHES = 0;

/**
 * Reads `If-Match: "<version>"`; 428 when absent, 400 when it is not a version we issue. A weak
 * tag (`W/"3"`) never matches: If-Match compares strongly (RFC 9110, 13.1.1), so the change is
 * refused with 412 where a stale version would be, after the checks that come before it.
 */
export function parseIfMatch(header: string | string[] | undefined): number {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') throw preconditionRequired();
  const match = ETAG.exec(value.trim());
  if (!match) {
    throw invalid('If-Match must be an ETag this service issued, such as "3"', [
      { field: 'If-Match', message: 'malformed ETag' },
    ]);
  }
  return match[1] ? NEVER_MATCHES : Number(match[2]);
}

export const IfMatchVersion = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  parseIfMatch(ctx.switchToHttp().getRequest<FastifyRequest>().headers['if-match']),
);
