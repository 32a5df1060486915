import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { Clock } from '../../common/clock';
import { queryRows, sql } from '../../common/database/sql';
import { AppConfig } from '../../config/app-config';
import { CLAIM_STATUSES } from '../claims/domain/claim-status';
import { CLAIM_TYPES } from '../claims/domain/claim-type';
import { ManifestCounts } from '../incidents/domain/limitation';
import {
  ENDED_WITHOUT_AWARD,
  SIGNED_PAID_AMOUNT,
  SIGNED_PAYMENT,
  sumMoney,
} from '../payments/ledger-sql';
import { Payer } from '../programmes/domain/payer';
import { countsByKey, reconcileManifest } from './domain/manifest';
import { NOT_CLAIMED_STATUSES, NOT_COVERING_STATUSES } from './domain/report-rules';
import {
  ClaimCountsDto,
  CoverageDto,
  IncidentSummaryDto,
  NationalityCountDto,
  ProgrammeAmountsDto,
} from './dto/incident-summary.dto';
import { limitationBlock } from './limitation-coverage';
import { inReadOnlySnapshot, requireIncident } from './read-only-snapshot';

interface CachedSummary {
  at: number;
  summary: Promise<IncidentSummaryDto>;
}

@Injectable()
export class IncidentSummaryService {
  /**
   * Summaries by incident, shared by concurrent requests while one is computed and reused for
   * REPORT_CACHE_TTL_MS after: each is still one consistent snapshot, at most that old, and
   * says when it was taken (`generatedAt`). At 100,000 claims a summary scans every claim,
   * payment and person of the incident; without this, a burst of readers queues behind itself.
   */
  private readonly cache = new Map<string, CachedSummary>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  summary(incidentId: string): Promise<IncidentSummaryDto> {
    const now = Date.now();
    const cached = this.cache.get(incidentId);
    if (cached && now - cached.at <= this.config.REPORT_CACHE_TTL_MS) return cached.summary;
    const summary = this.compute(incidentId);
    this.cache.set(incidentId, { at: now, summary });
    // A failure is not remembered: the next request tries again.
    summary.catch(() => this.cache.delete(incidentId));
    return summary;
  }

  /** Every figure from one snapshot (docs/api.md, reports summary). */
  private compute(incidentId: string): Promise<IncidentSummaryDto> {
    return inReadOnlySnapshot(this.dataSource, async (manager) => {
      const now = this.clock.now();
      const incident = await requireIncident(manager, incidentId);
      // One at a time: a transaction's queries share its single connection.
      const recorded = await this.recordedManifest(manager, incidentId);
      const byNationality = await this.byNationality(manager, incidentId);
      const claims = await this.claimCounts(manager, incidentId);
      const amounts = await this.amounts(manager, incidentId);
      const coverage = await this.coverage(manager, incidentId);
      return {
        incidentId: incident.id,
        incidentCode: incident.code,
        manifest: {
          declared: incident.declared,
          recorded,
          ...reconcileManifest(incident.declared, recorded),
          byNationality,
          alternativeCounts: incident.alternativeCounts,
        },
        claims,
        amounts,
        coverage,
        limitation: await limitationBlock(manager, incident, now),
        generatedAt: now.toISOString(),
      };
    });
  }

  private async recordedManifest(
    manager: EntityManager,
    incidentId: string,
  ): Promise<ManifestCounts> {
    const [row] = await queryRows<ManifestCounts>(
      manager,
      sql(
        `SELECT count(*)::int AS "onBoard",
              count(*) FILTER (WHERE category = 'passenger')::int AS passengers,
              count(*) FILTER (WHERE category = 'crew')::int AS crew,
              count(*) FILTER (WHERE outcome = 'deceased')::int AS fatalities,
              count(*) FILTER (WHERE outcome = 'survived')::int AS survivors
         FROM persons_on_board WHERE incident_id = :incidentId`,
        { incidentId },
      ),
    );
    return row!;
  }

  private async byNationality(
    manager: EntityManager,
    incidentId: string,
  ): Promise<NationalityCountDto[]> {
    return await queryRows<NationalityCountDto>(
      manager,
      sql(
        `SELECT n.nationality::text AS nationality,
              count(*)::int AS "onBoard",
              count(*) FILTER (WHERE p.outcome = 'deceased')::int AS deceased,
              count(*) FILTER (WHERE p.outcome = 'survived')::int AS survived
         FROM persons_on_board p
        CROSS JOIN LATERAL (SELECT DISTINCT unnest(p.nationalities) AS nationality) n
        WHERE p.incident_id = :incidentId
        GROUP BY n.nationality
        ORDER BY "onBoard" DESC, n.nationality`,
        { incidentId },
      ),
    );
  }

  private async claimCounts(manager: EntityManager, incidentId: string): Promise<ClaimCountsDto> {
    const rows = await queryRows<{ status: string; type: string; count: number }>(
      manager,
      sql(
        `SELECT status::text AS status, type::text AS type, count(*)::int AS count
         FROM claims WHERE incident_id = :incidentId
        GROUP BY status, type`,
        { incidentId },
      ),
    );
    return {
      total: rows.reduce((sum, r) => sum + r.count, 0),
      byStatus: countsByKey(
        CLAIM_STATUSES,
        rows.map((r) => ({ key: r.status, count: r.count })),
      ),
      byType: countsByKey(
        CLAIM_TYPES,
        rows.map((r) => ({ key: r.type, count: r.count })),
      ),
    };
  }

  private async amounts(
    manager: EntityManager,
    incidentId: string,
  ): Promise<ProgrammeAmountsDto[]> {
    // One row per programme and claim currency: a programme's claims share its currency, but
    // claims filed on a pledge before it had one keep theirs (docs/api.md#programme-status).
    const rows = await queryRows<Omit<ProgrammeAmountsDto, 'payer'> & { payer: string }>(
      manager,
      sql(
        `WITH currencies AS (
         SELECT pr.id AS programme_id, COALESCE(cc.currency, pr.currency) AS currency
           FROM compensation_programmes pr
           LEFT JOIN (SELECT DISTINCT programme_id, currency FROM claims WHERE incident_id = :incidentId) cc
             ON cc.programme_id = pr.id
          WHERE pr.incident_id = :incidentId
       )
       SELECT pr.id AS "programmeId", pr.name AS "programmeName", pr.payer::text AS payer,
              trim(cur.currency) AS currency,
              COALESCE(c.claims, 0)::int AS claims,
              COALESCE(c.claimed, '0.00') AS claimed,
              COALESCE(c.approved, '0.00') AS approved,
              COALESCE(pay.paid, '0.00') AS paid,
              COALESCE(pay.to_recover, '0.00') AS "toRecover",
              COALESCE(paid_in.items, '[]') AS "paidIn"
         FROM currencies cur
         JOIN compensation_programmes pr ON pr.id = cur.programme_id
         LEFT JOIN (
           SELECT programme_id, currency, count(*) AS claims,
                  ${sumMoney('amount_claimed', 'NOT (status::text = ANY(:notClaimed))')} AS claimed,
                  ${sumMoney('amount_approved')} AS approved
             FROM claims WHERE incident_id = :incidentId GROUP BY programme_id, currency
         ) c ON c.programme_id = pr.id AND c.currency = cur.currency
         LEFT JOIN (
           SELECT cl.programme_id, cl.currency, ${sumMoney(SIGNED_PAYMENT('p'))} AS paid,
                  ${sumMoney(SIGNED_PAYMENT('p'), `p.kind = 'advance' AND cl.status::text IN ${ENDED_WITHOUT_AWARD}`)} AS to_recover
             FROM payments p JOIN claims cl ON cl.id = p.claim_id
            WHERE cl.incident_id = :incidentId
            GROUP BY cl.programme_id, cl.currency
         ) pay ON pay.programme_id = pr.id AND pay.currency = cur.currency
         LEFT JOIN (
           SELECT programme_id, claim_currency,
                  json_agg(json_build_object('amount', amount, 'currency', currency)
                           ORDER BY currency) AS items
             FROM (SELECT cl.programme_id, cl.currency AS claim_currency,
                          trim(p.currency) AS currency,
                          ${sumMoney(SIGNED_PAID_AMOUNT('p'))} AS amount
                     FROM payments p JOIN claims cl ON cl.id = p.claim_id
                    WHERE cl.incident_id = :incidentId
                    GROUP BY cl.programme_id, cl.currency, p.currency) by_currency
            GROUP BY programme_id, claim_currency
         ) paid_in ON paid_in.programme_id = pr.id AND paid_in.claim_currency = cur.currency
        ORDER BY pr.created_at, pr.id, cur.currency`,
        { incidentId, notClaimed: NOT_CLAIMED_STATUSES },
      ),
    );
    return rows.map((r) => ({ ...r, payer: r.payer as Payer }));
  }

  private async coverage(manager: EntityManager, incidentId: string): Promise<CoverageDto> {
    // One pass over the incident's claims into a hash of covered persons, then one over
    // its persons: a correlated EXISTS per person costs a probe each (seconds at 100k).
    const [row] = await queryRows<CoverageDto>(
      manager,
      sql(
        `SELECT count(*) FILTER (WHERE c.person_id IS NOT NULL)::int AS "personsWithClaim",
              count(*) FILTER (WHERE c.person_id IS NULL)::int AS "personsWithoutClaim",
              count(*) FILTER (WHERE c.person_id IS NULL AND p.outcome = 'deceased')::int AS "deceasedWithoutClaim",
              count(*) FILTER (WHERE c.person_id IS NULL AND p.outcome = 'survived')::int AS "survivorsWithoutClaim"
         FROM persons_on_board p
         LEFT JOIN (
           SELECT DISTINCT person_id FROM claims
            WHERE incident_id = :incidentId AND NOT (status::text = ANY(:notCovering))
         ) c ON c.person_id = p.id
        WHERE p.incident_id = :incidentId`,
        { incidentId, notCovering: NOT_COVERING_STATUSES },
      ),
    );
    return row!;
  }
}
