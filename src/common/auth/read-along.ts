import { createParamDecorator, ExecutionContext, SetMetadata, Type } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * A route's point read sent in the same statement as the access guard's session check, so the
 * check and the read cost one round trip (their order and outcome unchanged): the guard reads
 * the session row and, only when that session is alive, this read beside it, then decides
 * exactly as for any other route; the handler receives the row and reads nothing itself.
 *
 * The SQL is a subquery joined LATERAL to the session row `s`, with named parameters
 * (common/database/sql.ts): it may use `:userId` (the signed-in user), `s.role` (the role as the
 * database holds it now, never the token's), and parameters of its own (not `:sessionId` or
 * `:tokenEpoch`, which the session check uses). It is prepared like the session check, so its
 * plan must not depend on values.
 */
export interface ReadAlong<Row> {
  readonly sql: string;
  /**
   * The read's own parameters for this request, by name, or null when it cannot be read ahead
   * (a malformed id, say, which the handler's pipe refuses): the guard then checks the session
   * alone and the handler reads as usual.
   */
  params(request: FastifyRequest): Record<string, unknown> | null;
  /**
   * The row the handler gets, from the read's row as the statement returns it: one JSON object
   * (`to_json` of the read's columns, so timestamps arrive as ISO text and numerics as JSON
   * numbers unless the read casts them to text). Called only when the read matched a row.
   */
  rowOf(json: Record<string, unknown>): Row;
}

export const READ_ALONG = 'auth:read-along';

/** Names the provider (a ReadAlong) whose read rides along with this route's access check. */
export const ReadAlongWithAccessCheck = (provider: Type<ReadAlong<unknown>>) =>
  SetMetadata(READ_ALONG, provider);

const RESULT = Symbol('readAlongResult');

type WithResult = FastifyRequest & { [RESULT]?: { row: unknown } };

export function keepReadAlongResult(request: FastifyRequest, row: unknown): void {
  (request as WithResult)[RESULT] = { row };
}

/**
 * What the read gave for this request: `{ row }` (null when nothing matched, which for a scoped
 * read means not found or not visible), or undefined when it was not read ahead.
 */
export function readAlongResultOf<Row>(request: FastifyRequest): { row: Row | null } | undefined {
  return (request as WithResult)[RESULT] as { row: Row | null } | undefined;
}

export const ReadAlongResult = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  readAlongResultOf(ctx.switchToHttp().getRequest<FastifyRequest>()),
);
