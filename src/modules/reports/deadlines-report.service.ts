import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import type { Actor } from '../../common/auth/actor';
import { Clock } from '../../common/clock';
import { queryRows, Sql, sql } from '../../common/database/sql';
import { pageSize } from '../../common/pagination/pagination';
import { ClaimStatus } from '../claims/domain/claim-status';
import { daysRemaining } from '../incidents/domain/limitation';
import { PersonCategory, PersonOutcome } from '../persons/domain/person-kinds';
import {
  appealWindow,
  appealWindowCutoff,
  compareAppealsByUrgency,
  comparePersonsByUrgency,
  compareWaitingByUrgency,
  DECISIONS_WITH_APPEAL_WINDOW,
  NOT_COVERING_STATUSES,
  wholeDaysSince,
} from './domain/report-rules';
import {
  AppealWindowsDto,
  DeadlinesQueryDto,
  DeadlinesReportDto,
  OverdueInformationRequestsDto,
  PersonsWithoutClaimDto,
  WaitingClaimsDto,
} from './dto/deadlines.dto';
import { limitationBlock, MISSED_DEADLINES_SQL } from './limitation-coverage';
import { inReadOnlySnapshot, requireIncident } from './read-only-snapshot';
import { nameMasker } from './report-masking';

interface PersonRow {
  id: string;
  fullName: string;
  category: PersonCategory;
  outcome: PersonOutcome;
  nationalities: string[];
}

interface ClaimRow {
  id: string;
  reference: string;
  status: ClaimStatus;
  claimantName: string;
  personName: string;
  assignedCaseWorkerId: string | null;
  statusChangedAt: Date;
  decidedAt: Date | null;
}

const CLAIM_COLUMNS = `c.id, c.reference, c.status::text AS status,
  cl.full_name AS "claimantName", p.full_name AS "personName",
  c.assigned_case_worker_id AS "assignedCaseWorkerId",
  c.status_changed_at AS "statusChangedAt", c.decided_at AS "decidedAt"`;

const CLAIM_JOINS = `JOIN claimants cl ON cl.id = c.claimant_id
  JOIN persons_on_board p ON p.id = c.person_id`;

/**
 * What needs doing before a date passes. Each list is capped at `limit` entries, the most
 * urgent first (see domain/report-rules.ts for the orders), and gives its full count.
 */
@Injectable()
export class DeadlinesReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  deadlines(
    actor: Actor,
    incidentId: string,
    query: DeadlinesQueryDto,
  ): Promise<DeadlinesReportDto> {
    // Capped lists, most urgent first, each with its total: no cursor, so no keyset.
    const limit = pageSize(query);
    return inReadOnlySnapshot(this.dataSource, async (manager) => {
      const now = this.clock.now();
      const incident = await requireIncident(manager, incidentId);
      const mask = nameMasker(actor);
      const limitation = await limitationBlock(manager, incident, now);
      return {
        incidentId: incident.id,
        limitation,
        personsWithoutClaim:
          limitation.programmes.length > 0
            ? await this.personsMissingDeadlines(manager, incidentId, limit, now, mask)
            : await this.personsWithoutClaim(
                manager,
                incidentId,
                limit,
                limitation.daysRemaining,
                mask,
              ),
        informationRequested: await this.informationRequested(
          manager,
          incidentId,
          limit,
          now,
          mask,
        ),
        overdueInformationRequests: await this.overdueInformationRequests(
          manager,
          incidentId,
          limit,
          now,
          mask,
        ),
        appealWindows: await this.appealWindows(manager, incidentId, limit, now, mask),
        generatedAt: now.toISOString(),
      };
    });
  }

  private async personsWithoutClaim(
    manager: EntityManager,
    incidentId: string,
    limit: number,
    days: number,
    mask: (name: string) => string,
  ): Promise<PersonsWithoutClaimDto> {
    const unclaimed = sql(
      `p.incident_id = :incidentId AND NOT EXISTS (
        SELECT 1 FROM claims c WHERE c.person_id = p.id AND NOT (c.status::text = ANY(:notCovering)))`,
      { incidentId, notCovering: NOT_COVERING_STATUSES },
    );
    const [counts] = await queryRows<{ total: number; deceased: number }>(
      manager,
      sql(
        `SELECT count(*)::int AS total,
                count(*) FILTER (WHERE p.outcome = 'deceased')::int AS deceased
           FROM persons_on_board p WHERE ${unclaimed.sql}`,
        unclaimed.params,
      ),
    );
    const rows = await queryRows<PersonRow>(
      manager,
      sql(
        `SELECT p.id, p.full_name AS "fullName", p.category::text AS category,
                p.outcome::text AS outcome, p.nationalities
           FROM persons_on_board p WHERE ${unclaimed.sql}
          ORDER BY (p.outcome = 'deceased') DESC, p.full_name COLLATE "C", p.id
          LIMIT :limit`,
        { ...unclaimed.params, limit },
      ),
    );
    return {
      total: counts!.total,
      deceased: counts!.deceased,
      items: rows.sort(comparePersonsByUrgency).map((p) => ({
        personId: p.id,
        fullName: mask(p.fullName),
        category: p.category,
        outcome: p.outcome,
        nationalities: p.nationalities,
        daysRemaining: days,
        programmeIds: [],
      })),
    };
  }

  /**
   * Persons who miss at least one programme's limitation deadline (limitation-coverage.ts),
   * the earliest deadline first, then the deceased, then by name; each with the programmes
   * they still need a claim in.
   */
  private async personsMissingDeadlines(
    manager: EntityManager,
    incidentId: string,
    limit: number,
    now: Date,
    mask: (name: string) => string,
  ): Promise<PersonsWithoutClaimDto> {
    const missed = `SELECT person_id, min(deadline) AS deadline,
        array_agg(programme_id::text ORDER BY deadline, programme_id) AS programme_ids
        FROM (${MISSED_DEADLINES_SQL}) m GROUP BY person_id`;
    const params = { incidentId, notCovering: NOT_COVERING_STATUSES };
    const [counts] = await queryRows<{ total: number; deceased: number }>(
      manager,
      sql(
        `SELECT count(*)::int AS total,
                count(*) FILTER (WHERE p.outcome = 'deceased')::int AS deceased
           FROM (${missed}) g JOIN persons_on_board p ON p.id = g.person_id`,
        params,
      ),
    );
    const rows = await queryRows<PersonRow & { deadline: string; programmeIds: string[] }>(
      manager,
      sql(
        `SELECT p.id, p.full_name AS "fullName", p.category::text AS category,
                p.outcome::text AS outcome, p.nationalities, g.deadline::text AS deadline,
                g.programme_ids AS "programmeIds"
           FROM (${missed}) g JOIN persons_on_board p ON p.id = g.person_id
          ORDER BY g.deadline, (p.outcome = 'deceased') DESC, p.full_name COLLATE "C", p.id
          LIMIT :limit`,
        { ...params, limit },
      ),
    );
    return {
      total: counts!.total,
      deceased: counts!.deceased,
      items: rows.map((p) => ({
        personId: p.id,
        fullName: mask(p.fullName),
        category: p.category,
        outcome: p.outcome,
        nationalities: p.nationalities,
        daysRemaining: daysRemaining(p.deadline, now),
        programmeIds: p.programmeIds,
      })),
    };
  }

  private async informationRequested(
    manager: EntityManager,
    incidentId: string,
    limit: number,
    now: Date,
    mask: (name: string) => string,
  ): Promise<WaitingClaimsDto> {
    const where = sql(`c.incident_id = :incidentId AND c.status = 'information_requested'`, {
      incidentId,
    });
    const { total, rows } = await cappedClaims<ClaimRow>(
      manager,
      where,
      'c.status_changed_at, c.id',
      limit,
    );
    return {
      total,
      items: rows
        .map((c) => ({ ...c, since: c.statusChangedAt }))
        .sort(compareWaitingByUrgency)
        .map((c) => ({
          claimId: c.id,
          reference: c.reference,
          claimantName: mask(c.claimantName),
          personName: mask(c.personName),
          assignedCaseWorkerId: c.assignedCaseWorkerId,
          since: c.since.toISOString(),
          daysWaiting: wholeDaysSince(c.since, now),
        })),
    };
  }

  /** Unanswered requests whose due date is before today (UTC), the longest overdue first. */
  private async overdueInformationRequests(
    manager: EntityManager,
    incidentId: string,
    limit: number,
    now: Date,
    mask: (name: string) => string,
  ): Promise<OverdueInformationRequestsDto> {
    const today = now.toISOString().slice(0, 10);
    const where = sql(
      `c.incident_id = :incidentId AND c.status = 'information_requested'
        AND c.information_due_date < :today::date`,
      { incidentId, today },
    );
    const { total, rows } = await cappedClaims<ClaimRow & { dueDate: string }>(
      manager,
      where,
      'c.information_due_date, c.id',
      limit,
      `c.information_due_date::text AS "dueDate"`,
    );
    return {
      total,
      items: rows.map((c) => ({
        claimId: c.id,
        reference: c.reference,
        claimantName: mask(c.claimantName),
        personName: mask(c.personName),
        assignedCaseWorkerId: c.assignedCaseWorkerId,
        requestedAt: c.statusChangedAt.toISOString(),
        dueDate: c.dueDate,
        daysOverdue: -daysRemaining(c.dueDate, now),
      })),
    };
  }

  private async appealWindows(
    manager: EntityManager,
    incidentId: string,
    limit: number,
    now: Date,
    mask: (name: string) => string,
  ): Promise<AppealWindowsDto> {
    // Same test as the lifecycle's appeal guard: the rejection or the declined offer (the
    // claim's current status) at most 30 calendar days before today.
    const where = sql(
      `c.incident_id = :incidentId AND c.status::text = ANY(:decisions)
        AND c.status_changed_at >= :cutoff`,
      { incidentId, decisions: DECISIONS_WITH_APPEAL_WINDOW, cutoff: appealWindowCutoff(now) },
    );
    const { total, rows } = await cappedClaims<ClaimRow>(
      manager,
      where,
      'c.status_changed_at, c.id',
      limit,
    );
    return {
      total,
      items: rows
        .map((c) => ({ ...c, ...appealWindow(c.statusChangedAt, now) }))
        .sort(compareAppealsByUrgency)
        .map((c) => ({
          claimId: c.id,
          reference: c.reference,
          status: c.status,
          claimantName: mask(c.claimantName),
          personName: mask(c.personName),
          decidedAt: c.decidedAt ? c.decidedAt.toISOString() : null,
          since: c.statusChangedAt.toISOString(),
          closesAt: c.closesAt.toISOString(),
          daysLeft: c.daysLeft,
        })),
    };
  }
}

/**
 * A capped list of claims matching `where` (on claims `c`), the first `limit` by `order`,
 * with the names the lists show, and how many match in all.
 */
async function cappedClaims<R extends ClaimRow>(
  manager: EntityManager,
  where: Sql,
  order: string,
  limit: number,
  extraColumns?: string,
): Promise<{ total: number; rows: R[] }> {
  const [counted] = await queryRows<{ total: number }>(
    manager,
    sql(`SELECT count(*)::int AS total FROM claims c WHERE ${where.sql}`, where.params),
  );
  const rows = await queryRows<R>(
    manager,
    sql(
      `SELECT ${CLAIM_COLUMNS}${extraColumns ? `, ${extraColumns}` : ''}
         FROM claims c ${CLAIM_JOINS}
        WHERE ${where.sql}
        ORDER BY ${order}
        LIMIT :limit`,
      { ...where.params, limit },
    ),
  );
  return { total: counted!.total, rows };
}
