import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { notFound } from '../../common/errors/errors';
import { formatAmount } from '../../common/money/money';
import { mapPage, Page, PageQueryDto, paginate } from '../../common/pagination/pagination';
import { AuditService } from '../audit/audit.service';
import { diffChanges } from '../audit/domain/audit-chain';
import { IncidentsService } from '../incidents/incidents.service';
import { CompensationProgramme } from './compensation-programme.entity';
import { defaultLiabilityBasis, Eligibility } from './domain/programme-rules';
import { CreateProgrammeDto, EligibilityDto, ProgrammeResponseDto } from './dto/programme.dto';

export function toProgrammeResponse(p: CompensationProgramme): ProgrammeResponseDto {
  return {
    id: p.id,
    incidentId: p.incidentId,
    name: p.name,
    payer: p.payer,
    currency: p.currency,
    amountPerDeceased: p.amountPerDeceased,
    amountPerInjured: p.amountPerInjured,
    liabilityLimit: p.liabilityLimit,
    advanceMinimum: p.advanceMinimum,
    description: p.description,
    liabilityBasis: p.liabilityBasis,
    // Stored only after validation against EligibilityDto (see create).
    eligibility: p.eligibility as EligibilityDto | null,
    limitationDeadline: p.limitationDeadline,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** Only the conditions sent, in a fixed key order (the stored JSON is compared in audits). */
function normaliseEligibility(dto: EligibilityDto): Eligibility {
  return {
    ...(dto.categories ? { categories: [...dto.categories] } : {}),
    ...(dto.outcomes ? { outcomes: [...dto.outcomes] } : {}),
    ...(dto.nationalities ? { nationalities: [...dto.nationalities] } : {}),
    ...(dto.note !== undefined ? { note: dto.note } : {}),
  };
}

const optionalAmount = (value: string | undefined) => (value ? formatAmount(value) : null);

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

  async require(id: string): Promise<CompensationProgramme> {
    const programme = await this.programmes.findOneBy({ id });
    if (!programme) throw notFound('Programme');
    return programme;
  }

  async create(
    actor: Actor,
    incidentId: string,
    dto: CreateProgrammeDto,
  ): Promise<ProgrammeResponseDto> {
    await this.incidents.require(incidentId);
    return this.dataSource.transaction(async (manager) => {
      const programme = manager.create(CompensationProgramme, {
        incidentId,
        name: dto.name,
        payer: dto.payer,
        currency: dto.currency,
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
      const {
        id,
        version: _v,
        createdAt: _c,
        updatedAt: _u,
        ...fields
      } = toProgrammeResponse(saved);
      await this.audit.record(manager, actor, {
        action: 'programme.create',
        entityType: 'programme',
        entityId: id,
        changes: diffChanges(null, fields),
      });
      return toProgrammeResponse(saved);
    });
  }
}
