import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { Clock } from '../../common/clock';
import { and, queryRows, sql } from '../../common/database/sql';
import { notFound } from '../../common/errors/errors';
import { byCreation, keyset } from '../../common/pagination/pagination';
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
    const page = keyset<CaseWorkerRow>(query, byCreation('u.created_at', 'u.id'));
    return inReadOnlySnapshot(this.dataSource, async (manager) => {
      const now = this.clock.now();
      if (query.incidentId) {
        const found = await queryRows<unknown>(
          manager,
          sql(`SELECT 1 FROM incidents WHERE id = :incidentId`, { incidentId: query.incidentId }),
        );
        if (found.length === 0) throw notFound('Incident');
      }
      // Claims assigned to u, of the incident asked for (all incidents when it is null).
      const mine = `c.assigned_case_worker_id = u.id
        AND (:incidentId::uuid IS NULL OR c.incident_id = :incidentId)`;
      const open = `NOT (c.status::text = ANY(:terminal))
        AND NOT (c.status::text = ANY(:appealOnly) AND (c.decided_at IS NULL OR c.decided_at < :cutoff))`;
      const where = and(sql(`u.role = 'case_worker' AND u.active`), page.after);
      const rows = await queryRows<CaseWorkerRow>(
        manager,
        sql(
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
                    avg(${EPOCH_DAYS('c.status_changed_at', ':now::timestamptz')}) AS avg_days,
                    max(${EPOCH_DAYS('c.status_changed_at', ':now::timestamptz')}) AS max_days
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
          WHERE ${where.sql}
          ${page.tail}`,
          {
            ...where.params,
            now,
            terminal: TERMINAL_STATUSES,
            appealOnly: APPEAL_ONLY_STATUSES,
            cutoff: appealWindowCutoff(now),
            incidentId: query.incidentId ?? null,
          },
        ),
      );
      const { items, nextCursor } = page.page(rows);
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
        nextCursor,
        generatedAt: now.toISOString(),
      };
    });
  }
}
