import { EntityManager } from 'typeorm';

import { queryRows, sql } from '../../common/database/sql';
import { daysRemaining } from '../incidents/domain/limitation';
import { PROGRAMME_COVERS } from '../programmes/eligibility-sql';
import { NOT_COVERING_STATUSES } from './domain/report-rules';
import { LimitationsDto, ProgrammeLimitationDto } from './dto/report-common.dto';
import type { IncidentHeader } from './read-only-snapshot';

/**
 * Limitation deadlines belong to programmes (docs/money.md): a person is covered for a
 * programme's deadline only by a claim in that programme, and only persons the programme
 * covers can miss it. An incident none of whose programmes has a deadline keeps the first
 * release's rule: the incident's own deadline, met by a claim in any programme.
 */

export interface DeadlineProgramme {
  programmeId: string;
  programmeName: string;
  deadline: string;
}

export async function deadlineProgrammes(
  manager: EntityManager,
  incidentId: string,
): Promise<DeadlineProgramme[]> {
  return await queryRows<DeadlineProgramme>(
    manager,
    sql(
      `SELECT id AS "programmeId", name AS "programmeName", limitation_deadline::text AS deadline
       FROM compensation_programmes
      WHERE incident_id = :incidentId AND limitation_deadline IS NOT NULL
      ORDER BY limitation_deadline, created_at, id`,
      { incidentId },
    ),
  );
}

/**
 * For each (person, deadline programme) the person misses: eligible, and no claim in that
 * programme other than withdrawn ones. Parameters `:incidentId` and `:notCovering`
 * (NOT_COVERING_STATUSES).
 */
export const MISSED_DEADLINES_SQL = `
  SELECT p.id AS person_id, pr.id AS programme_id, pr.limitation_deadline AS deadline
    FROM persons_on_board p
    JOIN compensation_programmes pr
      ON pr.incident_id = p.incident_id AND pr.limitation_deadline IS NOT NULL
   WHERE p.incident_id = :incidentId AND ${PROGRAMME_COVERS('pr', 'p')}
     AND NOT EXISTS (
       SELECT 1 FROM claims c
        WHERE c.person_id = p.id AND c.programme_id = pr.id AND NOT (c.status::text = ANY(:notCovering)))`;

/** The summary's and the deadline report's `limitation` block. */
export async function limitationBlock(
  manager: EntityManager,
  incident: IncidentHeader,
  now: Date,
): Promise<LimitationsDto> {
  const programmes = await deadlineProgrammes(manager, incident.id);
  if (programmes.length === 0) {
    return {
      deadline: incident.deadline,
      daysRemaining: daysRemaining(incident.deadline, now),
      programmes: [],
    };
  }
  const counts = await queryRows<{ programmeId: string; persons: number }>(
    manager,
    sql(
      `SELECT programme_id AS "programmeId", count(*)::int AS persons
       FROM (${MISSED_DEADLINES_SQL}) missed GROUP BY programme_id`,
      { incidentId: incident.id, notCovering: NOT_COVERING_STATUSES },
    ),
  );
  const missing = new Map(counts.map((c) => [c.programmeId, c.persons]));
  const rows: ProgrammeLimitationDto[] = programmes.map((p) => ({
    programmeId: p.programmeId,
    programmeName: p.programmeName,
    deadline: p.deadline,
    daysRemaining: daysRemaining(p.deadline, now),
    personsWithoutClaim: missing.get(p.programmeId) ?? 0,
  }));
  const earliest = rows[0]!;
  return { deadline: earliest.deadline, daysRemaining: earliest.daysRemaining, programmes: rows };
}
