import { CompensationProgramme } from './compensation-programme.entity';
import {
  EligibilityDto,
  ProgrammeEventResponseDto,
  ProgrammeResponseDto,
} from './dto/programme.dto';
import { ProgrammeEvent } from './programme-event.entity';

/** Programmes and their events as the API answers them. */
export function toProgrammeResponse(p: CompensationProgramme): ProgrammeResponseDto {
  return {
    id: p.id,
    incidentId: p.incidentId,
    name: p.name,
    payer: p.payer,
    currency: p.currency,
    status: p.status,
    announcedAt: p.announcedAt,
    pledgedAt: p.pledgedAt,
    openedAt: p.openedAt,
    closedAt: p.closedAt,
    amountPerDeceased: p.amountPerDeceased,
    amountPerInjured: p.amountPerInjured,
    liabilityLimit: p.liabilityLimit,
    advanceMinimum: p.advanceMinimum,
    description: p.description,
    liabilityBasis: p.liabilityBasis,
    // Stored only after validation against EligibilityDto (see create and update).
    eligibility: p.eligibility as EligibilityDto | null,
    limitationDeadline: p.limitationDeadline,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function toEventResponse(e: ProgrammeEvent): ProgrammeEventResponseDto {
  return {
    id: e.id,
    programmeId: e.programmeId,
    occurredOn: e.occurredOn,
    kind: e.kind,
    summary: e.summary,
    source: e.source,
    createdBy: e.createdBy,
    createdAt: e.createdAt.toISOString(),
  };
}
