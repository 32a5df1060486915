import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One recorded rate: 1 `base` = `rate` `quote` on `rateDate`, from `source`. Never edited
 * (a trigger refuses UPDATE and DELETE): a correction is a new row for the same date, and the
 * newest row of a date wins. Payments keep a copy of the rate they were converted at.
 */
@Entity('exchange_rates')
@Index('ix_exchange_rates_pair_date', ['base', 'quote', 'rateDate', 'createdAt'])
@Index('ix_exchange_rates_created_id', ['createdAt', 'id'])
@Check('ck_exchange_rates_rate_positive', '"rate" > 0')
@Check('ck_exchange_rates_pair', '"base" <> "quote"')
export class ExchangeRate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'char', length: 3 })
  base: string;

  @Column({ type: 'char', length: 3 })
  quote: string;

  /** Up to 12 integer and 10 fraction digits; NUMERIC comes back as a string, never a float. */
  @Column({ type: 'numeric', precision: 22, scale: 10 })
  rate: string;

  @Column({ type: 'date' })
  rateDate: string;

  @Column({ type: 'varchar', length: 300 })
  source: string;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
