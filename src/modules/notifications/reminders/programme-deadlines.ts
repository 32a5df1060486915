import { EntityManager } from 'typeorm';

import { queryRows, sql } from '../../../common/database/sql';

export interface ProgrammeDeadline {
  programmeId: string;
  programmeName: string;
  incidentId: string;
  /** YYYY-MM-DD */
  deadline: string;
}

/**
 * The limitation deadlines reminders are sent for: the one place they read them. Deadlines
 * belong to programmes (docs/money.md); as in the reports (limitation-coverage.ts), an
 * incident none of whose programmes has one keeps the first release's rule and gives each of
 * its programmes the incident's own deadline.
 */
export async function programmeDeadlines(manager: EntityManager): Promise<ProgrammeDeadline[]> {
  return await queryRows<ProgrammeDeadline>(
    manager,
    sql(`SELECT p.id AS "programmeId", p.name AS "programmeName", p.incident_id AS "incidentId",
            COALESCE(p.limitation_deadline, i.limitation_deadline)::text AS deadline
       FROM compensation_programmes p JOIN incidents i ON i.id = p.incident_id
      WHERE p.limitation_deadline IS NOT NULL
         OR NOT EXISTS (SELECT 1 FROM compensation_programmes q
                         WHERE q.incident_id = p.incident_id AND q.limitation_deadline IS NOT NULL)
      ORDER BY p.created_at, p.id`),
  );
}
