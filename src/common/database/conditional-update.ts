import { DeepPartial, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

import { preconditionFailed } from '../errors/errors';

/**
 * Optimistic concurrency enforced by the database: the UPDATE only matches the version the
 * caller read. TypeORM bumps `version` and `updated_at` itself. Zero rows means stale: 412.
 */
export async function updateIfVersion<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  id: string,
  version: number,
  patch: QueryDeepPartialEntity<T>,
): Promise<T> {
  const result = await manager
    .createQueryBuilder()
    .update(target)
    .set(patch)
    .where('id = :id AND version = :version', { id, version })
    .returning('*')
    .execute();
  if (!result.affected) throw preconditionFailed();
  const metadata = manager.connection.getMetadata(target);
  const raw = (result.raw as Record<string, unknown>[])[0];
  return manager.create(target, mapRawRow(metadata, raw) as DeepPartial<T>);
}

function mapRawRow(
  metadata: ReturnType<EntityManager['connection']['getMetadata']>,
  raw: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of metadata.columns) {
    if (!(column.databaseName in raw)) continue;
    const value = metadata.connection.driver.prepareHydratedValue(raw[column.databaseName], column);
    column.setEntityValue(out, value);
  }
  return out;
}
