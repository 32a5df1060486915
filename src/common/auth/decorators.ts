import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

import type { Actor } from './actor';
import type { Permission } from './permissions';
import type { Role } from './role';

export const IS_PUBLIC = 'auth:public';
export const REQUIRED_PERMISSION = 'auth:permission';

/** Carries a route's access rule into the OpenAPI document (api-document.ts reads and drops it). */
export const ACCESS_EXTENSION = 'x-access';
export const PUBLIC_ACCESS = 'public';

/** Opt a route out of authentication (health, docs, login). Everything else is denied by default. */
export const Public = () =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(ACCESS_EXTENSION, PUBLIC_ACCESS));

export const NO_ANONYMOUS_LIMIT = 'auth:no-anonymous-limit';
export const ALLOW_DURING_MFA_ENROLMENT = 'auth:allow-during-mfa-enrolment';

/**
 * A route open to a session that may only enrol a second factor (its role requires one and
 * none is active: MFA_REQUIRED_ROLES). Every other route answers 403 MFA_ENROLMENT_REQUIRED.
 */
export const AllowDuringMfaEnrolment = () => SetMetadata(ALLOW_DURING_MFA_ENROLMENT, true);

/**
 * A public route outside the per-address limit for callers without a token (health checks,
 * which a load balancer polls); the general limit still applies.
 */
export const NoAnonymousLimit = () => SetMetadata(NO_ANONYMOUS_LIMIT, true);

/** The permission a route needs (see permissions.ts). A route with neither this nor @Public is refused. */
export const RequirePermission = (permission: Permission) =>
  applyDecorators(
    SetMetadata(REQUIRED_PERMISSION, permission),
    ApiExtension(ACCESS_EXTENSION, permission),
  );

export interface RequestUser {
  id: string;
  role: Role;
  sessionId: string | null;
  /** The role requires a second factor and none is active: the session may only enrol one. */
  mfaEnrolmentOnly?: boolean;
}

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The caller's X-Request-Id when it matches ^[A-Za-z0-9._-]{1,64}$, else null. It is kept beside
 * the server's own request id (request.id, always generated), never in its place: a caller
 * cannot make two requests look like one in the logs or the audit trail.
 */
export function clientRequestIdOf(request: { headers: Record<string, unknown> }): string | null {
  const header = request.headers['x-request-id'];
  return typeof header === 'string' && CLIENT_REQUEST_ID.test(header) ? header : null;
}

export function actorOf(request: FastifyRequest): Actor {
  const user = (request as FastifyRequest & { user?: RequestUser }).user;
  return {
    userId: user?.id ?? null,
    role: user?.role ?? null,
    requestId: String(request.id),
    ip: request.ip ?? null,
    clientRequestId: clientRequestIdOf(request),
  };
}

/** The authenticated caller with request id and address, for access checks and audit events. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  actorOf(ctx.switchToHttp().getRequest<FastifyRequest>()),
);
