import type { IncomingMessage } from 'node:http';

import type { FastifyInstance, FastifyRequest } from 'fastify';

import type { RequestUser } from '../auth/decorators';

type RawWithUser = IncomingMessage & { user?: RequestUser };

/**
 * The signed-in user of a request (set by the access guard as `request.user`) is stored on the
 * raw Node request, the only request object the request logger (pino-http, mounted as Nest
 * middleware) ever sees: without this its `userId` and `role` fields stayed empty.
 */
export function keepUserOnRawRequest(fastify: FastifyInstance): void {
  fastify.decorateRequest('user', {
    getter(this: FastifyRequest): RequestUser | undefined {
      return (this.raw as RawWithUser).user;
    },
    setter(this: FastifyRequest, user: RequestUser | undefined): void {
      (this.raw as RawWithUser).user = user;
    },
  });
}

export function userOfRawRequest(req: IncomingMessage): RequestUser | undefined {
  return (req as RawWithUser).user;
}
