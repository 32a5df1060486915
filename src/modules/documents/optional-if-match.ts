import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { parseIfMatch } from '../../common/http/if-match';

/** `If-Match: "<version>"` when sent (400 if malformed), undefined when absent. */
export const OptionalIfMatchVersion = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): number | undefined => {
    const header = ctx.switchToHttp().getRequest<FastifyRequest>().headers['if-match'];
    return header === undefined || header === '' ? undefined : parseIfMatch(header);
  },
);
