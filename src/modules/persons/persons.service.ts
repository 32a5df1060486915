import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';

import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { FieldCipher } from '../../common/crypto/field-cipher';
import { updateIfVersion } from '../../common/database/conditional-update';
import { queryRows, sql } from '../../common/database/sql';
import { invalid, notFound, preconditionFailed } from '../../common/errors/errors';
import { mapPage, Page, paginate } from '../../common/pagination/pagination';
import { maskDate, maskName, maskTail } from '../../common/privacy/mask';
import { AuditService } from '../audit/audit.service';
import { diffChanges } from '../audit/domain/audit-chain';
import { personScope } from '../claimants/access-scope';
import { Relationship } from '../claimants/domain/relationship';
import { claimTypesPresupposing } from '../claims/domain/claim-rules';
import { ClaimStatus } from '../claims/domain/claim-status';
import { IncidentsService } from '../incidents/incidents.service';
import { assertOutcomeChangeAllowed, OutcomeDependants } from './domain/outcome-change';
import { PersonCategory, PersonOutcome } from './domain/person-kinds';
import {
  CreatePersonDto,
  ListPersonsQueryDto,
  PersonResponseDto,
  UpdatePersonDto,
} from './dto/person.dto';
import { PersonOnBoard } from './person-on-board.entity';
import { IDENTITY } from './personal-data';

@Injectable()
export class PersonsService {
  constructor(
    @InjectRepository(PersonOnBoard) private readonly persons: Repository<PersonOnBoard>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly incidents: IncidentsService,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
  ) {}

  async list(
    actor: Actor,
    incidentId: string,
    query: ListPersonsQueryDto,
  ): Promise<Page<PersonResponseDto>> {
    if (query.q !== undefined && actor.role === Role.Auditor) {
      // Auditors see names masked: which search matches would tell the name all the same.
      throw invalid('Auditors cannot search persons by name', [
        { field: 'q', message: 'q is not available to auditors: names are masked for them' },
      ]);
    }
    await this.incidents.require(incidentId);
    const qb = this.persons
      .createQueryBuilder('p')
      .where('p.incidentId = :incidentId', { incidentId });
    if (query.outcome) qb.andWhere('p.outcome = :outcome', { outcome: query.outcome });
    if (query.category) qb.andWhere('p.category = :category', { category: query.category });
    if (query.nationality) {
      qb.andWhere('p.nationalities @> ARRAY[:nationality]::varchar[]', {
        nationality: query.nationality,
      });
    }
    if (query.q) {
      qb.andWhere("p.fullName ILIKE :q ESCAPE '\\'", { q: `%${escapeLike(query.q)}%` });
    }
    const scope = personScope(actor, 'p');
    if (scope) qb.andWhere(scope.sql, scope.params);
    const page = await paginate(qb, query);
    return mapPage(page, (p) => this.toResponse(actor, p, false));
  }

  async get(actor: Actor, id: string): Promise<PersonResponseDto> {
    const person = await this.findVisible(actor, id);
    const full = actor.role !== Role.Auditor && person.identityDocumentEnc !== null;
    if (full) {
      await this.audit.recordAlone(actor, {
        action: 'person.read_personal_data',
        entityType: 'person',
        entityId: id,
        changes: { fields: ['identityDocument'] },
      });
    }
    return this.toResponse(actor, person, full);
  }

  /** The person, or 404 when it does not exist or lies outside a lawyer's clients. */
  async findVisible(actor: Actor, id: string, manager?: EntityManager): Promise<PersonOnBoard> {
    const qb = (manager ?? this.dataSource.manager)
      .createQueryBuilder(PersonOnBoard, 'p')
      .where('p.id = :id', { id });
    const scope = personScope(actor, 'p');
    if (scope) qb.andWhere(scope.sql, scope.params);
    const person = await qb.getOne();
    if (!person) throw notFound('Person');
    return person;
  }

  async create(actor: Actor, incidentId: string, dto: CreatePersonDto): Promise<PersonResponseDto> {
    await this.incidents.require(incidentId);
    assertConsistent(dto);
    return this.dataSource.transaction(async (manager) => {
      const { identityDocument, ...fields } = dto;
      const person = manager.create(PersonOnBoard, {
        ...fields,
        incidentId,
        injurySeverity: dto.injurySeverity ?? null,
        identityDocumentEnc: identityDocument
          ? this.cipher.encrypt(identityDocument, IDENTITY)
          : null,
      });
      await manager.insert(PersonOnBoard, person);
      const saved = await manager.findOneByOrFail(PersonOnBoard, { id: person.id });
      await this.audit.record(manager, actor, {
        action: 'person.create',
        entityType: 'person',
        entityId: saved.id,
        changes: diffChanges(null, auditable(saved), [
          'fullName',
          'dateOfBirth',
          'identityDocument',
        ]),
      });
      return this.toResponse(actor, saved, false);
    });
  }

  async update(
    actor: Actor,
    id: string,
    version: number,
    dto: UpdatePersonDto,
  ): Promise<PersonResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      // Claims and claimants read the person's outcome under a lock of its row: locked here
      // first, a correction of the outcome and a new claim or claimant never pass each other.
      const before = await manager
        .createQueryBuilder(PersonOnBoard, 'p')
        .where('p.id = :id', { id })
        .setLock('pessimistic_write')
        .getOne();
      if (!before) throw notFound('Person');
      if (before.version !== version) throw preconditionFailed();
      const { identityDocument, ...fields } = dto;
      assertConsistent({ ...before, ...fields });
      if (dto.outcome !== undefined && dto.outcome !== before.outcome) {
        assertOutcomeChangeAllowed(
          dto.outcome,
          await outcomeDependants(manager, id, before.outcome),
        );
      }
      const after = await updateIfVersion(manager, PersonOnBoard, id, version, {
        ...fields,
        ...(identityDocument !== undefined
          ? { identityDocumentEnc: this.cipher.encrypt(identityDocument, IDENTITY) }
          : {}),
      });
      await this.audit.record(manager, actor, {
        action: 'person.update',
        entityType: 'person',
        entityId: id,
        changes: diffChanges(auditable(before), auditable(after), [
          'fullName',
          'dateOfBirth',
          'identityDocument',
        ]),
      });
      return this.toResponse(actor, after, false);
    });
  }

  private toResponse(actor: Actor, p: PersonOnBoard, full: boolean): PersonResponseDto {
    const masked = actor.role === Role.Auditor;
    let identityDocument: string | null = null;
    if (p.identityDocumentEnc) {
      const clear = this.cipher.decrypt(p.identityDocumentEnc, IDENTITY);
      identityDocument = full && !masked ? clear : maskTail(clear);
    }
    return {
      id: p.id,
      incidentId: p.incidentId,
      fullName: masked ? maskName(p.fullName) : p.fullName,
      category: p.category,
      crewRole: p.crewRole ?? undefined,
      seat: p.seat ?? undefined,
      nationalities: p.nationalities,
      dateOfBirth: (masked ? maskDate(p.dateOfBirth) : p.dateOfBirth) ?? undefined,
      outcome: p.outcome,
      injurySeverity: p.injurySeverity ?? undefined,
      identityDocument,
      version: p.version,
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
    };
  }
}

function auditable(p: PersonOnBoard): Record<string, unknown> {
  return {
    fullName: p.fullName,
    category: p.category,
    crewRole: p.crewRole,
    seat: p.seat,
    nationalities: p.nationalities,
    dateOfBirth: p.dateOfBirth,
    outcome: p.outcome,
    injurySeverity: p.injurySeverity,
    // Only whether it changed: the ciphertext differs on every write.
    identityDocument: p.identityDocumentEnc,
  };
}

function assertConsistent(p: {
  category?: PersonCategory;
  crewRole?: string | null;
  outcome?: PersonOutcome;
  injurySeverity?: string | null;
}): void {
  const errors = [];
  if (p.category === PersonCategory.Passenger && p.crewRole) {
    errors.push({ field: 'crewRole', message: 'only crew members have a crew role' });
  }
  if (p.outcome === PersonOutcome.Deceased && p.injurySeverity) {
    errors.push({ field: 'injurySeverity', message: 'only survivors have an injury severity' });
  }
  if (errors.length > 0) throw invalid('The person record is inconsistent', errors);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** What is on file for the person that only its current outcome allows (outcome-change.ts). */
async function outcomeDependants(
  manager: EntityManager,
  personId: string,
  current: PersonOutcome,
): Promise<OutcomeDependants> {
  const [row] = await queryRows<{ refs: string[]; claimants: number }>(
    manager,
    sql(
      `SELECT ARRAY(SELECT c.reference FROM claims c
                     WHERE c.person_id = :personId AND c.type::text = ANY(:types)
                       AND c.status <> :withdrawn
                     ORDER BY c.created_at, c.id) AS refs,
              (SELECT count(*)::int FROM claimants k
                WHERE k.person_id = :personId
                  AND ${current === PersonOutcome.Deceased ? 'k.heir_share_percent IS NOT NULL' : 'k.relationship = :self'}) AS claimants`,
      {
        personId,
        types: claimTypesPresupposing(current),
        withdrawn: ClaimStatus.Withdrawn,
        ...(current === PersonOutcome.Survived ? { self: Relationship.Self } : {}),
      },
    ),
  );
  return { claimReferences: row!.refs, claimants: row!.claimants };
}
