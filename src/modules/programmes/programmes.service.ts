import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';

import type { Actor } from '../../common/auth/actor';
import { updateIfVersion } from '../../common/database/conditional-update';
import { queryRows, sql } from '../../common/database/sql';
import { invalid, notFound, preconditionFailed } from '../../common/errors/errors';
import { formatAmount } from '../../common/money/money';
import { mapPage, Page, PageQueryDto, paginate } from '../../common/pagination/pagination';
import { AuditService } from '../audit/audit.service';
import { diffChanges } from '../audit/domain/audit-chain';
import { IncidentsService } from '../incidents/incidents.service';
import { CompensationProgramme } from './compensation-programme.entity';
import { defaultLiabilityBasis, Eligibility } from './domain/programme-rules';
import {
  assertCurrencyWhenOpen,
  assertStatusChange,
  ProgrammeErrorCode,
  ProgrammeRuleError,
  ProgrammeStatus,
  STATUS_DATE,
} from './domain/programme-status';
import {
  CreateProgrammeDto,
  CreateProgrammeEventDto,
  EligibilityDto,
  ProgrammeEventResponseDto,
  ProgrammeResponseDto,
  UpdateProgrammeDto,
} from './dto/programme.dto';
import { ProgrammeEvent } from './programme-event.entity';
import { toEventResponse, toProgrammeResponse } from './programme-views';

/** Only the conditions sent, in a fixed key order (the stored JSON is compared in audits). */
function normaliseEligibility(dto: EligibilityDto): Eligibility {
  return {
    ...(dto.categories ? { categories: [...dto.categories] } : {}),
    ...(dto.outcomes ? { outcomes: [...dto.outcomes] } : {}),
    ...(dto.nationalities ? { nationalities: [...dto.nationalities] } : {}),
    ...(dto.note !== undefined ? { note: dto.note } : {}),
  };
}

/**
 * An event has happened by the time it is recorded: its dates may not lie after today in the
 * earliest time zone (UTC+14), so a date written where it is already tomorrow is still taken.
 */
function assertEventNotInFuture(event: CreateProgrammeEventDto): void {
  const latest = new Date(Date.now() + 14 * 3600_000).toISOString().slice(0, 10);
  const future = [
    ...(event.occurredOn > latest
      ? [{ field: 'occurredOn', message: 'must not be in the future' }]
      : []),
    ...(event.source.publishedOn > latest
      ? [{ field: 'source.publishedOn', message: 'must not be in the future' }]
      : []),
  ];
  if (future.length > 0) throw invalid('An event is recorded once it has happened', future);
}

const optionalAmount = (value: string | null | undefined) => (value ? formatAmount(value) : null);

/** Programme fields as the audit log records them (the response without its bookkeeping). */
function auditable(p: CompensationProgramme): Record<string, unknown> {
  const { id: _i, version: _v, createdAt: _c, updatedAt: _u, ...fields } = toProgrammeResponse(p);
  return fields;
}

const AMOUNTS = [
  'amountPerDeceased',
  'amountPerInjured',
  'liabilityLimit',
  'advanceMinimum',
] as const;

/** Fields PATCH may set to null; the others are refused as null (400). */
const NULLABLE = [
  'currency',
  'amountPerDeceased',
  'amountPerInjured',
  'liabilityLimit',
  'advanceMinimum',
  'description',
  'eligibility',
  'limitationDeadline',
  'announcedAt',
  'pledgedAt',
  'openedAt',
  'closedAt',
] as const;

@Injectable()
export class ProgrammesService {
  constructor(
    @InjectRepository(CompensationProgramme)
    private readonly programmes: Repository<CompensationProgramme>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly incidents: IncidentsService,
    private readonly audit: AuditService,
  ) {}

  async list(incidentId: string, query: PageQueryDto): Promise<Page<ProgrammeResponseDto>> {
    await this.incidents.require(incidentId);
    const qb = this.programmes
      .createQueryBuilder('programme')
      .where('programme.incidentId = :incidentId', { incidentId });
    return mapPage(await paginate(qb, query), toProgrammeResponse);
  }

  async require(id: string, manager?: EntityManager): Promise<CompensationProgramme> {
    const programme = await (manager ?? this.dataSource.manager).findOneBy(CompensationProgramme, {
      id,
    });
    if (!programme) throw notFound('Programme');
    return programme;
  }

  async get(id: string): Promise<ProgrammeResponseDto> {
    return toProgrammeResponse(await this.require(id));
  }

  async create(
    actor: Actor,
    incidentId: string,
    dto: CreateProgrammeDto,
  ): Promise<ProgrammeResponseDto> {
    await this.incidents.require(incidentId);
    const status = dto.status ?? ProgrammeStatus.Open;
    assertCurrencyWhenOpen(
      status,
      dto.currency ?? null,
      AMOUNTS.some((field) => Boolean(dto[field])),
    );
    return this.dataSource.transaction(async (manager) => {
      const programme = manager.create(CompensationProgramme, {
        incidentId,
        name: dto.name,
        payer: dto.payer,
        currency: dto.currency ?? null,
        status,
        announcedAt: dto.announcedAt ?? null,
        pledgedAt: dto.pledgedAt ?? null,
        openedAt: dto.openedAt ?? null,
        closedAt: dto.closedAt ?? null,
        amountPerDeceased: optionalAmount(dto.amountPerDeceased),
        amountPerInjured: optionalAmount(dto.amountPerInjured),
        liabilityLimit: optionalAmount(dto.liabilityLimit),
        advanceMinimum: optionalAmount(dto.advanceMinimum),
        description: dto.description ?? null,
        liabilityBasis: dto.liabilityBasis ?? defaultLiabilityBasis(dto.payer),
        eligibility: dto.eligibility ? normaliseEligibility(dto.eligibility) : null,
        limitationDeadline: dto.limitationDeadline ?? null,
      });
      await manager.insert(CompensationProgramme, programme);
      const saved = await manager.findOneByOrFail(CompensationProgramme, { id: programme.id });
      await this.audit.record(manager, actor, {
        action: 'programme.create',
        entityType: 'programme',
        entityId: saved.id,
        changes: diffChanges(null, auditable(saved)),
      });
      return toProgrammeResponse(saved);
    });
  }

  /**
   * Changes a programme under If-Match. A status change follows the lifecycle of
   * domain/programme-status.ts, carries its ProgrammeEvent (written in the same transaction)
   * and stamps the status's date from the event unless the request sets it. One audit event
   * records the change and names the programme event.
   */
  async update(
    actor: Actor,
    id: string,
    version: number,
    dto: UpdateProgrammeDto,
  ): Promise<ProgrammeResponseDto> {
    for (const field of ['name', 'payer', 'status', 'liabilityBasis'] as const) {
      if (dto[field] === null) {
        throw invalid('The request has invalid fields', [
          { field, message: `${field} cannot be cleared` },
        ]);
      }
    }
    const { event, ...fields } = dto;
    if (Object.keys(fields).length === 0 && !event) {
      throw invalid('The request changes nothing', [{ field: 'body', message: 'no field sent' }]);
    }
    if (event) assertEventNotInFuture(event);
    return this.dataSource.transaction(async (manager) => {
      // Locked: two changes of one programme (and their events) queue.
      const before = await manager.findOne(CompensationProgramme, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!before) throw notFound('Programme');
      // A change decided on a stale reading is refused before any rule is weighed against it.
      if (before.version !== version) throw preconditionFailed();
      const patch: Partial<CompensationProgramme> = {};
      for (const field of NULLABLE) {
        if (dto[field] === undefined) continue;
        if (field === 'eligibility') {
          patch.eligibility = dto.eligibility ? normaliseEligibility(dto.eligibility) : null;
        } else if (
          field === 'amountPerDeceased' ||
          field === 'amountPerInjured' ||
          field === 'liabilityLimit' ||
          field === 'advanceMinimum'
        ) {
          patch[field] = optionalAmount(dto[field]);
        } else {
          patch[field] = dto[field] ?? null;
        }
      }
      if (dto.name !== undefined) patch.name = dto.name;
      if (dto.payer !== undefined) patch.payer = dto.payer;
      if (dto.liabilityBasis !== undefined) patch.liabilityBasis = dto.liabilityBasis;

      const status = dto.status ?? before.status;
      const currency = patch.currency === undefined ? before.currency : patch.currency;
      if (currency !== before.currency && before.currency !== null) {
        await assertNoClaims(manager, id);
      }
      const amountsSet = AMOUNTS.some((field) =>
        patch[field] === undefined ? before[field] !== null : patch[field] !== null,
      );
      const changesStatus = status !== before.status;
      if (changesStatus) {
        if (!event) {
          throw new ProgrammeRuleError(
            ProgrammeErrorCode.EventRequired,
            `A change of status (${before.status} to ${status}) needs its event: send event {occurredOn, kind, summary, source}`,
            [{ field: 'event', message: 'required when status changes' }],
          );
        }
        assertStatusChange(before.status, status, currency, amountsSet);
        patch.status = status;
        const dateField = STATUS_DATE[status as keyof typeof STATUS_DATE];
        // First entry only: a programme resumed after a suspension keeps its first opening date.
        if (dateField && dto[dateField] === undefined && before[dateField] === null) {
          patch[dateField] = event.occurredOn;
        }
      } else {
        assertCurrencyWhenOpen(status, currency, amountsSet);
      }

      const after =
        Object.keys(patch).length > 0
          ? await updateIfVersion(manager, CompensationProgramme, id, version, patch)
          : before; // a PATCH that only appends an event bumps nothing
      const recorded = event ? await this.insertEvent(manager, actor, id, event) : null;
      await this.audit.record(manager, actor, {
        action: 'programme.update',
        entityType: 'programme',
        entityId: id,
        changes: {
          ...diffChanges(auditable(before), auditable(after)),
          ...(recorded ? { programmeEventId: recorded.id } : {}),
        },
      });
      return toProgrammeResponse(after);
    });
  }

  async listEvents(programmeId: string, query: PageQueryDto) {
    await this.require(programmeId);
    const qb = this.dataSource.manager
      .createQueryBuilder(ProgrammeEvent, 'event')
      .where('event.programmeId = :programmeId', { programmeId });
    return mapPage(await paginate(qb, query), toEventResponse);
  }

  async createEvent(
    actor: Actor,
    programmeId: string,
    dto: CreateProgrammeEventDto,
  ): Promise<ProgrammeEventResponseDto> {
    assertEventNotInFuture(dto);
    return this.dataSource.transaction(async (manager) => {
      await this.require(programmeId, manager);
      const saved = await this.insertEvent(manager, actor, programmeId, dto);
      const { id, createdAt: _c, ...fields } = toEventResponse(saved);
      await this.audit.record(manager, actor, {
        action: 'programme_event.create',
        entityType: 'programme',
        entityId: programmeId,
        changes: { programmeEventId: id, ...diffChanges(null, fields) },
      });
      return toEventResponse(saved);
    });
  }

  private async insertEvent(
    manager: EntityManager,
    actor: Actor,
    programmeId: string,
    dto: CreateProgrammeEventDto,
  ): Promise<ProgrammeEvent> {
    const event = manager.create(ProgrammeEvent, {
      programmeId,
      occurredOn: dto.occurredOn,
      kind: dto.kind,
      summary: dto.summary.trim(),
      source: {
        title: dto.source.title.trim(),
        publisher: dto.source.publisher.trim(),
        publishedOn: dto.source.publishedOn,
        ...(dto.source.url ? { url: dto.source.url } : {}),
      },
      createdBy: actor.userId,
    });
    await manager.insert(ProgrammeEvent, event);
    return manager.findOneByOrFail(ProgrammeEvent, { id: event.id });
  }
}

/** Claims were filed in the programme's currency: it may not change under them. */
async function assertNoClaims(manager: EntityManager, programmeId: string): Promise<void> {
  const [row] = await queryRows<{ filed: boolean }>(
    manager,
    sql(`SELECT EXISTS (SELECT 1 FROM claims WHERE programme_id = :programmeId) AS filed`, {
      programmeId,
    }),
  );
  if (row?.filed) {
    throw new ProgrammeRuleError(
      ProgrammeErrorCode.CurrencyFixed,
      'Claims are filed in the programme’s currency: it cannot change any more',
      [{ field: 'currency', message: 'fixed once claims are filed' }],
    );
  }
}
