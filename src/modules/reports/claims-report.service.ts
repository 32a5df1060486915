import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import { finished, Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { Clock } from '../../common/clock';
import {
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  Page,
} from '../../common/pagination/pagination';
import { AuditService } from '../audit/audit.service';
import { outstandingAmount } from '../claims/domain/claim-rules';
import { ClaimStatus } from '../claims/domain/claim-status';
import { ClaimType } from '../claims/domain/claim-type';
import { Payer } from '../programmes/domain/payer';
import { CSV_QUOTED, neutraliseCell } from './domain/csv-cell';
import { ClaimsReportQueryDto, ClaimsReportRowDto } from './dto/claims-report.dto';
import {
  ENDED_WITHOUT_AWARD,
  LINKED_ADVANCES_PAID,
  SIGNED_PAID_AMOUNT,
  SIGNED_PAYMENT,
  sumMoney,
} from '../payments/ledger-sql';
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
  /** Keyset position: rows strictly after it. */
  after?: { createdAt: Date; id: string };
  /** Keyset position of the last row included (an export's membership). */
  upTo?: { createdAt: Date; id: string };
}

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
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.fetch(
      {
        incidentId,
        status: query.status,
        programmeId: query.programmeId,
        after: query.cursor ? decodeCursor(query.cursor) : undefined,
      },
      limit + 1,
    );
    const mask = nameMasker(actor);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map((r) => toRow(r, mask)),
      nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
    };
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
    const [newest] = (await this.dataSource.query(
      `SELECT created_at AS "createdAt", id FROM claims WHERE incident_id = $1
        ORDER BY created_at DESC, id DESC LIMIT 1`,
      [incidentId],
    )) as { createdAt: Date; id: string }[];
    const filter: Filter = {
      incidentId,
      status: query.status,
      programmeId: query.programmeId,
      upTo: newest,
    };
    const first = newest ? await this.fetch(filter, CSV_BATCH_SIZE) : [];
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
    first: ClaimReportRow[],
    mask: (name: string) => string,
  ): AsyncGenerator<string> {
    yield stringify([], { ...CSV_OPTIONS, bom: true, header: true, columns: [...CSV_COLUMNS] });
    let batch = first;
    for (;;) {
      for (let i = 0; i < batch.length; i += CSV_CHUNK_RECORDS) {
        const records = batch.slice(i, i + CSV_CHUNK_RECORDS).map((r) => csvRecord(toRow(r, mask)));
        yield stringify(records, CSV_OPTIONS);
      }
      const last = batch[batch.length - 1];
      if (batch.length < CSV_BATCH_SIZE || !last) return;
      batch = await this.fetch({ ...filter, after: last }, CSV_BATCH_SIZE);
    }
  }

  private async fetch(filter: Filter, limit: number): Promise<ClaimReportRow[]> {
    const params: unknown[] = [filter.incidentId];
    const where = ['c.incident_id = $1'];
    const add = (sql: (n: number) => string, ...values: unknown[]) => {
      const n = params.length + 1;
      params.push(...values);
      where.push(sql(n));
    };
    if (filter.status) add((n) => `c.status = $${n}`, filter.status);
    if (filter.programmeId) add((n) => `c.programme_id = $${n}`, filter.programmeId);
    if (filter.upTo) {
      add(
        (n) => `(c.created_at, c.id) <= ($${n}, $${n + 1})`,
        filter.upTo.createdAt,
        filter.upTo.id,
      );
    }
    if (filter.after) {
      add(
        (n) => `(c.created_at, c.id) > ($${n}, $${n + 1})`,
        filter.after.createdAt,
        filter.after.id,
      );
    }
    params.push(limit);
    return (await this.dataSource.query(
      `SELECT c.id, c.reference, c.claimant_id AS "claimantId", cl.full_name AS "claimantName",
              c.person_id AS "personId", p.full_name AS "personName",
              c.programme_id AS "programmeId", pr.name AS "programmeName", pr.payer::text AS payer,
              c.status::text AS status, c.type::text AS type, c.currency::text AS currency,
              c.amount_claimed::text AS claimed, c.amount_assessed::text AS assessed,
              c.amount_approved::text AS approved, pay.paid, pay."paidIn", pay."toRecover",
              CASE WHEN c.type = 'advance' THEN '0.00' ELSE ${LINKED_ADVANCES_PAID('c')} END AS "advancesPaid",
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
        WHERE ${where.join(' AND ')}
        ORDER BY c.created_at, c.id
        LIMIT $${params.length}`,
      params,
    )) as ClaimReportRow[];
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

/** Every cell a spreadsheet-safe string (empty for null), in CSV_COLUMNS order. */
function csvRecord(row: ClaimsReportRowDto): string[] {
  return CSV_COLUMNS.map((column) => neutraliseCell(row[column]));
}
