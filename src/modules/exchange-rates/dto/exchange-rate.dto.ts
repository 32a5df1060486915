import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsDateString,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
} from 'class-validator';

import type { Currency } from '../../../common/money/money';
import { CURRENCIES } from '../../../common/money/money';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { isValidRate, RATE_PATTERN } from '../domain/exchange-rate';

const IsRate = () =>
  ValidateBy({
    name: 'isRate',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isValidRate(value),
      defaultMessage: () =>
        'rate must be a positive decimal string with at most 12 integer and 10 fraction digits, e.g. "121.4567"',
    },
  });

export class CreateExchangeRateDto {
  @ApiProperty({ description: 'Currency one unit of which the rate prices', enum: CURRENCIES })
  @IsIn(CURRENCIES)
  base: Currency;

  @ApiProperty({ description: 'Currency the rate is expressed in', enum: CURRENCIES })
  @IsIn(CURRENCIES)
  quote: Currency;

  @ApiProperty({
    description: '1 base = rate quote; decimal string, at most 10 fraction digits (never a float)',
    example: '121.4567',
    pattern: RATE_PATTERN.source,
  })
  @IsString()
  @MaxLength(23)
  @IsRate()
  rate: string;

  @ApiProperty({ description: 'Date the rate applies to (YYYY-MM-DD)', example: '2025-06-30' })
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'rateDate must be a date, YYYY-MM-DD' })
  rateDate: string;

  @ApiProperty({
    description: 'Where the rate comes from (e.g. IMF SDR valuation, Central Bank of Russia)',
    example: 'IMF SDR valuation, 30 June 2025',
    maxLength: 300,
  })
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  @Matches(/^[^\p{Cc}]*$/u, { message: 'source must not contain control characters' })
  source: string;
}

export class ListExchangeRatesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only rates with this base currency', enum: CURRENCIES })
  @IsOptional()
  @IsIn(CURRENCIES)
  base?: Currency;

  @ApiPropertyOptional({ description: 'Only rates with this quote currency', enum: CURRENCIES })
  @IsOptional()
  @IsIn(CURRENCIES)
  quote?: Currency;

  @ApiPropertyOptional({ description: 'Rates dated on or after (YYYY-MM-DD)' })
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date, YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: 'Rates dated on or before (YYYY-MM-DD)' })
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date, YYYY-MM-DD' })
  to?: string;
}

export class ExchangeRateResponseDto {
  @ApiProperty({ description: 'Identifier', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Base currency', enum: CURRENCIES })
  base: string;

  @ApiProperty({ description: 'Quote currency', enum: CURRENCIES })
  quote: string;

  @ApiProperty({ description: '1 base = rate quote, decimal string', example: '121.4567' })
  rate: string;

  @ApiProperty({ description: 'Date the rate applies to', example: '2025-06-30' })
  rateDate: string;

  @ApiProperty({ description: 'Where the rate comes from' })
  source: string;

  @ApiProperty({ description: 'Who recorded it', format: 'uuid', nullable: true, type: String })
  createdBy: string | null;

  @ApiProperty({
    description: 'When it was recorded; of two rates for one pair and date, the later one wins',
  })
  createdAt: string;
}

export class ExchangeRatePageDto {
  @ApiProperty({ description: 'Rates on this page', type: [ExchangeRateResponseDto] })
  items: ExchangeRateResponseDto[];

  @ApiProperty({
    description: 'Cursor of the next page, or null on the last',
    nullable: true,
    type: String,
  })
  nextCursor: string | null;
}

/** The rate a conversion used, copied onto the payment when it was recorded. */
export class AppliedRateDto {
  @ApiProperty({ description: 'The recorded exchange rate', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Base currency of the recorded rate', enum: CURRENCIES })
  base: string;

  @ApiProperty({ description: 'Quote currency of the recorded rate', enum: CURRENCIES })
  quote: string;

  @ApiProperty({
    description:
      '1 base = rate quote. When base is the claim currency the paid amount was divided by it (inverse pair)',
    example: '121.4567',
  })
  rate: string;

  @ApiProperty({ description: 'Date of the rate', example: '2025-06-30' })
  rateDate: string;

  @ApiProperty({ description: 'Where the rate comes from' })
  source: string;
}
