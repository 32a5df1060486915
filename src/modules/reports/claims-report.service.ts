import { finished, Readable } from 'node:stream';

import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import { DataSource } from 'typeorm';

import type { Actor } from '../../common/auth/actor';
import { Clock } from '../../common/clock';
import { and, queryRows, sql } from '../../common/database/sql';
import {
  byCreation,
  Keyset,
  keyset,
  keysetAfter,
  mapPage,
  Page,
} from '../../common/pagination/pagination';
import { AuditService } from '../audit/audit.service';
import { outstandingAmount } from '../claims/domain/claim-rules';
import { ClaimStatus } from '../claims/domain/claim-status';
import { ClaimType } from '../claims/domain/claim-type';
import {
  ENDED_WITHOUT_AWARD,
  LINKED_ADVANCES_PAID,
  SIGNED_PAID_AMOUNT,
  SIGNED_PAYMENT,
  sumMoney,
} from '../payments/ledger-sql';
import { Payer } from '../programmes/domain/payer';
import { CSV_QUOTED, neutraliseCell } from './domain/csv-cell';
import { ClaimsReportQueryDto, ClaimsReportRowDto } from './dto/claims-report.dto';
import { requireIncident } from './read-only-snapshot';
import { nameMasker } from './report-masking';

/** Rows fetched per query of a CSV export: memory stays flat whatever the number of claims. */
export const CSV_BATCH_SIZE = 1000;

/**
 * Records per piece of CSV written to the response: about 40 kB, one write for a hundred
 * records instead of a stream event per record, and small enough to die young in V8's heap.
 */
const CSV_CHUNK_RECORDS = 100;

const CSV_OPTIONS = { record_delimiter: 'windows', quoted_match: CSV_QUOTED } as const;

interface ClaimReportRow {
  id: string;
  reference: string;
  claimantId: string;
  claimantName: string;
  personId: string;
  personName: string;
  programmeId: string;
  programmeName: string;
  payer: string;
  status: string;
  type: string;
  currency: string;
  claimed: string | null;
  assessed: string | null;
  approved: string | null;
  paid: string;
  paidIn: string;
  advancesPaid: string;
  toRecover: string;
  assignedCaseWorkerId: string | null;
  submittedAt: Date | null;
  decidedAt: Date | null;
  statusChangedAt: Date;
  createdAt: Date;
}

interface Filter {
  incidentId: string;
  status?: ClaimStatus;
  programmeId?: string;
  /** Keyset position of the last row included (an export's membership). */
  upTo?: { createdAt: Date; id: string };
}

/** The report lists claims as every list does: oldest first on (created_at, id). */
const ORDER = byCreation<ClaimReportRow>('c.created_at', 'c.id');

/** CSV columns, in order: header names are the JSON field names. */
const CSV_COLUMNS = [
  'reference',
  'claimantName',
  'personName',
  'programmeName',
  'payer',
  'status',
  'type',
  'currency',
  'claimed',
  'assessed',
  'approved',
  'paid',
  'paidIn',
  'advancesPaid',
  'outstanding',
  'toRecover',
  'submittedAt',
  'decidedAt',
  'statusChangedAt',
  'createdAt',
  'claimId',
  'claimantId',
  'personId',
  'programmeId',
  'assignedCaseWorkerId',
] as const satisfies readonly (keyof ClaimsReportRowDto)[];

export interface CsvExport {
  fileName: string;
  stream: Readable;
}

@Injectable()
export class ClaimsReportService {
  private readonly logger = new Logger(ClaimsReportService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** One page, keyset on (createdAt, id) as every list of the service. */
  async page(
    actor: Actor,
    incidentId: string,
    query: ClaimsReportQueryDto,
  ): Promise<Page<ClaimsReportRowDto>> {
    await requireIncident(this.dataSource.manager, incidentId);
    const page = keyset(query, ORDER);
    const rows = await this.fetch(
      { incidentId, status: query.status, programmeId: query.programmeId },
      page,
    );
    const mask = nameMasker(actor);
    return mapPage(rows, (r) => toRow(r, mask));
  }

  /**
   * The whole list as CSV, streamed: keyset batches of CSV_BATCH_SIZE rows, each fetched only
   * when the client has taken the previous one (Readable.from pulls on demand), so neither
   * the rows nor the file are ever held in memory whole, and no connection or transaction is
   * held while the client reads. Membership is fixed at the start (claims up to the newest
   * one then); each row is read as it stands when its batch is fetched.
   *
   * The incident check, the first batch and the audit event run before anything is sent, so
   * their failures still answer with problem+json. A failure after the headers are out is
   * logged and the stream destroyed, so the client sees a truncated download, never a file
   * that looks complete; a client that goes away stops the queries.
   */
  async csv(actor: Actor, incidentId: string, query: ClaimsReportQueryDto): Promise<CsvExport> {
    const incident = await requireIncident(this.dataSource.manager, incidentId);
    const [newest] = await queryRows<{ createdAt: Date; id: string }>(
      this.dataSource,
      sql(
        `SELECT created_at AS "createdAt", id FROM claims WHERE incident_id = :incidentId
        ORDER BY created_at DESC, id DESC LIMIT 1`,
        { incidentId },
      ),
    );
    const filter: Filter = {
      incidentId,
      status: query.status,
      programmeId: query.programmeId,
      upTo: newest,
    };
    const first = newest ? await this.fetch(filter, firstBatch()) : { items: [], nextCursor: null };
    await this.audit.recordAlone(actor, {
      action: 'report.claims_export',
      entityType: 'incident',
      entityId: incidentId,
      changes: {
        format: 'csv',
        status: query.status ?? null,
        programmeId: query.programmeId ?? null,
      },
    });
    const stream = Readable.from(this.chunks(filter, first, nameMasker(actor)));
    finished(stream, (err) => {
      if (err && (err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') {
        this.logger.error({ err, incidentId }, 'CSV export failed after the response started');
      }
    });
    const date = this.clock.now().toISOString().slice(0, 10);
    return { fileName: `${incident.code}-claims-${date}.csv`, stream };
  }

  /** The CSV text, batch after batch, fetched as the consumer asks for more. */
  private async *chunks(
    filter: Filter,
    first: Page<ClaimReportRow>,
    mask: (name: string) => string,
  ): AsyncGenerator<string> {
    yield stringify([], { ...CSV_OPTIONS, bom: true, header: true, columns: [...CSV_COLUMNS] });
    let batch = first;
    for (;;) {
      const rows = batch.items;
      for (let i = 0; i < rows.length; i += CSV_CHUNK_RECORDS) {
        const records = rows.slice(i, i + CSV_CHUNK_RECORDS).map((r) => csvRecord(toRow(r, mask)));
        yield stringify(records, CSV_OPTIONS);
      }
      const last = rows[rows.length - 1];
      if (batch.nextCursor === null || !last) return;
      batch = await this.fetch(filter, keysetAfter(ORDER, CSV_BATCH_SIZE, last));
    }
  }

  /**
   * One page (or export batch) of the report: `page` places it after its cursor. The select
   * list stays short (the linked advances are a lateral join): pg_stat_activity shows the first
   * 1 kB of a statement, and the replica suite recognises this one by its FROM clause.
   */
  private async fetch(filter: Filter, page: Keyset<ClaimReportRow>): Promise<Page<ClaimReportRow>> {
    const where = and(
      sql('c.incident_id = :incidentId', { incidentId: filter.incidentId }),
      filter.status && sql('c.status = :status', { status: filter.status }),
      filter.programmeId &&
        sql('c.programme_id = :programmeId', { programmeId: filter.programmeId }),
      filter.upTo &&
        sql('(c.created_at, c.id) <= (:upToAt, :upToId)', {
          upToAt: filter.upTo.createdAt,
          upToId: filter.upTo.id,
        }),
      page.after,
    );
    const rows = await queryRows<ClaimReportRow>(
      this.dataSource,
      sql(
        `SELECT c.id, c.reference, c.claimant_id AS "claimantId", cl.full_name AS "claimantName",
              c.person_id AS "personId", p.full_name AS "personName",
              c.programme_id AS "programmeId", pr.name AS "programmeName", pr.payer::text AS payer,
              c.status::text AS status, c.type::text AS type, c.currency::text AS currency,
              c.amount_claimed::text AS claimed, c.amount_assessed::text AS assessed,
              c.amount_approved::text AS approved, pay.paid, pay."paidIn", pay."toRecover",
              adv.paid AS "advancesPaid",
              c.assigned_case_worker_id AS "assignedCaseWorkerId",
              c.submitted_at AS "submittedAt", c.decided_at AS "decidedAt",
              c.status_changed_at AS "statusChangedAt", c.created_at AS "createdAt"
         FROM claims c
         JOIN claimants cl ON cl.id = c.claimant_id
         JOIN persons_on_board p ON p.id = c.person_id
         JOIN compensation_programmes pr ON pr.id = c.programme_id
         LEFT JOIN LATERAL (
           SELECT ${sumMoney(SIGNED_PAYMENT('y'))} AS paid,
                  ${sumMoney(SIGNED_PAYMENT('y'), `y.kind = 'advance' AND c.status::text IN ${ENDED_WITHOUT_AWARD}`)} AS "toRecover",
                  COALESCE((
                    SELECT string_agg(amount || ' ' || currency, '; ' ORDER BY currency)
                      FROM (SELECT trim(z.currency) AS currency, ${sumMoney(SIGNED_PAID_AMOUNT('z'))} AS amount
                              FROM payments z WHERE z.claim_id = c.id GROUP BY z.currency) per_currency
                  ), '') AS "paidIn"
             FROM payments y WHERE y.claim_id = c.id
         ) pay ON true
         LEFT JOIN LATERAL (
           SELECT CASE WHEN c.type = 'advance' THEN '0.00' ELSE ${LINKED_ADVANCES_PAID('c')} END AS paid
         ) adv ON true
        WHERE ${where.sql}
        ${page.tail}`,
        where.params,
      ),
    );
    return page.page(rows);
  }
}

function toRow(r: ClaimReportRow, mask: (name: string) => string): ClaimsReportRowDto {
  return {
    claimId: r.id,
    reference: r.reference,
    claimantId: r.claimantId,
    claimantName: mask(r.claimantName),
    personId: r.personId,
    personName: mask(r.personName),
    programmeId: r.programmeId,
    programmeName: r.programmeName,
    payer: r.payer as Payer,
    status: r.status as ClaimStatus,
    type: r.type as ClaimType,
    currency: r.currency.trim(),
    claimed: r.claimed,
    assessed: r.assessed,
    approved: r.approved,
    paid: r.paid,
    paidIn: r.paidIn,
    advancesPaid: r.advancesPaid,
    outstanding: outstandingAmount(r.approved, r.paid, r.advancesPaid),
    toRecover: r.toRecover,
    assignedCaseWorkerId: r.assignedCaseWorkerId,
    submittedAt: r.submittedAt?.toISOString() ?? null,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    statusChangedAt: r.statusChangedAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
  };
}

/** The first batch of an export: the first CSV_BATCH_SIZE rows in the report's order. */
function firstBatch(): Keyset<ClaimReportRow> {
  return keyset({ limit: CSV_BATCH_SIZE }, ORDER);
}

/** Every cell a spreadsheet-safe string (empty for null), in CSV_COLUMNS order. */
function csvRecord(row: ClaimsReportRowDto): string[] {
  return CSV_COLUMNS.map((column) => neutraliseCell(row[column]));
}
