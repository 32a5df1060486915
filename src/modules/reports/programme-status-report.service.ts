import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import { DataSource, EntityManager } from 'typeorm';

import { Clock } from '../../common/clock';
import { queryRows, sql } from '../../common/database/sql';
import { notFound } from '../../common/errors/errors';
import { CLAIM_STATUSES } from '../claims/domain/claim-status';
import { daysRemaining } from '../incidents/domain/limitation';
import { SIGNED_PAYMENT, sumMoney } from '../payments/ledger-sql';
import { Payer } from '../programmes/domain/payer';
import { ProgrammeStatus } from '../programmes/domain/programme-status';
import { PROGRAMME_COVERS } from '../programmes/eligibility-sql';
import { ProgrammeEvent } from '../programmes/programme-event.entity';
import { toEventResponse } from '../programmes/programme-views';
import { neutraliseCell } from './domain/csv-cell';
import { countsByKey } from './domain/manifest';
import { NOT_CLAIMED_STATUSES, NOT_COVERING_STATUSES } from './domain/report-rules';
import {
  EligibleDto,
  OtherPayerDto,
  ProgrammeAmountTotalsDto,
  ProgrammeStatusReportDto,
  RegisteredDto,
} from './dto/programme-status.dto';
import { inReadOnlySnapshot } from './read-only-snapshot';

interface ProgrammeRow {
  id: string;
  incidentId: string;
  name: string;
  payer: Payer;
  status: ProgrammeStatus;
  pledgedAt: string | null;
  openedAt: string | null;
  currency: string | null;
  amountsSet: boolean;
}

/** Persons `p` of the programme's incident that programme `pr` (`:id`) covers. */
const ELIGIBLE_FROM = 'persons_on_board p JOIN compensation_programmes pr ON pr.id = :id';
const ELIGIBLE_WHERE = `p.incident_id = pr.incident_id AND ${PROGRAMME_COVERS('pr', 'p')}`;
const ELIGIBLE = `${ELIGIBLE_FROM} WHERE ${ELIGIBLE_WHERE}`;

/**
 * GET /reports/programmes/:id/status (docs/api.md#programme-status): where one programme stands (the
 * Russian pledge above all): who it covers, who has registered a claim, what is claimed, approved
 * and paid, what the same persons received from the other payers, and its public record. Every
 * figure from one snapshot. The report names no one, so auditors read it as it is.
 */
@Injectable()
export class ProgrammeStatusReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  report(programmeId: string): Promise<ProgrammeStatusReportDto> {
    return inReadOnlySnapshot(this.dataSource, async (manager) => {
      const now = this.clock.now();
      const programme = await this.programme(manager, programmeId);
      const amounts = await this.amounts(manager, programmeId);
      const inOwn = amounts.find((a) => a.currency === programme.currency);
      return {
        programme: {
          id: programme.id,
          name: programme.name,
          payer: programme.payer,
          status: programme.status,
          pledgedAt: programme.pledgedAt,
          openedAt: programme.openedAt,
          daysSincePledge:
            programme.pledgedAt === null ? null : -daysRemaining(programme.pledgedAt, now),
          currency: programme.currency,
          amountsSet: programme.amountsSet,
        },
        eligible: await this.eligible(manager, programmeId),
        registered: await this.registered(manager, programmeId),
        personsWithoutClaim: await this.withoutClaim(manager, programmeId),
        amounts:
          programme.currency === null
            ? null
            : (inOwn ?? {
                claimed: '0.00',
                approved: '0.00',
                paid: '0.00',
                currency: programme.currency,
              }),
        amountsInOtherCurrencies: amounts.filter((a) => a.currency !== programme.currency),
        otherPayers: await this.otherPayers(manager, programmeId),
        timeline: await this.timeline(manager, programmeId),
        generatedAt: now.toISOString(),
      };
    });
  }

  /** The report as CSV rows `section, field, value`: one line per figure, then the timeline. */
  async csv(programmeId: string): Promise<{ fileName: string; body: string }> {
    const r = await this.report(programmeId);
    const rows: [string, string, string][] = [];
    const add = (section: string, field: string, value: unknown) =>
      rows.push([section, field, value === null || value === undefined ? '' : String(value)]);
    for (const [field, value] of Object.entries(r.programme)) add('programme', field, value);
    const { byNationality, ...eligible } = r.eligible;
    for (const [field, value] of Object.entries(eligible)) add('eligible', field, value);
    for (const n of byNationality) add('eligible.byNationality', n.nationality, n.persons);
    const { byStatus, ...registered } = r.registered;
    for (const [field, value] of Object.entries(registered)) add('registered', field, value);
    for (const [status, count] of Object.entries(byStatus)) {
      add('registered.byStatus', status, count);
    }
    for (const [field, value] of Object.entries(r.personsWithoutClaim)) {
      add('personsWithoutClaim', field, value);
    }
    for (const a of [...(r.amounts ? [r.amounts] : []), ...r.amountsInOtherCurrencies]) {
      for (const field of ['claimed', 'approved', 'paid'] as const) {
        add(`amounts.${a.currency}`, field, a[field]);
      }
    }
    for (const o of r.otherPayers) {
      add(`otherPayers.${o.programmeId}`, 'payer', o.payer);
      add(`otherPayers.${o.programmeId}`, 'currency', o.currency);
      add(`otherPayers.${o.programmeId}`, 'personsPaid', o.personsPaid);
      add(`otherPayers.${o.programmeId}`, 'paid', o.paid);
    }
    for (const e of r.timeline) {
      const source = [e.source.title, e.source.publisher, e.source.publishedOn, e.source.url]
        .filter(Boolean)
        .join(', ');
      add('timeline', `${e.occurredOn} ${e.kind}`, `${e.summary} (${source})`);
    }
    add('report', 'generatedAt', r.generatedAt);
    const body = stringify(
      rows.map((row) => row.map((cell) => neutraliseCell(cell))),
      {
        bom: true,
        header: true,
        columns: ['section', 'field', 'value'],
        record_delimiter: 'windows',
      },
    );
    const date = r.generatedAt.slice(0, 10);
    return { fileName: `programme-${r.programme.id}-status-${date}.csv`, body };
  }

  private async programme(manager: EntityManager, id: string): Promise<ProgrammeRow> {
    const [row] = await queryRows<ProgrammeRow>(
      manager,
      sql(
        `SELECT id, incident_id AS "incidentId", name, payer::text AS payer, status::text AS status,
              pledged_at::text AS "pledgedAt", opened_at::text AS "openedAt",
              trim(currency) AS currency,
              (amount_per_deceased IS NOT NULL OR amount_per_injured IS NOT NULL
                 OR liability_limit IS NOT NULL) AS "amountsSet"
         FROM compensation_programmes WHERE id = :id`,
        { id },
      ),
    );
    if (!row) throw notFound('Programme');
    return row;
  }

  private async eligible(manager: EntityManager, id: string): Promise<EligibleDto> {
    const [counts] = await queryRows<Omit<EligibleDto, 'byNationality'>>(
      manager,
      sql(
        `SELECT count(*)::int AS persons,
              count(*) FILTER (WHERE p.outcome = 'deceased')::int AS deceased,
              count(*) FILTER (WHERE p.outcome = 'survived')::int AS survived
         FROM ${ELIGIBLE}`,
        { id },
      ),
    );
    const byNationality = await queryRows<EligibleDto['byNationality'][number]>(
      manager,
      sql(
        `SELECT n.nationality::text AS nationality, count(*)::int AS persons
         FROM ${ELIGIBLE_FROM}
        CROSS JOIN LATERAL (SELECT DISTINCT unnest(p.nationalities) AS nationality) n
        WHERE ${ELIGIBLE_WHERE}
        GROUP BY n.nationality ORDER BY persons DESC, n.nationality`,
        { id },
      ),
    );
    return { ...counts!, byNationality };
  }

  private async registered(manager: EntityManager, id: string): Promise<RegisteredDto> {
    const statuses = await queryRows<{ key: string; count: number }>(
      manager,
      sql(
        `SELECT status::text AS key, count(*)::int AS count FROM claims
        WHERE programme_id = :id GROUP BY status`,
        { id },
      ),
    );
    const [standing] = await queryRows<{ persons: number; withLawyer: number; claimants: number }>(
      manager,
      sql(
        `SELECT count(DISTINCT c.person_id)::int AS persons,
              count(DISTINCT c.claimant_id) FILTER (WHERE EXISTS (
                SELECT 1 FROM representations r
                 WHERE r.claimant_id = c.claimant_id AND r.ended_at IS NULL))::int AS "withLawyer",
              count(DISTINCT c.claimant_id)::int AS claimants
         FROM claims c WHERE c.programme_id = :id AND NOT (c.status::text = ANY(:notCovering))`,
        { id, notCovering: NOT_COVERING_STATUSES },
      ),
    );
    return {
      persons: standing!.persons,
      claims: statuses.reduce((sum, s) => sum + s.count, 0),
      byStatus: countsByKey(CLAIM_STATUSES, statuses),
      claimantsWithLawyer: standing!.withLawyer,
      claimantsWithoutLawyer: standing!.claimants - standing!.withLawyer,
    };
  }

  private async withoutClaim(manager: EntityManager, id: string) {
    const [row] = await queryRows<{ count: number; deceased: number; survived: number }>(
      manager,
      sql(
        `SELECT count(*)::int AS count,
              count(*) FILTER (WHERE p.outcome = 'deceased')::int AS deceased,
              count(*) FILTER (WHERE p.outcome = 'survived')::int AS survived
         FROM ${ELIGIBLE}
          AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.person_id = p.id AND c.programme_id = :id
                            AND NOT (c.status::text = ANY(:notCovering)))`,
        { id, notCovering: NOT_COVERING_STATUSES },
      ),
    );
    return row!;
  }

  /** Claimed, approved and paid per claim currency (one row unless claims predate a currency). */
  private async amounts(manager: EntityManager, id: string): Promise<ProgrammeAmountTotalsDto[]> {
    return await queryRows<ProgrammeAmountTotalsDto>(
      manager,
      sql(
        `SELECT trim(c.currency) AS currency,
              ${sumMoney('c.amount_claimed', 'NOT (c.status::text = ANY(:notClaimed))')} AS claimed,
              ${sumMoney('c.amount_approved')} AS approved,
              ${sumMoney('pay.net')} AS paid
         FROM claims c
         LEFT JOIN LATERAL (
           SELECT SUM(${SIGNED_PAYMENT('p')}) AS net FROM payments p WHERE p.claim_id = c.id
         ) pay ON true
        WHERE c.programme_id = :id
        GROUP BY c.currency ORDER BY c.currency`,
        { id, notClaimed: NOT_CLAIMED_STATUSES },
      ),
    );
  }

  private async otherPayers(manager: EntityManager, id: string): Promise<OtherPayerDto[]> {
    return await queryRows<OtherPayerDto>(
      manager,
      sql(
        `WITH eligible AS (SELECT p.id FROM ${ELIGIBLE}),
            received AS (
              SELECT c.programme_id, c.person_id, SUM(${SIGNED_PAYMENT('pm')}) AS net
                FROM payments pm JOIN claims c ON c.id = pm.claim_id
               WHERE c.person_id IN (SELECT id FROM eligible)
               GROUP BY c.programme_id, c.person_id)
       SELECT o.id AS "programmeId", o.payer::text AS payer, trim(o.currency) AS currency,
              count(r.person_id) FILTER (WHERE r.net > 0)::int AS "personsPaid",
              ${sumMoney('r.net')} AS paid
         FROM compensation_programmes me
         JOIN compensation_programmes o ON o.incident_id = me.incident_id AND o.id <> me.id
         LEFT JOIN received r ON r.programme_id = o.id
        WHERE me.id = :id
        GROUP BY o.id, o.payer, o.currency, o.created_at
        ORDER BY o.created_at, o.id`,
        { id },
      ),
    );
  }

  private async timeline(manager: EntityManager, id: string) {
    const events = await manager
      .createQueryBuilder(ProgrammeEvent, 'e')
      .where('e.programmeId = :id', { id })
      .orderBy('e.occurredOn', 'ASC')
      .addOrderBy('e.createdAt', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .getMany();
    return events.map(toEventResponse);
  }
}
