import { EntityManager } from 'typeorm';

import type { Actor } from '../../common/auth/actor';
import { notFound } from '../../common/errors/errors';
import { claimantScope } from '../claimants/access-scope';
import { Claim } from './claim.entity';

/**
 * The claim, or 404 when it does not exist or lies outside a lawyer's clients (existence is
 * never revealed). `lock` takes a row lock for the rest of the caller's transaction, which
 * serialises payments and transitions on one claim.
 */
export async function findVisibleClaim(
  manager: EntityManager,
  actor: Actor,
  id: string,
  options: { lock?: boolean } = {},
): Promise<Claim> {
  const qb = manager.createQueryBuilder(Claim, 'claim').where('claim.id = :id', { id });
  const scope = claimantScope(actor, 'claim.claimantId');
  if (scope) qb.andWhere(scope.sql, scope.params);
  if (options.lock) qb.setLock('pessimistic_write');
  const claim = await qb.getOne();
  if (!claim) throw notFound('Claim');
  return claim;
}
