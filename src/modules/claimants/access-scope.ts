import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';

/**
 * SQL conditions that confine a lawyer to their own clients, for use in list and detail
 * queries, so counts and cursors never reveal records outside the scope.
 * Each returns null when the caller is not confined.
 */
const ACTIVE_CLIENT = `SELECT 1 FROM representations scope_r
  WHERE scope_r.lawyer_id = :scopeLawyerId AND scope_r.ended_at IS NULL`;

export interface ScopeCondition {
  sql: string;
  params: { scopeLawyerId: string };
}

function lawyer(actor: Actor): string | null {
  return actor.role === Role.Lawyer && actor.userId ? actor.userId : null;
}

/** Persons on board for whom the lawyer represents at least one claimant. */
export function personScope(actor: Actor, personAlias: string): ScopeCondition | null {
  const id = lawyer(actor);
  if (!id) return null;
  return {
    sql: `EXISTS (${ACTIVE_CLIENT} AND scope_r.claimant_id IN (
      SELECT scope_c.id FROM claimants scope_c WHERE scope_c.person_id = ${personAlias}.id))`,
    params: { scopeLawyerId: id },
  };
}

/** Claimants the lawyer represents, by the column holding the claimant id. */
export function claimantScope(actor: Actor, claimantIdColumn: string): ScopeCondition | null {
  const id = lawyer(actor);
  if (!id) return null;
  return {
    sql: representsClaimant(':scopeLawyerId', claimantIdColumn),
    params: { scopeLawyerId: id },
  };
}

/**
 * The condition behind claimantScope for a statement that names the lawyer's id its own way:
 * `lawyerId` is the SQL expression holding it (a parameter such as `:userId`).
 */
export function representsClaimant(lawyerId: string, claimantIdColumn: string): string {
  return `EXISTS (${ACTIVE_CLIENT.replace(':scopeLawyerId', lawyerId)} AND scope_r.claimant_id = ${claimantIdColumn})`;
}
