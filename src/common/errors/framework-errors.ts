import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

import type { FastifyReply, FastifyRequest } from 'fastify';

import { CommonErrorCode } from './error-codes';
import { problem, PROBLEM_CONTENT_TYPE } from './problem';

/*
 * Errors fastify answers before a route (and so before Nest's exception filter) is reached.
 * Its defaults are plain JSON that echoes the request's path; these answer problem+json like
 * every other error (docs/api.md). Found by test/reliability/fuzz.e2e-spec.ts.
 */

/** A path that cannot be decoded, or a path parameter over the router's length limit. */
export function frameworkError(
  error: { code?: string },
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const detail =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'A path parameter is too long'
      : 'The URL is malformed';
  void reply
    .status(400)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .header('x-request-id', String(request.id))
    .send(
      problem(400, CommonErrorCode.MalformedRequest, detail, { requestId: String(request.id) }),
    );
}

/** A request Node's HTTP parser refused: headers too large (431), timed out (408), malformed. */
export function clientError(error: { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 431
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 408
        : 400;
  const detail =
    status === 431
      ? 'The request line or headers are larger than the service accepts'
      : status === 408
        ? 'The request took too long to arrive'
        : 'The request is not valid HTTP';
  const body = JSON.stringify(problem(status, CommonErrorCode.MalformedRequest, detail));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
