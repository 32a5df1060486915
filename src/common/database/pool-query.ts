import type { Pool } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';

/**
 * A statement on the connection pool itself, for the hottest reads (the access check and what
 * rides along with it): TypeORM's QueryRunner, built and torn down for every `dataSource.query`,
 * cost as much CPU as the rest of the database call. What the caller sees is the same: rows,
 * a QueryFailedError wrapping the driver's error (the problem filter maps it as before), the
 * query logged through the data source's logger (failures without their values, as
 * QueryLogger does; `bench:explain` captures them there), the same pool, client and timeouts.
 * Not for statements inside a transaction: those use the transaction's manager.
 */
export async function poolQuery<T>(
  dataSource: DataSource,
  text: string,
  values: readonly unknown[],
): Promise<T[]> {
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  const logger = dataSource.logger;
  logger.logQuery(text, values as unknown[]);
  // A failure to connect is passed on as is, as TypeORM's query runner does.
  const client = await pool.connect();
  try {
    const result = await client.query(text, values as unknown[]);
    return result.rows as T[];
  } catch (error) {
    logger.logQueryError(error as Error, text, values as unknown[]);
    throw new QueryFailedError(text, values as unknown[], error as Error);
  } finally {
    // A connection that died is not queryable any more: the pool discards it on release.
    client.release();
  }
}
