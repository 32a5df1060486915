import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { loggableError } from '../database/query-logger';
import { RateLimitedError } from './errors';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { toProblem } from './to-problem';

/** Every error leaves as application/problem+json; stacks and SQL go to the log only. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    sendProblem(exception, request, reply, this.logger);
  }
}

export function sendProblem(
  exception: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  logger: Pick<Logger, 'error'>,
): void {
  const { problem, unexpected } = toProblem(exception, String(request.id));
  if (unexpected) {
    // Not the raw error: a QueryFailedError carries the query's parameter values.
    logger.error(
      { err: loggableError(exception), requestId: request.id, status: problem.status },
      'Request failed',
    );
  }
  if (reply.sent) return;
  if (exception instanceof RateLimitedError) {
    void reply.header('retry-after', String(exception.retryAfterSeconds));
  }
  void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}
