import { EntityManager } from 'typeorm';

import { execute, sql } from '../../common/database/sql';

/**
 * Serialises, until the caller's transaction ends, every approval and payment of one person's
 * claims in one programme: the per-person sums that cap them (programme amounts, heir shares,
 * a per_person liability limit, an advance and its principal) are then read and written by
 * one transaction at a time, on any number of app instances. Take it after the claim's row
 * lock, never before, so the two locks are always taken in the same order.
 */
export async function lockPersonInProgramme(
  manager: EntityManager,
  programmeId: string,
  personId: string,
): Promise<void> {
  await execute(
    manager,
    sql(`SELECT pg_advisory_xact_lock(hashtextextended(:lockKey, 0))`, {
      lockKey: `claims:person-programme:${programmeId}:${personId}`,
    }),
  );
}
