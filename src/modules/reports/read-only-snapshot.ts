import { DataSource, EntityManager } from 'typeorm';

import { execute, queryRows, sql } from '../../common/database/sql';
import { notFound } from '../../common/errors/errors';
import type { AlternativeCount } from '../incidents/incident.entity';

/**
 * Runs `work` in one REPEATABLE READ, READ ONLY transaction: every query sees the same snapshot,
 * so the figures of a report agree with each other even while claims and payments change.
 * Every query must go through the given manager (a query on another connection would see
 * other data, and on the embedded database it would wait for ever).
 */
export function inReadOnlySnapshot<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return dataSource.transaction('REPEATABLE READ', async (manager) => {
    await execute(manager, sql(`SET TRANSACTION READ ONLY`));
    return work(manager);
  });
}

export interface IncidentHeader {
  id: string;
  code: string;
  deadline: string;
  alternativeCounts: AlternativeCount[];
  declared: {
    onBoard: number;
    passengers: number;
    crew: number;
    fatalities: number;
    survivors: number;
  };
}

/** The incident a report is about, or 404. */
export async function requireIncident(
  manager: EntityManager,
  incidentId: string,
): Promise<IncidentHeader> {
  const [row] = await queryRows<Omit<IncidentHeader, 'declared'> & IncidentHeader['declared']>(
    manager,
    sql(
      `SELECT id, code, limitation_deadline::text AS deadline,
            alternative_counts AS "alternativeCounts",
            declared_on_board AS "onBoard", declared_passengers AS passengers,
            declared_crew AS crew, declared_fatalities AS fatalities,
            declared_survivors AS survivors
       FROM incidents WHERE id = :incidentId`,
      { incidentId },
    ),
  );
  if (!row) throw notFound('Incident');
  const { id, code, deadline, alternativeCounts, ...declared } = row;
  return { id, code, deadline, alternativeCounts, declared };
}

export { SIGNED_PAYMENT, sumMoney } from '../payments/ledger-sql';
