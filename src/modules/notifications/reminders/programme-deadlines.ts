import { EntityManager } from 'typeorm';

export interface ProgrammeDeadline {
  programmeId: string;
  programmeName: string;
  incidentId: string;
  /** YYYY-MM-DD */
  deadline: string;
}

/**
 * Every programme's limitation deadline: the one place limitation reminders read them. Until
 * programmes carry a deadline of their own, each programme has its incident's.
 */
export async function programmeDeadlines(manager: EntityManager): Promise<ProgrammeDeadline[]> {
  return (await manager.query(
    `SELECT p.id AS "programmeId", p.name AS "programmeName", p.incident_id AS "incidentId",
            i.limitation_deadline::text AS deadline
       FROM compensation_programmes p JOIN incidents i ON i.id = p.incident_id
      ORDER BY p.created_at, p.id`,
  )) as ProgrammeDeadline[];
}
