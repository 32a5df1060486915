/** Small helpers shared by the bench scripts: argument checks and the DATABASE_URL guard. */

export class UsageError extends Error {
  override name = 'UsageError';
}

export function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`--${name} must be a positive integer, not ${JSON.stringify(value)}`);
  }
  return n;
}

/**
 * The bench scripts write hundreds of thousands of rows and measure a server: they run only
 * against the PostgreSQL server named by DATABASE_URL, never the embedded PGlite default.
 */
export function requireDatabaseUrl(script: string, example: string): string {
  const url = process.env.DATABASE_URL?.trim();
  if (!url) {
    throw new UsageError(
      `DATABASE_URL is required: ${script} must target a PostgreSQL server ` +
        `(the embedded PGlite database is single-session and not for large data or load).\n` +
        `  Example: DATABASE_URL=postgres://postgres@127.0.0.1:5432/j2_bench ${example}`,
    );
  }
  if (!/^postgres(ql)?:\/\/\S+$/.test(url)) {
    throw new UsageError('DATABASE_URL must be a postgres:// URL');
  }
  return url;
}

/** The URL with its password masked, for logs. */
export function maskUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]+@/, '$1***@');
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
