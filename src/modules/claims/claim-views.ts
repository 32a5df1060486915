import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, ObjectLiteral } from 'typeorm';

import type { Actor } from '../../common/auth/actor';
import { poolQuery } from '../../common/database/pool-query';
import { PREPARED } from '../../common/database/resilient-pg-client';
import { queryOne, Sql, sql, toNumbered } from '../../common/database/sql';
import { compareAmounts, dec } from '../../common/money/money';
import { redactForAuditor } from '../../common/privacy/redact';
import { DocumentStatus } from '../documents/domain/document-status';
import { DocumentType } from '../documents/domain/document-type';
import { LINKED_ADVANCES_PAID, SIGNED_PAYMENT, sumMoney } from '../payments/ledger-sql';
import { ProgrammeStatus } from '../programmes/domain/programme-status';
import { Claim } from './claim.entity';
import { outstandingAmount } from './domain/claim-rules';
import {
  allowedTransitions,
  ClaimSnapshot,
  TransitionActor,
  TransitionContext,
} from './domain/claim-state-machine';
import { ClaimType } from './domain/claim-type';
import { missingDocuments, requiredDocuments } from './domain/required-documents';
import { ClaimResponseDto, MoneyResponseDto } from './dto/claim.dto';

/** What the lifecycle needs to know about a claim beyond its own row. */
export interface ClaimFacts {
  liabilityLimit: string | null;
  /** The programme's status (docs/api.md#programme-status). */
  programmeStatus: ProgrammeStatus;
  /** Lawyers actively representing the claim's claimant. */
  lawyerIds: string[];
  missingDocuments: DocumentType[];
  /** Payments less reversals on the claim itself, in its currency. */
  paid: string;
  /** Net payments on the advance claims linked to it, offset against its award. */
  advancesPaid: string;
}

export function claimSnapshot(c: Claim): ClaimSnapshot {
  return {
    status: c.status,
    type: c.type,
    claimantId: c.claimantId,
    personId: c.personId,
    programmeId: c.programmeId,
    currency: c.currency,
    amountClaimed: c.amountClaimed,
    amountAssessed: c.amountAssessed,
    amountApproved: c.amountApproved,
    assignedCaseWorkerId: c.assignedCaseWorkerId,
    assessedBy: c.assessedBy,
    decidedAt: c.decidedAt,
    statusChangedAt: c.statusChangedAt,
  };
}

/** The caller as the state machine sees them; null for a caller with no identity. */
export function transitionActor(actor: Actor, facts: ClaimFacts): TransitionActor | null {
  if (!actor.userId || !actor.role) return null;
  return {
    id: actor.userId,
    role: actor.role,
    representsClaimant: facts.lawyerIds.includes(actor.userId),
  };
}

export function transitionContext(facts: ClaimFacts, now: Date): TransitionContext {
  return {
    liabilityLimit: facts.liabilityLimit,
    missingDocuments: facts.missingDocuments,
    // Both are numeric(20,2) text from the ledger's SQL, so no advances means the paid amount.
    paidTotal:
      facts.advancesPaid === '0.00'
        ? facts.paid
        : dec(facts.paid).plus(facts.advancesPaid).toFixed(2),
    programmeStatus: facts.programmeStatus,
    now,
  };
}

const money = (amount: string | null, currency: string): MoneyResponseDto | null =>
  amount === null ? null : { amount, currency };

/** A claim row with its facts, as ClaimViews.select reads it. */
export type ClaimRow = Claim & ClaimFactRow;

/**
 * Claim responses with the caller's allowed transitions, missing documents and payment totals.
 * A claim and its facts, or a whole page of them, cost one statement.
 */
@Injectable()
export class ClaimViews {
  /**
   * `c.reference AS "reference", ...`: every column of the entity under its property name;
   * numerics as text, so a row read as JSON keeps their exact digits (the driver reads them as
   * text anyway).
   */
  private readonly claimColumns: string;

  /** The entity's timestamp properties, which rowFromJson makes Dates. */
  private readonly timestamps: readonly string[];

  constructor(@InjectDataSource() dataSource: DataSource) {
    const { columns } = dataSource.getMetadata(Claim);
    this.timestamps = columns
      .filter(
        (column) => column.type === 'timestamptz' || column.type === 'timestamp with time zone',
      )
      .map((column) => column.propertyName);
    this.claimColumns = columns
      .map(
        (column) =>
          `c.${column.databaseName}${column.type === 'numeric' ? '::text' : ''} AS "${column.propertyName}"`,
      )
      .join(', ');
  }

  async one(manager: EntityManager, actor: Actor, claim: Claim): Promise<ClaimResponseDto> {
    return toClaimResponse(actor, claim, await loadClaimFacts(manager, claim), new Date());
  }

  /**
   * Claims and their facts in one statement, the read path of claims being the service's
   * hottest: `where` holds conditions on the claim `c`, `tail` its ORDER BY and LIMIT, and
   * `prepared` asks for a prepared statement (for shapes whose plan never depends on the
   * values). Rows come back under the entity's property names, with no entity hydration.
   */
  async select(
    manager: EntityManager,
    where: readonly Sql[],
    options: { tail?: string; prepared?: boolean } = {},
  ): Promise<ClaimRow[]> {
    const inner = this.statement(where.map((w) => `(${w.sql})`).join(' AND '), options.tail);
    // One JSON column per row (see rowFromJson): the driver parses one field instead of forty,
    // which was most of a page's CPU in the process. A subquery with an ORDER BY is never
    // merged into the outer query, and the scan over it keeps its order.
    const text = `${options.prepared ? PREPARED : ''}SELECT to_json(x) AS row FROM (${inner}) x`;
    const params = Object.assign({}, ...where.map((w) => w.params)) as ObjectLiteral;
    const [query, values] = toNumbered(manager, { sql: text, params });
    // Outside a transaction (lists, reads), straight on the pool: no query runner per read.
    type Row = { row: Record<string, unknown> };
    const rows = manager.queryRunner
      ? ((await manager.query(query, values)) as Row[])
      : await poolQuery<Row>(manager.connection, query, values);
    return rows.map((r) => this.rowFromJson(r.row));
  }

  /** The statement of select(): claims `c` with their programme `p` and their facts. */
  statement(where: string, tail = ''): string {
    return `SELECT ${this.claimColumns}, ${CLAIM_FACT_COLUMNS}
      FROM claims c JOIN compensation_programmes p ON p.id = c.programme_id
      ${where ? `WHERE ${where}` : ''}
      ${tail}`;
  }

  view(actor: Actor, row: ClaimRow, now: Date): ClaimResponseDto {
    return toClaimResponse(actor, row, claimFacts(row.type, row), now);
  }

  /**
   * A row read as one JSON object (`to_json` of the statement's row, as select() and the read
   * that rides along with the access check read it): the timestamps arrive as ISO text and
   * become Dates, as the driver would have made them; every other column already has the
   * driver's type (numerics as text, see claimColumns).
   */
  rowFromJson(json: Record<string, unknown>): ClaimRow {
    for (const name of this.timestamps) {
      const value = json[name];
      if (typeof value === 'string') json[name] = new Date(value);
    }
    return json as unknown as ClaimRow;
  }
}

export function toClaimResponse(
  actor: Actor,
  c: Claim,
  facts: ClaimFacts,
  now: Date,
): ClaimResponseDto {
  const who = transitionActor(actor, facts);
  return {
    id: c.id,
    reference: c.reference,
    incidentId: c.incidentId,
    programmeId: c.programmeId,
    claimantId: c.claimantId,
    personId: c.personId,
    type: c.type,
    status: c.status,
    currency: c.currency,
    amountClaimed: money(c.amountClaimed, c.currency),
    amountAssessed: money(c.amountAssessed, c.currency),
    amountApproved: money(c.amountApproved, c.currency),
    description: redactForAuditor(actor, c.description),
    principalClaimId: c.principalClaimId,
    assignedCaseWorkerId: c.assignedCaseWorkerId,
    assessedBy: c.assessedBy,
    approvedBy: c.approvedBy,
    createdBy: c.createdBy,
    submittedAt: c.submittedAt ? c.submittedAt.toISOString() : null,
    decidedAt: c.decidedAt ? c.decidedAt.toISOString() : null,
    statusChangedAt: c.statusChangedAt.toISOString(),
    informationDueDate: dateOnly(c.informationDueDate),
    allowedTransitions: who
      ? allowedTransitions(claimSnapshot(c), who, transitionContext(facts, now))
      : [],
    missingDocuments: facts.missingDocuments,
    paid: facts.paid,
    advancesPaid: facts.advancesPaid,
    outstanding: outstandingAmount(c.amountApproved, facts.paid, facts.advancesPaid),
    approvedAboveAssessed:
      c.amountApproved !== null &&
      c.amountAssessed !== null &&
      compareAmounts(c.amountApproved, c.amountAssessed) > 0,
    exceedsLiabilityLimit: c.exceedsLiabilityLimit,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/**
 * The facts of claim `c` (joined to its programme as `p`) as columns of the claim's own row,
 * so a read costs one statement whatever the page size. Documents count when verified and
 * filed for the claim itself or for its claimant with no claim (a power of attorney or an
 * identity document serves every claim of the claimant); only their types are read. Paid totals use the ledger rule of payments/ledger-sql.ts
 * (a reversal subtracts; amounts in the claim's currency).
 */
export const CLAIM_FACT_COLUMNS = `
  p.liability_limit::text AS "factLiabilityLimit",
  p.status::text AS "factProgrammeStatus",
  ARRAY(SELECT r.lawyer_id::text FROM representations r
         WHERE r.claimant_id = c.claimant_id AND r.ended_at IS NULL) AS "factLawyerIds",
  ARRAY(SELECT d.type::text FROM documents d
         WHERE (d.claim_id = c.id OR (d.claim_id IS NULL AND d.claimant_id = c.claimant_id))
           AND d.status = 'verified') AS "factVerifiedDocuments",
  (SELECT ${sumMoney(SIGNED_PAYMENT('pm'))} FROM payments pm WHERE pm.claim_id = c.id) AS "factPaid",
  CASE WHEN c.type = 'advance' THEN '0.00' ELSE ${LINKED_ADVANCES_PAID('c')} END AS "factAdvancesPaid"`;

/** The columns CLAIM_FACT_COLUMNS adds to a row. */
export interface ClaimFactRow {
  factLiabilityLimit: string | null;
  factProgrammeStatus: ProgrammeStatus;
  factLawyerIds: string[];
  /** Types of the verified documents on file (only a verified document meets a requirement). */
  factVerifiedDocuments: DocumentType[];
  factPaid: string;
  factAdvancesPaid: string;
}

export function claimFacts(type: ClaimType, row: ClaimFactRow): ClaimFacts {
  const lawyerIds = row.factLawyerIds;
  return {
    liabilityLimit: row.factLiabilityLimit,
    programmeStatus: row.factProgrammeStatus,
    lawyerIds,
    missingDocuments: missingDocuments(
      requiredDocuments(type, lawyerIds.length > 0),
      row.factVerifiedDocuments.map((type) => ({ type, status: DocumentStatus.Verified })),
    ),
    paid: row.factPaid,
    advancesPaid: row.factAdvancesPaid,
  };
}

/** The facts of a claim already read (in the caller's transaction, after any row lock). */
export async function loadClaimFacts(manager: EntityManager, claim: Claim): Promise<ClaimFacts> {
  const row = await queryOne<ClaimFactRow>(
    manager,
    sql(
      `SELECT ${CLAIM_FACT_COLUMNS}
         FROM claims c JOIN compensation_programmes p ON p.id = c.programme_id
        WHERE c.id = :claimId`,
      { claimId: claim.id },
    ),
  );
  return claimFacts(claim.type, row!);
}

/** A date column as YYYY-MM-DD, whether the driver gave a string or a (local midnight) Date. */
function dateOnly(value: string | Date | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}
