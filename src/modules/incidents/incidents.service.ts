import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';

import type { Actor } from '../../common/auth/actor';
import { updateIfVersion } from '../../common/database/conditional-update';
import { invalid, notFound } from '../../common/errors/errors';
import { mapPage, Page, PageQueryDto, paginate } from '../../common/pagination/pagination';
import { AuditService } from '../audit/audit.service';
import { diffChanges } from '../audit/domain/audit-chain';
import { defaultLimitationDeadline, inconsistentCounts } from './domain/limitation';
import { CreateIncidentDto, IncidentResponseDto, UpdateIncidentDto } from './dto/incident.dto';
import { Incident } from './incident.entity';

export function toIncidentResponse(i: Incident): IncidentResponseDto {
  return {
    id: i.id,
    code: i.code,
    title: i.title,
    occurredAt: i.occurredAt.toISOString(),
    aircraft: i.aircraft ?? undefined,
    registration: i.registration ?? undefined,
    operator: i.operator ?? undefined,
    origin: i.origin ?? undefined,
    destination: i.destination ?? undefined,
    crashSite: i.crashSite ?? undefined,
    declared: { ...i.declared },
    limitationDeadline: i.limitationDeadline,
    sources: i.sources,
    alternativeCounts: i.alternativeCounts,
    version: i.version,
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
  };
}

function auditable(i: Incident): Record<string, unknown> {
  const { id: _id, createdAt: _c, updatedAt: _u, version: _v, ...rest } = toIncidentResponse(i);
  return rest;
}

@Injectable()
export class IncidentsService {
  constructor(
    @InjectRepository(Incident) private readonly incidents: Repository<Incident>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(query: PageQueryDto): Promise<Page<IncidentResponseDto>> {
    const page = await paginate(this.incidents.createQueryBuilder('incident'), query);
    return mapPage(page, toIncidentResponse);
  }

  async get(id: string): Promise<IncidentResponseDto> {
    return toIncidentResponse(await this.require(id));
  }

  /** The entity itself, for other features that hang records off an incident. */
  async require(id: string): Promise<Incident> {
    const incident = await this.incidents.findOneBy({ id });
    if (!incident) throw notFound('Incident');
    return incident;
  }

  async create(actor: Actor, dto: CreateIncidentDto): Promise<IncidentResponseDto> {
    assertCounts(dto.declared);
    const occurredAt = new Date(dto.occurredAt);
    return this.dataSource.transaction(async (manager) => {
      const incident = manager.create(Incident, {
        ...dto,
        occurredAt,
        limitationDeadline: dto.limitationDeadline ?? defaultLimitationDeadline(occurredAt),
      });
      await manager.insert(Incident, incident);
      const saved = await manager.findOneByOrFail(Incident, { id: incident.id });
      await this.audit.record(manager, actor, {
        action: 'incident.create',
        entityType: 'incident',
        entityId: saved.id,
        changes: diffChanges(null, auditable(saved)),
      });
      return toIncidentResponse(saved);
    });
  }

  async update(
    actor: Actor,
    id: string,
    version: number,
    dto: UpdateIncidentDto,
  ): Promise<IncidentResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      const before = await manager.findOneBy(Incident, { id });
      if (!before) throw notFound('Incident');
      const declared = dto.declared ?? before.declared;
      assertCounts(declared);
      const after = await updateIfVersion(manager, Incident, id, version, {
        ...dto,
        ...(dto.occurredAt ? { occurredAt: new Date(dto.occurredAt) } : {}),
        declared,
      });
      await this.audit.record(manager, actor, {
        action: 'incident.update',
        entityType: 'incident',
        entityId: id,
        changes: diffChanges(auditable(before), auditable(after)),
      });
      return toIncidentResponse(after);
    });
  }
}

function assertCounts(declared: CreateIncidentDto['declared']): void {
  const problems = inconsistentCounts(declared);
  if (problems.length > 0) {
    throw invalid(
      'The declared counts do not add up',
      problems.map((message) => ({ field: 'declared', message })),
    );
  }
}
