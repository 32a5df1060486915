import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';

import {
  actorOf,
  ALLOW_DURING_MFA_ENROLMENT,
  IS_PUBLIC,
  NO_ANONYMOUS_LIMIT,
  RequestUser,
  REQUIRED_PERMISSION,
} from '../../common/auth/decorators';
import { Permission, roleHas } from '../../common/auth/permissions';
import { Role } from '../../common/auth/role';
import { PREPARED } from '../../common/database/resilient-pg-client';
import { DomainError } from '../../common/errors/domain-error';
import { CommonErrorCode } from '../../common/errors/error-codes';
import { forbidden, RateLimitedError } from '../../common/errors/errors';
import { AppConfig } from '../../config/app-config';
import { AuthError, AuthErrorCode } from './auth-errors';
import { RateLimiterService } from './rate-limiter.service';
import { AccessTokenClaims, hasExpiry, verifyOptions } from './tokens';

const unauthenticated = (detail: string) =>
  new DomainError(CommonErrorCode.Unauthenticated, 401, detail);

/**
 * Deny by default: a route answers only when it is @Public, or the bearer token is valid,
 * its user is active, its session is not revoked, and the user's role holds the route's
 * permission. The role is read from the database, so a change applies at once.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly limiter: RateLimiterService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: RequestUser }>();
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) {
      if (!this.reflector.getAllAndOverride<boolean>(NO_ANONYMOUS_LIMIT, targets)) {
        await this.limitAnonymous(request);
      }
      return true;
    }
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(
      REQUIRED_PERMISSION,
      targets,
    );

    const user = await this.authenticate(request);
    if (!user) {
      await this.limitAnonymous(request);
      this.deny(request, 401);
      throw unauthenticated('A valid access token is required');
    }
    request.user = user;
    if (!permission || !roleHas(user.role, permission)) {
      this.deny(request, 403);
      throw forbidden();
    }
    if (
      user.mfaEnrolmentOnly &&
      !this.reflector.getAllAndOverride<boolean>(ALLOW_DURING_MFA_ENROLMENT, targets)
    ) {
      this.deny(request, 403);
      throw new AuthError(
        AuthErrorCode.MfaEnrolmentRequired,
        'Your role requires a second factor: enrol one (POST /auth/mfa/enrolment) and sign in again',
      );
    }
    return true;
  }

  /**
   * Requests without a valid token, per address, before anything else is done for them: a
   * flood of them costs a counter, not a database lookup per request or an audit append.
   */
  private async limitAnonymous(request: FastifyRequest): Promise<void> {
    const { isBlocked, timeToExpire } = await this.limiter.increment(
      request.ip ?? 'unknown',
      60_000,
      this.config.ANONYMOUS_RATE_LIMIT_PER_MINUTE,
      0,
      'anonymous',
    );
    if (isBlocked) {
      throw new RateLimitedError(
        timeToExpire,
        `Too many requests without a valid token from your address; retry in ${timeToExpire} s`,
      );
    }
  }

  private async authenticate(request: FastifyRequest): Promise<RequestUser | null> {
    const header = request.headers.authorization;
    const match =
      typeof header === 'string' ? /^Bearer ([A-Za-z0-9_.-]{20,4096})$/.exec(header) : null;
    if (!match) return null;
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(match[1]!, verifyOptions(this.config));
    } catch {
      return null;
    }
    if (!hasExpiry(claims)) return null;
    const [row] = (await this.dataSource.query(
      `${PREPARED}SELECT u.role, u.active, u.token_epoch, u.mfa_enabled_at IS NOT NULL AS mfa_active,
              EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = $2 AND t.revoked_at IS NOT NULL) AS revoked
         FROM users u WHERE u.id = $1`,
      [claims.sub, claims.sid],
    )) as {
      role: Role;
      active: boolean;
      token_epoch: number;
      mfa_active: boolean;
      revoked: boolean;
    }[];
    if (!row || !row.active || row.revoked || row.token_epoch !== claims.ep) return null;
    return {
      id: claims.sub,
      role: row.role,
      sessionId: claims.sid,
      // Read from the database each time: a change of MFA_REQUIRED_ROLES applies at once.
      mfaEnrolmentOnly: this.config.mfaRequiredRoles.has(row.role) && !row.mfa_active,
    };
  }

  /**
   * Denied requests are logged with user, address and request id, never the token. The audit
   * log counts them per caller, route and minute (ProblemFilter and AccessDenialsService).
   */
  private deny(request: FastifyRequest, status: 401 | 403): void {
    const actor = actorOf(request);
    this.logger.warn(
      {
        requestId: actor.requestId,
        userId: actor.userId,
        ip: actor.ip,
        status,
        method: request.method,
        route: request.routeOptions?.url ?? 'unknown',
      },
      'Request denied',
    );
  }
}
