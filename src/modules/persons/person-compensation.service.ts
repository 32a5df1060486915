import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import type { Actor } from '../../common/auth/actor';
import { execute, queryRows, sql } from '../../common/database/sql';
import { dec } from '../../common/money/money';
import { claimantScope } from '../claimants/access-scope';
import { ClaimStatus } from '../claims/domain/claim-status';
import {
  AppliedRate,
  convertAmount,
  missingRate,
  utcDate,
} from '../exchange-rates/domain/exchange-rate';
import { ExchangeRatesService } from '../exchange-rates/exchange-rates.service';
import {
  ENDED_WITHOUT_AWARD,
  LINKED_ADVANCES_PAID,
  SIGNED_PAYMENT,
  sumMoney,
} from '../payments/ledger-sql';
import { Payer } from '../programmes/domain/payer';
import { Eligibility, eligibilityFailure } from '../programmes/domain/programme-rules';
import { addPositions, Position, position, PositionClaim } from './domain/compensation-position';
import {
  CompensationQueryDto,
  ConvertedFiguresDto,
  PersonCompensationDto,
  ProgrammePositionDto,
} from './dto/person-compensation.dto';
import { PersonsService } from './persons.service';

interface ProgrammeRow {
  id: string;
  name: string;
  payer: Payer;
  currency: string | null;
  eligibility: Eligibility | null;
}

interface ClaimRow extends PositionClaim {
  id: string;
  reference: string;
  claimantId: string;
  programmeId: string;
  currency: string;
}

/**
 * GET /persons/:id/compensation: what every payer owes one person, has paid and still owes,
 * each in its programme's currency, read from one snapshot. A lawyer sees the person only
 * through a client, and only their clients' claims count in the figures.
 */
@Injectable()
export class PersonCompensationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly persons: PersonsService,
    private readonly rates: ExchangeRatesService,
  ) {}

  async position(
    actor: Actor,
    personId: string,
    query: CompensationQueryDto,
  ): Promise<PersonCompensationDto> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await execute(manager, sql(`SET TRANSACTION READ ONLY`));
      const person = await this.persons.findVisible(actor, personId, manager);
      const programmes = await queryRows<ProgrammeRow>(
        manager,
        sql(
          `SELECT id, name, payer::text AS payer, trim(currency) AS currency, eligibility
           FROM compensation_programmes WHERE incident_id = :incidentId ORDER BY created_at, id`,
          { incidentId: person.incidentId },
        ),
      );
      const claims = await this.claims(manager, actor, personId);
      const rates = new LatestRates(manager, this.rates);
      const result: ProgrammePositionDto[] = [];
      for (const programme of programmes) {
        const own = claims.filter((c) => c.programmeId === programme.id);
        // A programme without a currency yet (a pledge) reports in its claims' currency.
        const currency = programme.currency ?? own[0]?.currency ?? null;
        const inProgrammeCurrency: PositionClaim[] = [];
        for (const c of own) inProgrammeCurrency.push(await rates.claimIn(c, currency!));
        const figures = position(inProgrammeCurrency);
        result.push({
          programmeId: programme.id,
          programmeName: programme.name,
          payer: programme.payer,
          currency,
          eligible: eligibilityFailure(programme.eligibility, person) === null,
          ...figures,
          claims: own.map((c) => ({
            id: c.id,
            reference: c.reference,
            claimantId: c.claimantId,
            status: c.status as ClaimStatus,
          })),
          ...(query.in && currency
            ? { inCurrency: await rates.figuresIn(figures, currency, query.in) }
            : {}),
        });
      }
      if (!query.in) return { personId, programmes: result };
      const converted = result.map((p) => p.inCurrency ?? { ...ZERO, currency: query.in! });
      return {
        personId,
        programmes: result,
        total: { currency: query.in, ...addPositions(converted) },
      };
    });
  }

  private async claims(
    manager: EntityManager,
    actor: Actor,
    personId: string,
  ): Promise<ClaimRow[]> {
    const scope = claimantScope(actor, 'c.claimant_id');
    return queryRows<ClaimRow>(
      manager,
      sql(
        `SELECT c.id, c.reference, c.claimant_id AS "claimantId", c.programme_id AS "programmeId",
              c.status::text AS status, trim(c.currency) AS currency,
              c.amount_claimed::text AS "amountClaimed", c.amount_approved::text AS "amountApproved",
              (pc.id IS NOT NULL AND pc.amount_approved IS NOT NULL
                 AND pc.status::text NOT IN ${ENDED_WITHOUT_AWARD}) AS "coveredByPrincipal",
              (SELECT ${sumMoney(SIGNED_PAYMENT('p'))} FROM payments p WHERE p.claim_id = c.id) AS paid,
              (SELECT ${sumMoney(SIGNED_PAYMENT('p'), "p.kind = 'advance'")}
                 FROM payments p WHERE p.claim_id = c.id) AS "advancePaid",
              CASE WHEN c.type = 'advance' THEN '0.00' ELSE ${LINKED_ADVANCES_PAID('c')} END
                AS "linkedAdvancesPaid"
         FROM claims c LEFT JOIN claims pc ON pc.id = c.principal_claim_id
        WHERE c.person_id = :personId ${scope ? `AND ${scope.sql}` : ''}
        ORDER BY c.created_at, c.id`,
        { personId, ...scope?.params },
      ),
    );
  }
}

const ZERO: Position = {
  claimed: '0.00',
  approved: '0.00',
  paid: '0.00',
  outstanding: '0.00',
  toRecover: '0.00',
};

/** The latest recorded rate per pair, read once per request. */
class LatestRates {
  private readonly cache = new Map<string, AppliedRate>();

  constructor(
    private readonly manager: EntityManager,
    private readonly rates: ExchangeRatesService,
  ) {}

  async rate(from: string, to: string): Promise<AppliedRate> {
    const key = `${from}/${to}`;
    let rate = this.cache.get(key);
    if (!rate) {
      const found = await this.rates.latestRate(this.manager, from, to);
      if (!found) throw missingRate(from, to, utcDate(new Date()));
      rate = found;
      this.cache.set(key, rate);
    }
    return rate;
  }

  /** `amount` in `to`; zero stays zero (a rate cannot make nothing into something). */
  private async convert(amount: string | null, from: string, to: string): Promise<string | null> {
    if (amount === null || from === to) return amount;
    if (dec(amount).isZero()) return '0.00';
    return convertAmount(amount, from, to, await this.rate(from, to));
  }

  async claimIn(claim: ClaimRow, currency: string): Promise<PositionClaim> {
    const c = (amount: string | null) => this.convert(amount, claim.currency, currency);
    return {
      status: claim.status,
      coveredByPrincipal: claim.coveredByPrincipal,
      amountClaimed: await c(claim.amountClaimed),
      amountApproved: await c(claim.amountApproved),
      paid: (await c(claim.paid))!,
      advancePaid: (await c(claim.advancePaid))!,
      linkedAdvancesPaid: (await c(claim.linkedAdvancesPaid))!,
    };
  }

  async figuresIn(figures: Position, from: string, to: string): Promise<ConvertedFiguresDto> {
    // Nothing to convert (a programme the person has no claim in) needs no rate.
    const keys = Object.keys(ZERO) as (keyof Position)[];
    const nothing = keys.every((key) => dec(figures[key]).isZero());
    const rate = from === to || nothing ? null : await this.rate(from, to);
    const out = { ...ZERO };
    for (const key of keys) {
      out[key] = (await this.convert(figures[key], from, to))!;
    }
    return { currency: to, rate, ...out };
  }
}
