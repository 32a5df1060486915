import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { updateIfVersion } from '../../common/database/conditional-update';
import { queryOne, Sql, sql } from '../../common/database/sql';
import { forbidden, invalid, notFound, preconditionFailed } from '../../common/errors/errors';
import { formatAmount } from '../../common/money/money';
import { byCreation, keyset, mapPage, Page } from '../../common/pagination/pagination';
import { AuditService } from '../audit/audit.service';
import { diffChanges } from '../audit/domain/audit-chain';
import { claimantScope } from '../claimants/access-scope';
import { ClaimantsService } from '../claimants/claimants.service';
import { Incident } from '../incidents/incident.entity';
import { PersonOnBoard } from '../persons/person-on-board.entity';
import { CompensationProgramme } from '../programmes/compensation-programme.entity';
import { eligibilityFailure } from '../programmes/domain/programme-rules';
import { User } from '../users/user.entity';
import { Claim } from './claim.entity';
import { findVisibleClaim } from './claim-access';
import { auditable } from './claim-audit';
import { ClaimRow, ClaimViews } from './claim-views';
import { ClaimErrorCode, ClaimRuleError } from './domain/claim-errors';
import {
  assertEditable,
  assertProgrammeForIncident,
  assertSameCurrency,
  assertTypeFitsOutcome,
  claimReference,
} from './domain/claim-rules';
import { ClaimStatus } from './domain/claim-status';
import { ClaimType } from './domain/claim-type';
import {
  ClaimResponseDto,
  CreateClaimDto,
  ListClaimsQueryDto,
  UpdateClaimDto,
} from './dto/claim.dto';

/** Free text may tell of health or family: the log records only that it changed. */
const PERSONAL = ['description'];

/** List filters and the claim column each compares. */
const LIST_FILTERS = [
  ['status', 'status'],
  ['type', 'type'],
  ['programmeId', 'programme_id'],
  ['personId', 'person_id'],
  ['claimantId', 'claimant_id'],
  ['assignedCaseWorkerId', 'assigned_case_worker_id'],
] as const satisfies readonly (readonly [keyof ListClaimsQueryDto, string])[];

/** Fields of a draft that PATCH may change, besides the assignment. */
const DRAFT_FIELDS = [
  'programmeId',
  'type',
  'amountClaimed',
  'description',
  'principalClaimId',
] as const;

@Injectable()
export class ClaimsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly claimants: ClaimantsService,
    private readonly views: ClaimViews,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: ListClaimsQueryDto): Promise<Page<ClaimResponseDto>> {
    const where: Sql[] = [];
    for (const [field, column] of LIST_FILTERS) {
      const value = query[field];
      if (value !== undefined) where.push(sql(`c.${column} = :${field}`, { [field]: value }));
    }
    const scope = claimantScope(actor, 'c.claimant_id');
    if (scope) where.push(scope);
    const pages = keyset<ClaimRow>(query, byCreation('c.created_at', 'c.id'));
    if (pages.after) where.push(pages.after);
    const page = pages.page(
      await this.views.select(this.dataSource.manager, where, { tail: pages.tail }),
    );
    const now = new Date();
    return mapPage(page, (row) => this.views.view(actor, row, now));
  }

  /**
   * The claim, its facts, and a lawyer's scope (404 outside it): read with the access check
   * when the guard could (`readAhead`, ClaimReadAlong), else by one prepared statement here.
   */
  async get(
    actor: Actor,
    id: string,
    readAhead?: { row: ClaimRow | null },
  ): Promise<ClaimResponseDto> {
    let row = readAhead?.row;
    if (readAhead === undefined) {
      const where: Sql[] = [sql('c.id = :id', { id })];
      const scope = claimantScope(actor, 'c.claimant_id');
      if (scope) where.push(scope);
      [row] = await this.views.select(this.dataSource.manager, where, { prepared: true });
    }
    if (!row) throw notFound('Claim');
    return this.views.view(actor, row, new Date());
  }

  async create(actor: Actor, dto: CreateClaimDto): Promise<ClaimResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      // A lawyer files only for clients they represent; anyone else's claimant is a 404.
      const claimant = await this.claimants.findVisible(manager, actor, dto.claimantId);
      const person = await readPersonShared(manager, claimant.personId);
      const programme = await requireProgramme(manager, dto.programmeId);
      assertProgrammeForIncident(programme.incidentId, person.incidentId);
      // Fixed now: the programme's currency, or while it has none (a pledge), the claim's own.
      const currency = claimCurrency(programme, dto.amountClaimed.currency);
      assertTypeFitsOutcome(dto.type, person.outcome);
      assertEligible(programme, person);
      if (dto.principalClaimId !== undefined) {
        await requirePrincipal(manager, dto.principalClaimId, {
          type: dto.type,
          claimantId: claimant.id,
          programmeId: programme.id,
        });
      }
      const incident = await manager.findOneByOrFail(Incident, { id: person.incidentId });
      const reference = claimReference(incident.code, await nextClaimNumber(manager, incident.id));
      const claim = manager.create(Claim, {
        reference,
        incidentId: incident.id,
        programmeId: programme.id,
        claimantId: claimant.id,
        personId: person.id,
        type: dto.type,
        status: ClaimStatus.Draft,
        currency,
        amountClaimed: formatAmount(dto.amountClaimed.amount),
        amountAssessed: null,
        amountApproved: null,
        description: dto.description ?? null,
        principalClaimId: dto.principalClaimId ?? null,
        assignedCaseWorkerId: null,
        assessedBy: null,
        approvedBy: null,
        createdBy: actor.userId,
        submittedAt: null,
        decidedAt: null,
      });
      await manager.insert(Claim, claim);
      const where = [{ sql: 'c.id = :id', params: { id: claim.id } }];
      const saved = (await this.views.select(manager, where))[0]!;
      const response = this.views.view(actor, saved, new Date());
      await this.audit.record(manager, actor, {
        action: 'claim.create',
        entityType: 'claim',
        entityId: saved.id,
        changes: diffChanges(null, auditable(saved), PERSONAL),
      });
      return response;
    });
  }

  async update(
    actor: Actor,
    id: string,
    version: number,
    dto: UpdateClaimDto,
  ): Promise<ClaimResponseDto> {
    const fields = DRAFT_FIELDS.filter((field) => dto[field] !== undefined);
    const assignment = dto.assignedCaseWorkerId !== undefined;
    if (fields.length === 0 && !assignment) {
      throw invalid('The request changes nothing', [{ field: 'body', message: 'no field sent' }]);
    }
    return this.dataSource.transaction(async (manager) => {
      const before = await findVisibleClaim(manager, actor, id);
      // Stale first: a change decided on an old reading is not weighed against the rules.
      if (before.version !== version) throw preconditionFailed();
      if (assignment && actor.role !== Role.Admin && actor.role !== Role.CaseWorker) {
        throw forbidden('Only administrators and case workers assign claims');
      }
      assertEditable(before.status, { fields, assignment });

      const patch: Partial<Claim> = {};
      if (assignment) {
        if (dto.assignedCaseWorkerId) await requireCaseWorker(manager, dto.assignedCaseWorkerId);
        patch.assignedCaseWorkerId = dto.assignedCaseWorkerId ?? null;
      }
      if (fields.length > 0) {
        const programme = await requireProgramme(manager, dto.programmeId ?? before.programmeId);
        assertProgrammeForIncident(programme.incidentId, before.incidentId);
        const person = await readPersonShared(manager, before.personId);
        assertTypeFitsOutcome(dto.type ?? before.type, person.outcome);
        if (dto.programmeId !== undefined) assertEligible(programme, person);
        const principalClaimId =
          dto.principalClaimId === undefined ? before.principalClaimId : dto.principalClaimId;
        if (principalClaimId !== null) {
          await requirePrincipal(manager, principalClaimId, {
            id,
            type: dto.type ?? before.type,
            claimantId: before.claimantId,
            programmeId: programme.id,
          });
        }
        if (dto.principalClaimId !== undefined) patch.principalClaimId = dto.principalClaimId;
        // A new programme or a new amount fixes the currency again (the amount must follow the
        // programme's); other edits leave it as filed.
        if (dto.programmeId !== undefined || dto.amountClaimed !== undefined) {
          patch.currency = claimCurrency(programme, dto.amountClaimed?.currency ?? before.currency);
        }
        if (dto.programmeId !== undefined) patch.programmeId = programme.id;
        if (dto.type !== undefined) patch.type = dto.type;
        if (dto.amountClaimed !== undefined) {
          patch.amountClaimed = formatAmount(dto.amountClaimed.amount);
        }
        if (dto.description !== undefined) patch.description = dto.description;
      }
      const after = await updateIfVersion(manager, Claim, id, version, patch);
      const response = await this.views.one(manager, actor, after);
      await this.audit.record(manager, actor, {
        action: 'claim.update',
        entityType: 'claim',
        entityId: id,
        changes: diffChanges(auditable(before), auditable(after), PERSONAL),
      });
      return response;
    });
  }
}

/**
 * The next claim number of the incident. The upsert takes the counter row's lock until the
 * transaction ends, so concurrent creations queue and no number is issued twice.
 */
async function nextClaimNumber(manager: EntityManager, incidentId: string): Promise<number> {
  const row = await queryOne<{ last_number: number }>(
    manager,
    sql(
      `INSERT INTO claim_reference_counters (incident_id, last_number) VALUES (:incidentId, 1)
       ON CONFLICT (incident_id) DO UPDATE SET last_number = claim_reference_counters.last_number + 1
       RETURNING last_number`,
      { incidentId },
    ),
  );
  return row!.last_number;
}

async function requireProgramme(
  manager: EntityManager,
  id: string,
): Promise<CompensationProgramme> {
  const programme = await manager.findOneBy(CompensationProgramme, { id });
  if (!programme) throw notFound('Programme');
  return programme;
}

async function requireCaseWorker(manager: EntityManager, userId: string): Promise<void> {
  const user = await manager.findOneBy(User, { id: userId });
  if (!user || !user.active || user.role !== Role.CaseWorker) {
    throw new ClaimRuleError(
      ClaimErrorCode.CaseWorkerNotEligible,
      'A claim can be assigned only to an active case worker',
    );
  }
}

/**
 * A claim's currency (docs/api.md#programme-status): its programme's, which the amount claimed must be
 * in; while the programme has none yet, the currency of the amount claimed.
 */
function claimCurrency(programme: CompensationProgramme, claimed: string): string {
  if (programme.currency === null) return claimed;
  assertSameCurrency('amountClaimed', claimed, programme.currency.trim());
  return programme.currency.trim();
}

/** A claim for someone the programme does not cover: 422 naming the failed condition. */
function assertEligible(programme: CompensationProgramme, person: PersonOnBoard): void {
  const failure = eligibilityFailure(programme.eligibility, person);
  if (failure) {
    throw new ClaimRuleError(
      ClaimErrorCode.NotEligible,
      `The person is not eligible for ${programme.name}: ${failure.message}`,
      { errors: [failure] },
    );
  }
}

/**
 * An advance claim's principal: another, non-advance claim of the same claimant in the same
 * programme that has not ended without an award. One answer for every failure, so the id of
 * someone else's claim reveals nothing.
 */
async function requirePrincipal(
  manager: EntityManager,
  principalClaimId: string,
  advance: { id?: string; type: ClaimType; claimantId: string; programmeId: string },
): Promise<void> {
  const refuse = (why: string) =>
    new ClaimRuleError(ClaimErrorCode.PrincipalClaimInvalid, why, {
      errors: [{ field: 'principalClaimId', message: why }],
    });
  if (advance.type !== ClaimType.Advance) {
    throw refuse('only an advance claim is linked to a principal claim');
  }
  const principal = await manager.findOneBy(Claim, { id: principalClaimId });
  if (
    !principal ||
    principal.id === advance.id ||
    principal.claimantId !== advance.claimantId ||
    principal.programmeId !== advance.programmeId
  ) {
    throw refuse('the principal must be a claim of the same claimant in the same programme');
  }
  if (principal.type === ClaimType.Advance) {
    throw refuse('the principal claim cannot itself be an advance claim');
  }
  if ([ClaimStatus.Withdrawn, ClaimStatus.Rejected].includes(principal.status)) {
    throw refuse(`the principal claim is ${principal.status}`);
  }
}

/**
 * The claim's person on board, its row share-locked until the claim is written: a correction of
 * the person's outcome (which locks the row to check the claims on file) waits for this claim,
 * or this claim waits for it and sees the corrected outcome.
 */
async function readPersonShared(manager: EntityManager, personId: string): Promise<PersonOnBoard> {
  const person = await manager
    .createQueryBuilder(PersonOnBoard, 'p')
    .where('p.id = :personId', { personId })
    .setLock('pessimistic_read')
    .getOne();
  if (!person) throw notFound('Person');
  return person;
}
