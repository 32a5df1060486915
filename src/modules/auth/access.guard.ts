import { CanActivate, ExecutionContext, Injectable, Logger, Type } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
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
import { keepReadAlongResult, READ_ALONG, ReadAlong } from '../../common/auth/read-along';
import { Role } from '../../common/auth/role';
import { poolQuery } from '../../common/database/pool-query';
import { PREPARED } from '../../common/database/resilient-pg-client';
import { CompiledSql, compileSql } from '../../common/database/sql';
import { DomainError } from '../../common/errors/domain-error';
import { CommonErrorCode } from '../../common/errors/error-codes';
import { forbidden, RateLimitedError } from '../../common/errors/errors';
import { AppConfig } from '../../config/app-config';
import { AuthError, AuthErrorCode } from './auth-errors';
import { RateLimiterService } from './rate-limiter.service';
import { AccessTokenClaims, hasExpiry, verifyOptions } from './tokens';
import { VerifiedTokens } from './verified-tokens';

const unauthenticated = (detail: string) =>
  new DomainError(CommonErrorCode.Unauthenticated, 401, detail);

/**
 * The session as the database holds it now, for the token's user and session: read on every
 * request, never cached, so a deactivation, a logout or a role change applies at once.
 */
const SESSION = `SELECT u.role, u.active, u.token_epoch, u.mfa_enabled_at IS NOT NULL AS mfa_active,
         EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = :sessionId AND t.revoked_at IS NOT NULL) AS revoked
    FROM users u WHERE u.id = :userId`;

interface SessionRow {
  role: Role;
  active: boolean;
  token_epoch: number;
  mfa_active: boolean;
  revoked: boolean;
}

/**
 * The session check with a route's read beside it (read-along.ts): one statement, one round
 * trip. The read runs only for a session that is alive with the token's epoch; the guard
 * still decides from the session columns alone, as for every other route.
 */
function withReadAlong(readSql: string): string {
  // The read's row as one JSON column: the driver describes and parses six columns instead of
  // the read's forty (per request, that was a fifth of its work). OFFSET 0 keeps the session row
  // a subquery of its own, read once (inlined, its revocation check ran twice). `to_json(r)` is
  // null when the read matched nothing or did not run.
  return `${PREPARED}SELECT s.role AS session_role, s.active AS session_active,
         s.token_epoch AS session_token_epoch, s.mfa_active AS session_mfa_active,
         s.revoked AS session_revoked, to_json(r) AS read_along
    FROM (${SESSION} OFFSET 0) s
    LEFT JOIN LATERAL (${readSql}) r ON s.active AND NOT s.revoked AND s.token_epoch = :tokenEpoch`;
}

/** A route's metadata as the guard uses it (decorators.ts, read-along.ts). */
interface RoutePolicy {
  isPublic: boolean;
  /** Public routes count callers per address unless @NoAnonymousLimit. */
  anonymousLimit: boolean;
  permission: Permission | undefined;
  allowDuringMfaEnrolment: boolean;
  readAlong: { read: ReadAlong<unknown>; statement: CompiledSql } | undefined;
}

type CombinedRow = { [K in keyof SessionRow as `session_${K}`]: SessionRow[K] } & {
  read_along: Record<string, unknown> | null;
};

function sessionOf(row: CombinedRow): SessionRow {
  return {
    role: row.session_role,
    active: row.session_active,
    token_epoch: row.session_token_epoch,
    mfa_active: row.session_mfa_active,
    revoked: row.session_revoked,
  };
}

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
    private readonly moduleRef: ModuleRef,
  ) {
    this.mfaRequiredRoles = config.mfaRequiredRoles;
    this.session = compileSql(dataSource.manager, `${PREPARED}${SESSION}`);
  }

  /** The session check alone, compiled once. */
  private readonly session: CompiledSql;

  /** MFA_REQUIRED_ROLES, parsed once (settings do not change while the process runs). */
  private readonly mfaRequiredRoles: ReadonlySet<string>;

  /** Tokens whose signature and claims were verified, re-checked for expiry at each use. */
  private readonly verified = new VerifiedTokens();

  /** What each route asks of the guard, read from its metadata once. */
  private readonly routes = new Map<object, RoutePolicy>();

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const route = this.policyOf(context);
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: RequestUser }>();
    if (route.isPublic) {
      if (route.anonymousLimit) await this.limitAnonymous(request);
      return true;
    }
    const { user, row } = await this.authenticate(request, route.readAlong);
    if (!user) {
      await this.limitAnonymous(request);
      this.deny(request, 401);
      throw unauthenticated('A valid access token is required');
    }
    request.user = user;
    if (!route.permission || !roleHas(user.role, route.permission)) {
      this.deny(request, 403);
      throw forbidden();
    }
    if (user.mfaEnrolmentOnly && !route.allowDuringMfaEnrolment) {
      this.deny(request, 403);
      throw new AuthError(
        AuthErrorCode.MfaEnrolmentRequired,
        'Your role requires a second factor: enrol one (POST /auth/mfa/enrolment) and sign in again',
      );
    }
    if (row)
      keepReadAlongResult(request, row.read_along && route.readAlong!.read.rowOf(row.read_along));
    return true;
  }

  private policyOf(context: ExecutionContext): RoutePolicy {
    const handler = context.getHandler();
    let policy = this.routes.get(handler);
    if (!policy) {
      const targets = [handler, context.getClass()];
      const flag = (key: string) =>
        this.reflector.getAllAndOverride<boolean>(key, targets) === true;
      const provider = this.reflector.get<Type<ReadAlong<unknown>> | undefined>(
        READ_ALONG,
        handler,
      );
      let readAlong: RoutePolicy['readAlong'];
      if (provider) {
        const read = this.moduleRef.get(provider, { strict: false });
        readAlong = {
          read,
          statement: compileSql(this.dataSource.manager, withReadAlong(read.sql)),
        };
      }
      policy = {
        isPublic: flag(IS_PUBLIC),
        anonymousLimit: !flag(NO_ANONYMOUS_LIMIT),
        permission: this.reflector.getAllAndOverride<Permission | undefined>(
          REQUIRED_PERMISSION,
          targets,
        ),
        allowDuringMfaEnrolment: flag(ALLOW_DURING_MFA_ENROLMENT),
        readAlong,
      };
      this.routes.set(handler, policy);
    }
    return policy;
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

  /**
   * The caller, or null when the token or the session is not valid; with the statement's row
   * when the route has a read-along and the request could be read ahead.
   */
  private async authenticate(
    request: FastifyRequest,
    readAlong: { read: ReadAlong<unknown>; statement: CompiledSql } | undefined,
  ): Promise<{ user: RequestUser | null; row?: CombinedRow }> {
    const header = request.headers.authorization;
    const match =
      typeof header === 'string' ? /^Bearer ([A-Za-z0-9_.-]{20,4096})$/.exec(header) : null;
    if (!match) return { user: null };
    const token = match[1]!;
    let claims: AccessTokenClaims | undefined = this.verified.get(token);
    if (!claims) {
      try {
        claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, verifyOptions(this.config));
      } catch {
        return { user: null };
      }
      if (!hasExpiry(claims)) return { user: null };
      this.verified.add(token, claims as AccessTokenClaims & { exp: number });
    }
    const params = readAlong?.read.params(request) ?? null;
    let row: SessionRow | undefined;
    let read: CombinedRow | undefined;
    const session = { userId: claims.sub, sessionId: claims.sid };
    if (readAlong && params) {
      const { text, bind } = readAlong.statement;
      [read] = await poolQuery<CombinedRow>(
        this.dataSource,
        text,
        bind({ ...params, ...session, tokenEpoch: claims.ep }),
      );
      row = read && sessionOf(read);
    } else {
      [row] = await poolQuery<SessionRow>(
        this.dataSource,
        this.session.text,
        this.session.bind(session),
      );
    }
    if (!row || !row.active || row.revoked || row.token_epoch !== claims.ep) return { user: null };
    return {
      user: {
        id: claims.sub,
        role: row.role,
        sessionId: claims.sid,
        // Read from the database each time: a change of MFA_REQUIRED_ROLES applies at once.
        mfaEnrolmentOnly: this.mfaRequiredRoles.has(row.role) && !row.mfa_active,
      },
      row: read,
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
