import type { FastifyInstance } from 'fastify';

import { CommonErrorCode } from '../errors/error-codes';
import { problem, PROBLEM_CONTENT_TYPE } from '../errors/problem';

/**
 * How deeply a parsed JSON value nests objects and arrays, walked without recursion and
 * stopping as soon as it passes `stopAt`.
 */
export function jsonDepth(value: unknown, stopAt = Infinity): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > stopAt) return deepest;
    for (const child of Object.values(node)) stack.push([child, level]);
  }
  return deepest;
}

/**
 * No request body of this API nests deeper than a few levels; a body nesting thousands deep
 * (well within the size limit) overflowed the stack of the validation pipe's recursive walk
 * and answered 500. Found by test/reliability/limits.e2e-spec.ts.
 */
export const MAX_JSON_DEPTH = 32;

/** Refuses (400 problem+json) a parsed body nesting deeper than MAX_JSON_DEPTH. */
export function limitJsonDepth(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (request, reply, done) => {
    if (jsonDepth(request.body, MAX_JSON_DEPTH) <= MAX_JSON_DEPTH) return done();
    void reply
      .status(400)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(
        problem(400, CommonErrorCode.MalformedRequest, 'The request body nests too deeply', {
          requestId: String(request.id),
        }),
      );
  });
}
