import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { Claim } from './claim.entity';
import {
  allowedTransitions,
  ClaimSnapshot,
  TransitionActor,
  TransitionContext,
} from './domain/claim-state-machine';
import { DocumentType } from './domain/claim-status';
import { outstandingAmount } from './domain/claim-rules';
import { missingDocuments, requiredDocuments } from './domain/required-documents';
import { ClaimResponseDto, MoneyResponseDto } from './dto/claim.dto';

/** What the lifecycle needs to know about a claim beyond its own row. */
export interface ClaimFacts {
  liabilityLimit: string | null;
  /** Lawyers actively representing the claim's claimant. */
  lawyerIds: string[];
  missingDocuments: DocumentType[];
  /** Payments less reversals. */
  paid: string;
}

export function claimSnapshot(c: Claim): ClaimSnapshot {
  return {
    status: c.status,
    type: c.type,
    claimantId: c.claimantId,
    personId: c.personId,
    programmeId: c.programmeId,
    currency: c.currency,
    amountClaimed: c.amountClaimed,
    amountAssessed: c.amountAssessed,
    amountApproved: c.amountApproved,
    assignedCaseWorkerId: c.assignedCaseWorkerId,
    assessedBy: c.assessedBy,
    decidedAt: c.decidedAt,
  };
}

/** The caller as the state machine sees them; null for a caller with no identity. */
export function transitionActor(actor: Actor, facts: ClaimFacts): TransitionActor | null {
  if (!actor.userId || !actor.role) return null;
  return {
    id: actor.userId,
    role: actor.role,
    representsClaimant: facts.lawyerIds.includes(actor.userId),
  };
}

export function transitionContext(facts: ClaimFacts, now: Date): TransitionContext {
  return {
    liabilityLimit: facts.liabilityLimit,
    missingDocuments: facts.missingDocuments,
    paidTotal: facts.paid,
    now,
  };
}

const money = (amount: string | null, currency: string): MoneyResponseDto | null =>
  amount === null ? null : { amount, currency };

/**
 * Claim responses with the caller's allowed transitions, missing documents and payment totals.
 * Facts for a whole page are loaded in one query, whatever the page size.
 */
@Injectable()
export class ClaimViews {
  async one(manager: EntityManager, actor: Actor, claim: Claim): Promise<ClaimResponseDto> {
    const [view] = await this.many(manager, actor, [claim]);
    return view!;
  }

  async many(
    manager: EntityManager,
    actor: Actor,
    claims: readonly Claim[],
  ): Promise<ClaimResponseDto[]> {
    const facts = await loadClaimFacts(manager, claims);
    const now = new Date();
    return claims.map((c) => toClaimResponse(actor, c, facts.get(c.id)!, now));
  }
}

export function toClaimResponse(
  actor: Actor,
  c: Claim,
  facts: ClaimFacts,
  now: Date,
): ClaimResponseDto {
  const who = transitionActor(actor, facts);
  return {
    id: c.id,
    reference: c.reference,
    incidentId: c.incidentId,
    programmeId: c.programmeId,
    claimantId: c.claimantId,
    personId: c.personId,
    type: c.type,
    status: c.status,
    currency: c.currency,
    amountClaimed: money(c.amountClaimed, c.currency),
    amountAssessed: money(c.amountAssessed, c.currency),
    amountApproved: money(c.amountApproved, c.currency),
    description: c.description,
    assignedCaseWorkerId: c.assignedCaseWorkerId,
    assessedBy: c.assessedBy,
    approvedBy: c.approvedBy,
    createdBy: c.createdBy,
    submittedAt: c.submittedAt ? c.submittedAt.toISOString() : null,
    decidedAt: c.decidedAt ? c.decidedAt.toISOString() : null,
    statusChangedAt: c.statusChangedAt.toISOString(),
    allowedTransitions: who
      ? allowedTransitions(claimSnapshot(c), who, transitionContext(facts, now))
      : [],
    missingDocuments: facts.missingDocuments,
    paid: facts.paid,
    outstanding: outstandingAmount(c.amountApproved, facts.paid),
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/**
 * Programme limits, active lawyers, documents and payment totals for the given claims.
 * Documents count when filed for the claim itself or for its claimant with no claim (a power
 * of attorney or an identity document serves every claim of the claimant). The paid total
 * uses the ledger rule of payments/payment-totals.ts (a reversal subtracts), per claim in one query.
 */
export async function loadClaimFacts(
  manager: EntityManager,
  claims: readonly Claim[],
): Promise<Map<string, ClaimFacts>> {
  const facts = new Map<string, ClaimFacts>();
  if (claims.length === 0) return facts;
  const claimIds = claims.map((c) => c.id);
  const claimantIds = [...new Set(claims.map((c) => c.claimantId))];
  const programmeIds = [...new Set(claims.map((c) => c.programmeId))];

  // One round trip for all four facts: the read path of a claim is the service's hottest.
  const [row] = (await manager.query(
    `SELECT
       (SELECT COALESCE(json_agg(json_build_object('id', p.id, 'liabilityLimit', p.liability_limit::text)), '[]')
          FROM compensation_programmes p WHERE p.id = ANY($3::uuid[])) AS programmes,
       (SELECT COALESCE(json_agg(json_build_object('claimantId', r.claimant_id, 'lawyerId', r.lawyer_id)), '[]')
          FROM representations r WHERE r.claimant_id = ANY($2::uuid[]) AND r.ended_at IS NULL) AS representations,
       (SELECT COALESCE(json_agg(json_build_object('claimId', d.claim_id, 'claimantId', d.claimant_id,
                                                   'type', d.type, 'status', d.status)), '[]')
          FROM documents d
         WHERE d.claim_id = ANY($1::uuid[]) OR (d.claim_id IS NULL AND d.claimant_id = ANY($2::uuid[]))) AS documents,
       (SELECT COALESCE(json_agg(json_build_object('claimId', t.claim_id, 'paid', t.paid)), '[]')
          FROM (SELECT claim_id,
                       SUM(CASE WHEN reversal_of IS NULL THEN amount ELSE -amount END)::numeric(15,2)::text AS paid
                  FROM payments WHERE claim_id = ANY($1::uuid[]) GROUP BY claim_id) t) AS payments`,
    [claimIds, claimantIds, programmeIds],
  )) as {
    programmes: { id: string; liabilityLimit: string | null }[];
    representations: { claimantId: string; lawyerId: string }[];
    documents: {
      claimId: string | null;
      claimantId: string | null;
      type: DocumentType;
      status: string;
    }[];
    payments: { claimId: string; paid: string }[];
  }[];
  const { programmes, representations, documents, payments } = row!;

  const limitOf = new Map(programmes.map((p) => [p.id, p.liabilityLimit]));
  const paidOf = new Map(payments.map((p) => [p.claimId, p.paid]));
  for (const c of claims) {
    const lawyerIds = representations
      .filter((r) => r.claimantId === c.claimantId)
      .map((r) => r.lawyerId);
    const onFile = documents.filter(
      (d) => d.claimId === c.id || (d.claimId === null && d.claimantId === c.claimantId),
    );
    facts.set(c.id, {
      liabilityLimit: limitOf.get(c.programmeId) ?? null,
      lawyerIds,
      missingDocuments: missingDocuments(requiredDocuments(c.type, lawyerIds.length > 0), onFile),
      paid: paidOf.get(c.id) ?? '0.00',
    });
  }
  return facts;
}
