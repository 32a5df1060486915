export const CSV_MEDIA_TYPE = 'text/csv';

interface MediaRange {
  type: string;
  q: number;
  position: number;
}

function parseAccept(accept: string): MediaRange[] {
  return accept
    .split(',')
    .map((part, position) => {
      const [type = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
      const qParam = params.find((p) => p.startsWith('q='));
      const q = qParam === undefined ? 1 : Number(qParam.slice(2));
      return { type, q: Number.isFinite(q) ? Math.min(Math.max(q, 0), 1) : 0, position };
    })
    .filter((range) => range.type !== '');
}

/**
 * Whether the caller asked for CSV rather than JSON. JSON stays the default: CSV is chosen only
 * when `text/csv` is acceptable (q > 0) and preferred to `application/json` (higher q, or the
 * same q and listed first). Wildcards choose nothing: `*\/*` gets the default, JSON.
 */
export function prefersCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranges = parseAccept(accept);
  const best = (type: string) =>
    ranges
      .filter((r) => r.type === type && r.q > 0)
      .sort((a, b) => b.q - a.q || a.position - b.position)[0];
  const csv = best(CSV_MEDIA_TYPE);
  if (!csv) return false;
  const json = best('application/json');
  if (!json) return true;
  return csv.q > json.q || (csv.q === json.q && csv.position < json.position);
}
