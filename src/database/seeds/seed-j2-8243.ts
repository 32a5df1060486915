import { DataSource } from 'typeorm';

import { SYSTEM_ACTOR } from '../../common/auth/actor';
import { AuditService } from '../../modules/audit/audit.service';
import { Incident } from '../../modules/incidents/incident.entity';
import {
  InjurySeverity,
  PersonCategory,
  PersonOutcome,
} from '../../modules/persons/domain/person-kinds';
import { PersonOnBoard } from '../../modules/persons/person-on-board.entity';
import {
  CompensationProgramme,
  LiabilityBasis,
  ProgrammeStatus,
} from '../../modules/programmes/compensation-programme.entity';
import { Payer } from '../../modules/programmes/domain/payer';
import { Eligibility } from '../../modules/programmes/domain/programme-rules';
import { ProgrammeEventKind } from '../../modules/programmes/domain/programme-status';
import { ProgrammeEvent } from '../../modules/programmes/programme-event.entity';
import {
  J2_8243_INCIDENT,
  J2_8243_PERSONS,
  J2_8243_PROGRAMMES,
  SeedProgramme,
} from './j2-8243.data';

/** A seeded programme's public record as rows (also used by the migration that adds events). */
export function programmeEvents(
  programmeId: string,
  programme: SeedProgramme,
): Partial<ProgrammeEvent>[] {
  return programme.events.map((e) => ({
    programmeId,
    occurredOn: e.occurredOn,
    kind: e.kind as ProgrammeEventKind,
    summary: e.summary,
    source: { ...e.source },
    createdBy: null,
  }));
}

export interface SeedResult {
  incidentCode: string;
  incidentCreated: boolean;
  persons: number;
  programmes: number;
}

/**
 * Loads J2-8243. Idempotent: the incident is found by code, programmes by name, and the
 * manifest is loaded only into an incident that has no persons yet, so a second run writes
 * nothing. One audit event records the seeding.
 */
export async function seedJ28243(dataSource: DataSource): Promise<SeedResult> {
  const audit = new AuditService(dataSource);
  return dataSource.transaction(async (manager) => {
    let incident = await manager.findOneBy(Incident, { code: J2_8243_INCIDENT.code });
    const incidentCreated = !incident;
    if (!incident) {
      incident = manager.create(Incident, {
        ...J2_8243_INCIDENT,
        declared: { ...J2_8243_INCIDENT.declared },
        occurredAt: new Date(J2_8243_INCIDENT.occurredAt),
        sources: J2_8243_INCIDENT.sources.map((source) => ({ ...source })),
        alternativeCounts: J2_8243_INCIDENT.alternativeCounts.map((count) => ({ ...count })),
      });
      await manager.insert(Incident, incident);
    }
    const incidentId = incident.id;

    let persons = 0;
    if ((await manager.countBy(PersonOnBoard, { incidentId })) === 0) {
      const rows = J2_8243_PERSONS.map((p) =>
        manager.create(PersonOnBoard, {
          incidentId,
          fullName: p.fullName,
          category: p.category as PersonCategory,
          crewRole: p.crewRole,
          seat: p.seat,
          nationalities: [...p.nationalities],
          dateOfBirth: p.dateOfBirth,
          outcome: p.outcome as PersonOutcome,
          injurySeverity: p.injurySeverity as InjurySeverity | null,
          identityDocumentEnc: null,
        }),
      );
      await manager.insert(PersonOnBoard, rows);
      persons = rows.length;
    }

    let programmes = 0;
    for (const p of J2_8243_PROGRAMMES) {
      const exists = await manager.existsBy(CompensationProgramme, { incidentId, name: p.name });
      if (exists) continue;
      const programme = manager.create(CompensationProgramme, {
        incidentId,
        name: p.name,
        payer: p.payer as Payer,
        currency: p.currency,
        status: p.status as ProgrammeStatus,
        pledgedAt: p.pledgedAt,
        openedAt: p.openedAt,
        amountPerDeceased: p.amountPerDeceased,
        amountPerInjured: p.amountPerInjured,
        liabilityLimit: p.liabilityLimit,
        advanceMinimum: p.advanceMinimum,
        liabilityBasis: p.liabilityBasis as LiabilityBasis,
        eligibility: p.eligibility as Eligibility | null,
        limitationDeadline: p.limitationDeadline,
        description: p.description,
      });
      await manager.insert(CompensationProgramme, programme);
      await manager.insert(ProgrammeEvent, programmeEvents(programme.id, p));
      programmes++;
    }

    if (incidentCreated || persons > 0 || programmes > 0) {
      await audit.record(manager, SYSTEM_ACTOR, {
        action: 'seed.load',
        entityType: 'incident',
        entityId: incidentId,
        changes: { incidentCreated, persons, programmes },
      });
    }
    return { incidentCode: J2_8243_INCIDENT.code, incidentCreated, persons, programmes };
  });
}
