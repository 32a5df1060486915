import type { ClientBase } from 'pg';

/**
 * One column of a batched INSERT: `type` is the element type the parameter array is sent as;
 * `cast` (optional) converts each element in SQL, e.g. a `{AZ,RU}` text literal to varchar[].
 */
export interface Column {
  name: string;
  type: string;
  cast?: string;
}

export interface TableTiming {
  table: string;
  rows: number;
  ms: number;
}

/** Rows and wall time per table (generation included), printed at the end of a seed run. */
export class Timings {
  readonly tables = new Map<string, TableTiming>();

  add(table: string, rows: number, ms: number): void {
    const t = this.tables.get(table) ?? { table, rows: 0, ms: 0 };
    t.rows += rows;
    t.ms += ms;
    this.tables.set(table, t);
  }
}

/**
 * Multi-row INSERT of `rows` in batches, one statement per batch. A batch travels as one JSON
 * parameter that `json_to_recordset` turns back into typed rows: a single round trip with one
 * parameter whatever the batch size, serialised by the native JSON.stringify (much cheaper
 * than the driver's per-element array-literal escaping) and parsed by the server in C.
 */
export async function insertBatches(
  client: ClientBase,
  table: string,
  columns: readonly Column[],
  rows: Iterable<readonly unknown[]>,
  options: { batchSize: number; timings: Timings; suffix?: string },
): Promise<number> {
  const keys = columns.map((_, i) => `c${i}`);
  const sql =
    `INSERT INTO ${table} (${columns.map((c) => `"${c.name}"`).join(', ')}) ` +
    `SELECT ${columns.map((c, i) => (c.cast ? `r.c${i}::${c.cast}` : `r.c${i}`)).join(', ')} ` +
    `FROM json_to_recordset($1::json) AS r(${columns.map((c, i) => `c${i} ${c.type}`).join(', ')})` +
    (options.suffix ? ` ${options.suffix}` : '');
  // One batch in flight while the next is built: the server inserts while Node generates,
  // hashes and serialises, which on a two-core machine keeps both cores busy.
  const started = performance.now();
  let total = 0;
  let inFlight: Promise<unknown> | null = null;
  let batch: Record<string, unknown>[] = [];
  const send = async () => {
    if (batch.length === 0) return;
    const payload = JSON.stringify(batch);
    total += batch.length;
    batch = [];
    if (inFlight) await inFlight;
    inFlight = client.query(sql, [payload]);
    // Also settled here, so a failure is never an unhandled rejection while we build.
    inFlight.catch(() => undefined);
  };
  for (const row of rows) {
    if (row.length !== columns.length) {
      throw new Error(`${table}: a row has ${row.length} values for ${columns.length} columns`);
    }
    const record: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) record[keys[i]!] = row[i] ?? null;
    batch.push(record);
    if (batch.length >= options.batchSize) await send();
  }
  await send();
  if (inFlight) await inFlight;
  options.timings.add(table, total, performance.now() - started);
  return total;
}
