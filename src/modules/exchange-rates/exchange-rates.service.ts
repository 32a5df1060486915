import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import type { Actor } from '../../common/auth/actor';
import { queryRows, sql } from '../../common/database/sql';
import { invalid } from '../../common/errors/errors';
import { mapPage, Page, paginate } from '../../common/pagination/pagination';
import { AuditService } from '../audit/audit.service';
import { diffChanges } from '../audit/domain/audit-chain';
import {
  AppliedRate,
  appliedRate,
  convertAmount,
  convertPayment,
  daysBefore,
  formatRate,
  missingRate,
  pickRate,
  RATE_LOOKBACK_DAYS,
  RecordedRate,
} from './domain/exchange-rate';
import {
  CreateExchangeRateDto,
  ExchangeRateResponseDto,
  ListExchangeRatesQueryDto,
} from './dto/exchange-rate.dto';
import { ExchangeRate } from './exchange-rate.entity';

export function toExchangeRateResponse(r: ExchangeRate): ExchangeRateResponseDto {
  return {
    id: r.id,
    base: r.base,
    quote: r.quote,
    rate: formatRate(r.rate),
    rateDate: r.rateDate,
    source: r.source,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
  };
}

/** An amount converted into another currency, with the rate that did it (null: no conversion). */
export interface Converted {
  amount: string;
  rate: AppliedRate | null;
}

@Injectable()
export class ExchangeRatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(query: ListExchangeRatesQueryDto): Promise<Page<ExchangeRateResponseDto>> {
    if (query.from && query.to && query.from > query.to) {
      throw invalid('from must not be after to', [{ field: 'from', message: 'after to' }]);
    }
    const qb = this.dataSource.manager.createQueryBuilder(ExchangeRate, 'rate');
    if (query.base) qb.andWhere('rate.base = :base', { base: query.base });
    if (query.quote) qb.andWhere('rate.quote = :quote', { quote: query.quote });
    if (query.from) qb.andWhere('rate.rateDate >= :from', { from: query.from });
    if (query.to) qb.andWhere('rate.rateDate <= :to', { to: query.to });
    return mapPage(await paginate(qb, query), toExchangeRateResponse);
  }

  async create(actor: Actor, dto: CreateExchangeRateDto): Promise<ExchangeRateResponseDto> {
    if (dto.base === dto.quote) {
      throw invalid('A rate converts between two different currencies', [
        { field: 'quote', message: 'must differ from base' },
      ]);
    }
    const today = new Date().toISOString().slice(0, 10);
    if (dto.rateDate > today) {
      throw invalid('A rate cannot be recorded for a future date', [
        { field: 'rateDate', message: 'must not be in the future' },
      ]);
    }
    return this.dataSource.transaction(async (manager) => {
      const row = manager.create(ExchangeRate, {
        base: dto.base,
        quote: dto.quote,
        rate: dto.rate,
        rateDate: dto.rateDate,
        source: dto.source.trim(),
        createdBy: actor.userId,
      });
      await manager.insert(ExchangeRate, row);
      const saved = await manager.findOneByOrFail(ExchangeRate, { id: row.id });
      const { id, createdAt: _c, ...fields } = toExchangeRateResponse(saved);
      await this.audit.record(manager, actor, {
        action: 'exchange_rate.create',
        entityType: 'exchange_rate',
        entityId: id,
        changes: diffChanges(null, fields),
      });
      return toExchangeRateResponse(saved);
    });
  }

  /** The rate converting `from` into `to` on `onDate` (section 9's rules), or 422. */
  async rateFor(
    manager: EntityManager,
    from: string,
    to: string,
    onDate: string,
  ): Promise<AppliedRate> {
    const rows = await queryRows<
      Omit<RecordedRate, 'base' | 'quote'> & { base: string; quote: string }
    >(
      manager,
      sql(
        `SELECT id, base, quote, rate::text AS rate, rate_date::text AS "rateDate", source,
              created_at AS "createdAt"
         FROM exchange_rates
        WHERE ((base = :from AND quote = :to) OR (base = :to AND quote = :from))
          AND rate_date BETWEEN :earliest::date AND :onDate::date`,
        { from, to, onDate, earliest: daysBefore(onDate, RATE_LOOKBACK_DAYS) },
      ),
    );
    const picked = pickRate(
      rows.map((r) => ({ ...r, base: r.base.trim(), quote: r.quote.trim() })),
      from,
      to,
      onDate,
    );
    if (!picked) throw missingRate(from, to, onDate);
    return appliedRate(picked);
  }

  /** `amount` from one currency into another at the rate of `onDate`; as is when they match. */
  async convert(
    manager: EntityManager,
    amount: string,
    from: string,
    to: string,
    onDate: string,
  ): Promise<Converted> {
    return this.convertWith(convertAmount, manager, amount, from, to, onDate);
  }

  /** A payment's value in its claim's currency (convert, refusing what is not payable). */
  async convertPayment(
    manager: EntityManager,
    amount: string,
    from: string,
    to: string,
    onDate: string,
  ): Promise<Converted> {
    return this.convertWith(convertPayment, manager, amount, from, to, onDate);
  }

  private async convertWith(
    convert: typeof convertAmount,
    manager: EntityManager,
    amount: string,
    from: string,
    to: string,
    onDate: string,
  ): Promise<Converted> {
    if (from === to) return { amount, rate: null };
    const rate = await this.rateFor(manager, from, to, onDate);
    return { amount: convert(amount, from, to, rate), rate };
  }

  /** The newest rate of the pair on any date (either direction), for indicative totals. */
  async latestRate(manager: EntityManager, from: string, to: string): Promise<AppliedRate | null> {
    const rows = await queryRows<RecordedRate>(
      manager,
      sql(
        `SELECT id, base, quote, rate::text AS rate, rate_date::text AS "rateDate", source,
              created_at AS "createdAt"
         FROM exchange_rates
        WHERE (base = :from AND quote = :to) OR (base = :to AND quote = :from)
        ORDER BY rate_date DESC, (base = :from) DESC, created_at DESC
        LIMIT 1`,
        { from, to },
      ),
    );
    const row = rows[0];
    return row ? appliedRate({ ...row, base: row.base.trim(), quote: row.quote.trim() }) : null;
  }
}
