import { EntityManager } from 'typeorm';

import type { Actor } from '../../common/auth/actor';
import { notFound } from '../../common/errors/errors';
import { claimantScope } from '../claimants/access-scope';
import { Claim } from '../claims/claim.entity';
import { findVisibleClaim } from '../claims/claim-access';
import { ClaimDocument } from './document.entity';
import { DocumentErrorCode, DocumentRuleError } from './domain/document-errors';
import { claimAcceptsDocuments } from './domain/document-review';

/** The document, or 404 when it does not exist or lies outside a lawyer's clients. */
export async function findVisibleDocument(
  manager: EntityManager,
  actor: Actor,
  id: string,
  lock = false,
): Promise<ClaimDocument> {
  const qb = manager
    .createQueryBuilder(ClaimDocument, 'document')
    .leftJoin(Claim, 'claim', 'claim.id = document.claimId')
    .where('document.id = :id', { id });
  const scope = claimantScope(actor, 'COALESCE(claim.claimantId, document.claimantId)');
  if (scope) qb.andWhere(scope.sql, scope.params);
  if (lock) qb.setLock('pessimistic_write', undefined, ['document']);
  const document = await qb.getOne();
  if (!document) throw notFound('Document');
  return document;
}

/** The claim, visible to the actor and still taking documents (409 once it has ended). */
export async function requireClaimTakingDocuments(
  manager: EntityManager,
  actor: Actor,
  claimId: string,
  lock: boolean,
): Promise<Claim> {
  const claim = await findVisibleClaim(manager, actor, claimId, { lock });
  if (!claimAcceptsDocuments(claim.status)) {
    throw new DocumentRuleError(
      DocumentErrorCode.ClaimClosed,
      `The claim is ${claim.status}: documents can no longer be added`,
    );
  }
  return claim;
}
