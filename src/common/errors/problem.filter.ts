import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { AccessDenialsService, DeniedStatus } from '../../modules/audit/access-denials.service';
import { AuthErrorCode } from '../../modules/auth/auth-errors';
import { actorOf } from '../auth/decorators';
import { Role } from '../auth/role';
import { loggableError } from '../database/query-logger';
import { RateLimitedError } from './errors';
import { Problem, PROBLEM_CONTENT_TYPE } from './problem';
import { toProblem } from './to-problem';

/** Refusals counted as aggregated `access.denied` audit events (docs/api.md#security-rules-a-client-meets). */
function deniedStatus(status: number, code: string, role: Role | null): DeniedStatus | null {
  // A wrong password or TOTP code is audited one by one (auth.login_failed), under the sign-in limit.
  if (status === 401) {
    return code === AuthErrorCode.InvalidCredentials || code === AuthErrorCode.InvalidMfaCode
      ? null
      : 401;
  }
  if (status === 403 || status === 429) return status;
  // A lawyer is told 404 for what lies outside their clients: the probe is what is recorded.
  if (status === 404 && role === Role.Lawyer) return 404;
  return null;
}

/**
 * Every error leaves as application/problem+json; stacks and SQL go to the log only. Denied
 * requests, whether the guard or a service refused them, are counted for the audit log here.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly denials: AccessDenialsService) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = sendProblem(exception, request, reply, this.logger);
    const actor = actorOf(request);
    const status = deniedStatus(problem.status, problem.code, actor.role);
    if (status) {
      this.denials.note({
        actorId: actor.userId,
        actorRole: actor.role,
        ip: actor.ip,
        route: `${request.method} ${request.routeOptions?.url ?? 'unknown'}`,
        status,
      });
    }
  }
}

export function sendProblem(
  exception: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  logger: Pick<Logger, 'error'>,
): Problem {
  const { problem, unexpected } = toProblem(exception, String(request.id));
  if (unexpected) {
    // Not the raw error: a QueryFailedError carries the query's parameter values.
    logger.error(
      { err: loggableError(exception), requestId: request.id, status: problem.status },
      'Request failed',
    );
  }
  if (reply.sent) return problem;
  if (exception instanceof RateLimitedError) {
    void reply.header('retry-after', String(exception.retryAfterSeconds));
  }
  void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  return problem;
}
