import { DataSource, EntityManager, ObjectLiteral } from 'typeorm';

/**
 * Raw SQL is written one way in this service: text with named parameters and an object of
 * values, the style of TypeORM's query builder, so one condition serves both (access-scope.ts
 * builds conditions that go into query builders and raw statements alike).
 *
 * - `:name` is one parameter (an array goes as one Postgres array: `= ANY(:ids)`);
 *   `:...name` spreads an array into a list (`IN (:...ids)`). A name used twice is one parameter.
 * - Values never go into the text: interpolate only SQL written in the code (a column, a fragment
 *   from ledger-sql.ts), never anything a request carried.
 * - A parameter name must not also be a type after a cast (`:date` beside `x::date`): `execute`
 *   refuses such a statement rather than send it mangled.
 *
 * Migrations are the exception: they are frozen text run by TypeORM's own migration runner.
 */
export interface Sql {
  readonly sql: string;
  readonly params: ObjectLiteral;
}

/** A statement or a fragment of one, with the values of its named parameters. */
export function sql(text: string, params: ObjectLiteral = {}): Sql {
  return { sql: text, params };
}

/**
 * Conditions joined with AND, each in parentheses, their parameters merged; absent conditions
 * (falsy: `filter.status && sql(...)`) are left out and no condition at all is `TRUE`.
 */
export function and(...conditions: (Sql | null | undefined | false | '')[]): Sql {
  const present = conditions.filter((c): c is Sql => Boolean(c));
  if (present.length === 0) return sql('TRUE');
  return sql(
    present.map((c) => `(${c.sql})`).join(' AND '),
    Object.assign({}, ...present.map((c) => c.params)) as ObjectLiteral,
  );
}

/** Where a statement runs: a transaction's manager, or the data source (a pooled connection). */
export type Db = EntityManager | DataSource;

export interface SqlResult<T> {
  /** The rows returned (a SELECT, or a statement with RETURNING). */
  rows: T[];
  /** Rows an UPDATE or DELETE touched; for other statements, the rows returned. */
  count: number;
}

/**
 * Runs a statement; inside a transaction pass its manager, so the statement joins it. It goes
 * through TypeORM's own `query`, so query logging, retries and tests that watch `query` see it.
 */
export async function execute<T = ObjectLiteral>(db: Db, statement: Sql): Promise<SqlResult<T>> {
  const manager = db instanceof DataSource ? db.manager : db;
  const [text, values] = toNumbered(manager, statement);
  const raw = (await db.query(text, values)) as unknown;
  // TypeORM answers [rows, affected] for UPDATE and DELETE, the rows for anything else.
  if (isRowsAndCount(raw)) return { rows: raw[0] as T[], count: raw[1] };
  const rows = (raw ?? []) as T[];
  return { rows, count: rows.length };
}

function isRowsAndCount(raw: unknown): raw is [unknown[], number] {
  return (
    Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number'
  );
}

/** The rows of a statement. */
export async function queryRows<T = ObjectLiteral>(db: Db, statement: Sql): Promise<T[]> {
  return (await execute<T>(db, statement)).rows;
}

/** The first row of a statement, or undefined. */
export async function queryOne<T = ObjectLiteral>(db: Db, statement: Sql): Promise<T | undefined> {
  return (await execute<T>(db, statement)).rows[0];
}

/** A `:name` outside quotes and not a `::cast`: a parameter the statement expects. */
const PLACEHOLDER = /(?<![:\w]):(?:\.\.\.)?([A-Za-z_]\w*)/g;

/** The text with `$1, $2...` and the values in order, as the driver sends them. */
export function toNumbered(manager: EntityManager, statement: Sql): [string, unknown[]] {
  for (const name of Object.keys(statement.params)) {
    if (new RegExp(`::${name}\\b`).test(statement.sql)) {
      throw new Error(`SQL parameter :${name} is also a type cast (::${name}): rename it`);
    }
  }
  const [text, values] = manager.connection.driver.escapeQueryWithParameters(
    statement.sql,
    statement.params,
  );
  // A placeholder left in the text has no value: fail here, not with a syntax error later.
  const unquoted = text.replace(/'(?:[^']|'')*'/g, "''");
  const missing = [...unquoted.matchAll(PLACEHOLDER)].map((m) => m[1]);
  if (missing.length > 0) throw new Error(`SQL parameters without a value: ${missing.join(', ')}`);
  return [text, values];
}

/**
 * A statement turned into `$1, $2...` text once, for the hottest reads (the access check and
 * what rides along with it), which run on the pool with no parsing per request: `bind` puts
 * a request's named values in the order of the text. Written like any other statement, with
 * named parameters (no spread `:...name` here); the names are read from the text.
 */
export interface CompiledSql {
  readonly text: string;
  bind(values: ObjectLiteral): unknown[];
}

export function compileSql(manager: EntityManager, text: string): CompiledSql {
  const unquoted = text.replace(/'(?:[^']|'')*'/g, "''");
  const names = [...new Set([...unquoted.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
  const marker = (name: string) => `\u0000${name}`;
  const [numbered, markers] = toNumbered(
    manager,
    sql(text, Object.fromEntries(names.map((name) => [name, marker(name)]))),
  );
  const order = (markers as string[]).map((m) => m.slice(1));
  return {
    text: numbered,
    bind: (values) =>
      order.map((name) => {
        if (!(name in values)) throw new Error(`SQL parameter :${name} has no value`);
        return values[name] as unknown;
      }),
  };
}
