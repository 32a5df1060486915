import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { updateIfVersion } from '../../common/database/conditional-update';
import { forbidden, preconditionFailed } from '../../common/errors/errors';
import {
  KeysetOrder,
  mapPage,
  Page,
  PageQueryDto,
  paginate,
  TIME_AND_ID,
} from '../../common/pagination/pagination';
import { redactForAuditor } from '../../common/privacy/redact';
import { AuditService } from '../audit/audit.service';
import { diffChanges } from '../audit/domain/audit-chain';
import { ExchangeRatesService } from '../exchange-rates/exchange-rates.service';
import { ClaimNotifier } from '../notifications/claim-notifier';
import { loadApprovalLimits } from './approval-limits';
import { Claim } from './claim.entity';
import { findVisibleClaim } from './claim-access';
import { auditable } from './claim-audit';
import { ClaimTransition } from './claim-transition.entity';
import {
  claimSnapshot,
  loadClaimFacts,
  toClaimResponse,
  transitionActor,
  transitionContext,
} from './claim-views';
import { ClaimErrorCode, ClaimRuleError } from './domain/claim-errors';
import { AMOUNT_TARGETS } from './domain/claim-rules';
import { decideTransition } from './domain/claim-state-machine';
import { ClaimStatus } from './domain/claim-status';
import { informationDueDate, refuseDueDate } from './domain/information-request';
import { ClaimResponseDto } from './dto/claim.dto';
import { ClaimTransitionResponseDto, TransitionClaimDto } from './dto/transition.dto';
import { lockPersonInProgramme } from './person-programme-lock';

/**
 * A re-opened appeal goes back to review for a new decision: the previous assessment and
 * approval no longer stand (their history stays in claim_transitions and the audit log), so
 * the new assessor must state an amount again and four-eyes applies afresh.
 */
const DECISION_CLEARED: Partial<Claim> = {
  amountAssessed: null,
  amountApproved: null,
  assessedBy: null,
  approvedBy: null,
  decidedAt: null,
  exceedsLiabilityLimit: false,
};

@Injectable()
export class ClaimTransitionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly rates: ExchangeRatesService,
    private readonly notifier: ClaimNotifier,
  ) {}

  /**
   * Moves a claim in one transaction: lock the row, check the version the caller read, decide
   * with the pure state machine, save with a conditional UPDATE, record the transition and the
   * audit event. Concurrent requests with the same If-Match queue on the lock; all but the
   * first then see a newer version and get 412.
   */
  async transition(
    actor: Actor,
    id: string,
    version: number,
    dto: TransitionClaimDto,
  ): Promise<ClaimResponseDto> {
    if (dto.amount !== undefined && !AMOUNT_TARGETS.includes(dto.to)) {
      throw new ClaimRuleError(
        ClaimErrorCode.AmountNotAccepted,
        `An amount is accepted only when moving to ${AMOUNT_TARGETS.join(' or ')}`,
      );
    }
    if (dto.dueDate !== undefined && dto.to !== ClaimStatus.InformationRequested) refuseDueDate();
    return this.dataSource.transaction(async (manager) => {
      const claim = await findVisibleClaim(manager, actor, id, { lock: true });
      if (claim.version !== version) throw preconditionFailed();
      const approving = claim.status === ClaimStatus.Assessed && dto.to === ClaimStatus.Approved;
      // An approval is capped by the person's other claims in the programme and by linked
      // advances: hold them still while we decide.
      if (approving) await lockPersonInProgramme(manager, claim.programmeId, claim.personId);
      // Read after the claim's row lock: the ledger cannot move while we decide, and a
      // transition changes none of these facts, so the response reuses them.
      const facts = await loadClaimFacts(manager, claim);
      const now = new Date();
      const who = transitionActor(actor, facts);
      if (!who) throw forbidden();
      const reason = dto.reason?.trim() || undefined;
      const context = transitionContext(facts, now);
      // Only an open programme decides (the state machine says so for the others).
      if (approving && who.role === Role.Admin && facts.programmeStatus === 'open') {
        Object.assign(context, await loadApprovalLimits(manager, this.rates, claim, now));
      }
      const decided = decideTransition(
        claimSnapshot(claim),
        who,
        { to: dto.to, reason, amount: dto.amount },
        context,
      );
      const dueDate =
        decided.status === ClaimStatus.InformationRequested
          ? informationDueDate(now, dto.dueDate)
          : null;
      const reopened =
        claim.status === ClaimStatus.Appealed && decided.status === ClaimStatus.UnderReview;
      const after = await updateIfVersion(manager, Claim, id, version, {
        ...(reopened ? DECISION_CLEARED : {}),
        ...decided,
        statusChangedAt: now,
        ...(decided.status === ClaimStatus.Submitted && claim.submittedAt === null
          ? { submittedAt: now }
          : {}),
        // The due date belongs to the open information request only.
        ...(dueDate !== null || claim.status === ClaimStatus.InformationRequested
          ? { informationDueDate: dueDate }
          : {}),
      });
      const amount =
        decided.status === ClaimStatus.Assessed
          ? decided.amountAssessed
          : decided.status === ClaimStatus.Approved
            ? decided.amountApproved
            : undefined;
      const transition = manager.create(ClaimTransition, {
        claimId: id,
        fromStatus: claim.status,
        toStatus: decided.status,
        actorId: who.id,
        actorRole: who.role,
        reason: reason ?? null,
        amount: amount ?? null,
        dueDate,
      });
      await manager.insert(ClaimTransition, transition);
      const response = toClaimResponse(actor, after, facts, now);
      await this.notifier.transitioned(manager, actor, after, {
        from: claim.status,
        to: decided.status,
        at: transition.at ?? now,
        dueDate,
      });
      await this.audit.record(manager, actor, {
        action: 'claim.transition',
        entityType: 'claim',
        entityId: id,
        changes: {
          transitionId: transition.id,
          ...diffChanges(auditable(claim), auditable(after), ['description']),
        },
      });
      return response;
    });
  }

  /** The claim's history, oldest first, paged on (at, id). */
  async list(
    actor: Actor,
    claimId: string,
    query: PageQueryDto,
  ): Promise<Page<ClaimTransitionResponseDto>> {
    const manager = this.dataSource.manager;
    const claim = await findVisibleClaim(manager, actor, claimId);
    const qb = manager
      .createQueryBuilder(ClaimTransition, 't')
      .where('t.claimId = :claimId', { claimId });
    const page = await paginate(qb, query, BY_TIME);
    return mapPage(page, (t) => ({
      ...toTransitionResponse(t, claim.currency),
      reason: redactForAuditor(actor, t.reason),
    }));
  }
}

/** A claim's history is ordered by when each transition happened. */
const BY_TIME: KeysetOrder<ClaimTransition> = {
  columns: ['t.at', 't.id'],
  direction: 'ASC',
  key: (t) => [t.at, t.id],
  cursor: TIME_AND_ID,
};

function toTransitionResponse(t: ClaimTransition, currency: string): ClaimTransitionResponseDto {
  return {
    id: t.id,
    claimId: t.claimId,
    from: t.fromStatus,
    to: t.toStatus,
    actorId: t.actorId,
    actorRole: t.actorRole,
    reason: t.reason,
    amount: t.amount === null ? null : { amount: t.amount, currency },
    dueDate: t.dueDate,
    at: t.at.toISOString(),
  };
}
