import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { invalid, preconditionRequired } from '../errors/errors';

const ETAG = /^(?:W\/)?"?(\d{1,9})"?$/;

/** Reads `If-Match: "<version>"`; 428 when absent, 400 when it is not a version we issue. */
export function parseIfMatch(header: string | string[] | undefined): number {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') throw preconditionRequired();
  const match = ETAG.exec(value.trim());
  if (!match) {
    throw invalid('If-Match must be an ETag this service issued, such as "3"', [
      { field: 'If-Match', message: 'malformed ETag' },
    ]);
  }
  return Number(match[1]);
}

export const IfMatchVersion = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  parseIfMatch(ctx.switchToHttp().getRequest<FastifyRequest>().headers['if-match']),
);
