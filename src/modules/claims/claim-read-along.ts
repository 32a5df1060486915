import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { ReadAlong } from '../../common/auth/read-along';
import { Role } from '../../common/auth/role';
import { representsClaimant } from '../claimants/access-scope';
import { ClaimRow, ClaimViews } from './claim-views';

/** What PostgreSQL accepts as a uuid; anything else is left to the route's ParseUUIDPipe. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * GET /claims/:id read in the access check's statement (read-along.ts): the claim and its facts
 * under the caller's scope, a lawyer's decided by the role the database holds (404 outside it,
 * as ClaimsService.get answers when it reads for itself).
 */
@Injectable()
export class ClaimReadAlong implements ReadAlong<ClaimRow> {
  readonly sql: string;

  constructor(private readonly views: ClaimViews) {
    this.sql = views.statement(
      `c.id = :claimId AND (s.role <> '${Role.Lawyer}' OR ${representsClaimant(':userId', 'c.claimant_id')})`,
    );
  }

  params(request: FastifyRequest): Record<string, unknown> | null {
    const id = (request.params as { id?: unknown } | undefined)?.id;
    return typeof id === 'string' && UUID.test(id) ? { claimId: id } : null;
  }

  rowOf(json: Record<string, unknown>): ClaimRow {
    return this.views.rowFromJson(json);
  }
}
