import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { invalid } from '../errors/errors';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export class PageQueryDto {
  @ApiPropertyOptional({
    description: `Page size, 1 to ${MAX_PAGE_SIZE}`,
    default: DEFAULT_PAGE_SIZE,
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({
    description: 'Opaque cursor from the previous page’s nextCursor',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

interface CursorKey {
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.createdAt.toISOString(), key.id])).toString('base64url');
}

export function decodeCursor(cursor: string): CursorKey {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const createdAt = new Date(String(at));
    if (
      typeof at === 'string' &&
      !Number.isNaN(createdAt.getTime()) &&
      typeof id === 'string' &&
      UUID.test(id)
    ) {
      return { createdAt, id };
    }
  } catch {
    // fall through to the refusal below
  }
  throw invalid('The cursor is not one this service issued', [
    { field: 'cursor', message: 'cursor is malformed' },
  ]);
}

/** A condition on a raw SQL query, with TypeORM named parameters. */
export interface SqlCondition {
  sql: string;
  params: ObjectLiteral;
}

/**
 * Keyset pagination on (created_at, id): stable while rows are added, and an index range
 * scan at any depth. Rows are fetched one beyond the limit to learn whether a next page exists.
 */
export async function paginate<T extends ObjectLiteral & CursorKey>(
  qb: SelectQueryBuilder<T>,
  query: PageQueryDto,
): Promise<Page<T>> {
  const limit = pageSize(query);
  const alias = qb.alias;
  if (query.cursor) {
    const key = decodeCursor(query.cursor);
    qb.andWhere(`(${alias}.createdAt, ${alias}.id) > (:cursorAt, :cursorId)`, {
      cursorAt: key.createdAt,
      cursorId: key.id,
    });
  }
  const rows = await qb
    .orderBy(`${alias}.createdAt`, 'ASC')
    .addOrderBy(`${alias}.id`, 'ASC')
    .limit(limit + 1)
    .getMany();
  return pageOf(rows, limit);
}

/**
 * The same keyset for a raw SQL query on `alias`: the condition after the cursor (null on the
 * first page) and the ORDER BY and LIMIT that fetch one row beyond the page; see pageOf.
 */
export function rawKeyset(
  alias: string,
  query: PageQueryDto,
): { after: SqlCondition | null; tail: string; limit: number } {
  const limit = pageSize(query);
  const key = query.cursor ? decodeCursor(query.cursor) : null;
  return {
    after: key
      ? {
          sql: `(${alias}.created_at, ${alias}.id) > (:cursorAt, :cursorId)`,
          params: { cursorAt: key.createdAt, cursorId: key.id },
        }
      : null,
    tail: `ORDER BY ${alias}.created_at ASC, ${alias}.id ASC LIMIT ${limit + 1}`,
    limit,
  };
}

/** A page from rows fetched one beyond the limit. */
export function pageOf<T extends CursorKey>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

function pageSize(query: PageQueryDto): number {
  return query.limit ?? DEFAULT_PAGE_SIZE;
}

export function mapPage<T, R>(page: Page<T>, map: (item: T) => R): Page<R> {
  return { items: page.items.map(map), nextCursor: page.nextCursor };
}
