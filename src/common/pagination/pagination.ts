import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

import { Sql, sql } from '../database/sql';
import { invalid } from '../errors/errors';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** The `limit` of a page (1 to MAX_PAGE_SIZE), documented and validated alike on every list. */
export const PageLimit = () =>
  applyDecorators(
    ApiPropertyOptional({
      description: `Page size, 1 to ${MAX_PAGE_SIZE}`,
      default: DEFAULT_PAGE_SIZE,
      minimum: 1,
      maximum: MAX_PAGE_SIZE,
    }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(MAX_PAGE_SIZE),
  );

export class PageQueryDto {
  @PageLimit()
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

/** The page size asked for, or the default (the DTO has already checked the range). */
export function pageSize(query: { limit?: number }): number {
  return query.limit ?? DEFAULT_PAGE_SIZE;
}

/** How a cursor carries a row's place in its list's order, and how it is read back. */
export interface CursorCodec {
  encode(values: readonly unknown[]): string;
  /** The values, or a 400 naming the cursor when this service did not issue it. */
  decode(cursor: string): unknown[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const malformed = () =>
  invalid('The cursor is not one this service issued', [
    { field: 'cursor', message: 'cursor is malformed' },
  ]);

/** A timestamp and a UUID, as base64url JSON: the cursor of every list ordered by time. */
export const TIME_AND_ID: CursorCodec = {
  encode: ([at, id]) =>
    Buffer.from(JSON.stringify([(at as Date).toISOString(), id])).toString('base64url'),
  decode: (cursor) => {
    try {
      const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
      const time = new Date(String(at));
      if (typeof at === 'string' && !Number.isNaN(time.getTime()) && typeof id === 'string') {
        if (UUID.test(id)) return [time, id];
      }
    } catch {
      // fall through to the refusal below
    }
    throw malformed();
  },
};

/** A sequence number as its decimal digits (audit events, checkpoints; the DTO checks them). */
export const SEQUENCE: CursorCodec = {
  encode: ([seq]) => String(seq),
  decode: (cursor) => {
    if (!/^\d{1,19}$/.test(cursor)) throw malformed();
    return [cursor];
  },
};

/** How a list is ordered: its columns (the last one unique), direction, and cursor. */
export interface KeysetOrder<R> {
  /** SQL expressions (`c.created_at`, `c.id`), or property paths for a query builder. */
  columns: readonly string[];
  direction: 'ASC' | 'DESC';
  /** A row's values for `columns`, in order. */
  key: (row: R) => readonly unknown[];
  cursor: CursorCodec;
}

/** Oldest first on (created_at, id): the order of nearly every list. */
export function byCreation<R extends { createdAt: Date; id: string }>(
  createdAt: string,
  id: string,
): KeysetOrder<R> {
  return {
    columns: [createdAt, id],
    direction: 'ASC',
    key: (r) => [r.createdAt, r.id],
    cursor: TIME_AND_ID,
  };
}

/** One page of a keyset-ordered list: what to add to the query, and the page from its rows. */
export interface Keyset<R> {
  limit: number;
  /** Rows strictly beyond the cursor, in the list's direction; null on the first page. */
  after: Sql | null;
  /** `ORDER BY ... LIMIT n`, one row beyond the page to learn whether a next one exists. */
  tail: string;
  /** The page from rows fetched with `after` and `tail`. */
  page(rows: R[]): Page<R>;
}

/**
 * Keyset pagination, the one way every list of the service pages: stable while rows are added,
 * an index range scan at any depth (each list has an index on its order), and a cursor that
 * says where the previous page ended, never an offset.
 */
export function keyset<R>(query: PageQueryDto, order: KeysetOrder<R>): Keyset<R> {
  return keysetAt(order, pageSize(query), query.cursor ? order.cursor.decode(query.cursor) : null);
}

/** The keyset of the rows after `row` (a batch of an export that walks a whole list). */
export function keysetAfter<R>(order: KeysetOrder<R>, limit: number, row: R): Keyset<R> {
  return keysetAt(order, limit, order.key(row));
}

function keysetAt<R>(
  order: KeysetOrder<R>,
  limit: number,
  values: readonly unknown[] | null,
): Keyset<R> {
  const names = order.columns.map((_, i) => `keyset${i}`);
  const after = values
    ? sql(
        `(${order.columns.join(', ')}) ${order.direction === 'ASC' ? '>' : '<'} (${names.map((n) => `:${n}`).join(', ')})`,
        Object.fromEntries(names.map((n, i) => [n, values[i]])),
      )
    : null;
  return {
    limit,
    after,
    tail: `ORDER BY ${order.columns.map((c) => `${c} ${order.direction}`).join(', ')} LIMIT ${limit + 1}`,
    page(rows) {
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: rows.length > limit && last ? order.cursor.encode(order.key(last)) : null,
      };
    },
  };
}

/**
 * The keyset on a query builder aliased `qb.alias`: by creation unless another order is given
 * (its columns then are the builder's property paths, `t.at`).
 */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  query: PageQueryDto,
  order: KeysetOrder<T> = byCreation(
    `${qb.alias}.createdAt`,
    `${qb.alias}.id`,
  ) as unknown as KeysetOrder<T>,
): Promise<Page<T>> {
  const page = keyset(query, order);
  if (page.after) qb.andWhere(page.after.sql, page.after.params);
  order.columns.forEach((column, i) =>
    i === 0 ? qb.orderBy(column, order.direction) : qb.addOrderBy(column, order.direction),
  );
  return page.page(await qb.limit(page.limit + 1).getMany());
}

export function mapPage<T, R>(page: Page<T>, map: (item: T) => R): Page<R> {
  return { items: page.items.map(map), nextCursor: page.nextCursor };
}
