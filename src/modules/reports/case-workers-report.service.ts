import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { notFound } from '../../common/errors/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor } from '../../common/pagination/pagination';
import { CLAIM_STATUSES } from '../claims/domain/claim-status';
import { countsByKey } from './domain/manifest';
import { APPEAL_ONLY_STATUSES, appealWindowCutoff, TERMINAL_STATUSES } from './domain/report-rules';
import { CaseWorkersReportPageDto, CaseWorkersReportQueryDto } from './dto/case-workers-report.dto';
import { inReadOnlySnapshot } from './read-only-snapshot';

interface CaseWorkerRow {
  id: string;
  fullName: string;
  createdAt: Date;
  openClaims: number;
  avgDaysInStatus: number | null;
  maxDaysInStatus: number | null;
  decidedClaims: number;
  medianDaysToDecision: number | null;
  byStatus: Record<string, number> | null;
}

/** Days between two timestamptz expressions, as a double rounded to 2 decimals. */
const days = (expr: string) => `round((${expr})::numeric, 2)::float8`;
const EPOCH_DAYS = (from: string, to: string) => `extract(epoch from (${to} - ${from})) / 86400`;

@Injectable()
export class CaseWorkersReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Workload per active case worker, over the claims currently assigned to them. "Open" means
   * the claim can still move: not closed or withdrawn, and a rejection or a declined offer only
   * while its appeal window is open (after that it is final in practice and no work is left).
   */
  report(query: CaseWorkersReportQueryDto): Promise<CaseWorkersReportPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    return inReadOnlySnapshot(this.dataSource, async (manager) => {
      const now = this.clock.now();
      if (query.incidentId) {
        const found = (await manager.query(`SELECT 1 FROM incidents WHERE id = $1`, [
          query.incidentId,
        ])) as unknown[];
        if (found.length === 0) throw notFound('Incident');
      }
      const params: unknown[] = [
        now,
        TERMINAL_STATUSES,
        APPEAL_ONLY_STATUSES,
        appealWindowCutoff(now),
        query.incidentId ?? null,
        limit + 1,
      ];
      let keyset = '';
      if (after) {
        params.push(after.createdAt, after.id);
        keyset = `AND (u.created_at, u.id) > ($7, $8)`;
      }
      // Claims assigned to u, of the incident asked for (all incidents when $5 is null).
      const mine = `c.assigned_case_worker_id = u.id AND ($5::uuid IS NULL OR c.incident_id = $5)`;
      const open = `NOT (c.status::text = ANY($2))
        AND NOT (c.status::text = ANY($3) AND (c.decided_at IS NULL OR c.decided_at < $4))`;
      const rows = (await manager.query(
        `SELECT u.id, u.full_name AS "fullName", u.created_at AS "createdAt",
                o.open_claims AS "openClaims",
                ${days('o.avg_days')} AS "avgDaysInStatus",
                ${days('o.max_days')} AS "maxDaysInStatus",
                d.decided_claims AS "decidedClaims",
                ${days('d.median_days')} AS "medianDaysToDecision",
                s.by_status AS "byStatus"
           FROM users u
           LEFT JOIN LATERAL (
             SELECT count(*)::int AS open_claims,
                    avg(${EPOCH_DAYS('c.status_changed_at', '$1::timestamptz')}) AS avg_days,
                    max(${EPOCH_DAYS('c.status_changed_at', '$1::timestamptz')}) AS max_days
               FROM claims c WHERE ${mine} AND ${open}
           ) o ON true
           LEFT JOIN LATERAL (
             SELECT count(*)::int AS decided_claims,
                    percentile_cont(0.5) WITHIN GROUP (
                      ORDER BY (${EPOCH_DAYS('c.submitted_at', 'c.decided_at')})::float8
                    ) AS median_days
               FROM claims c
              WHERE ${mine} AND c.decided_at IS NOT NULL AND c.submitted_at IS NOT NULL
           ) d ON true
           LEFT JOIN LATERAL (
             SELECT jsonb_object_agg(status, n) AS by_status
               FROM (SELECT c.status::text AS status, count(*)::int AS n
                       FROM claims c WHERE ${mine} GROUP BY c.status) x
           ) s ON true
          WHERE u.role = 'case_worker' AND u.active ${keyset}
          ORDER BY u.created_at, u.id
          LIMIT $6`,
        params,
      )) as CaseWorkerRow[];
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return {
        items: items.map((r) => ({
          caseWorkerId: r.id,
          fullName: r.fullName,
          openClaims: r.openClaims,
          avgDaysInStatus: r.avgDaysInStatus,
          maxDaysInStatus: r.maxDaysInStatus,
          decidedClaims: r.decidedClaims,
          medianDaysToDecision: r.medianDaysToDecision,
          byStatus: countsByKey(
            CLAIM_STATUSES,
            Object.entries(r.byStatus ?? {}).map(([key, count]) => ({ key, count })),
          ),
        })),
        nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
        generatedAt: now.toISOString(),
      };
    });
  }
}
