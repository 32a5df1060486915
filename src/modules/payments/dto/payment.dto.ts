import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsEnum,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';

import { MoneyDto } from '../../../common/money/money.dto';
import { AppliedRateDto } from '../../exchange-rates/dto/exchange-rate.dto';
import { PaymentKind, PaymentMethod } from '../domain/payment-kind';

export class CreatePaymentDto {
  @ApiProperty({
    description:
      'advance (from submission until the offer is accepted) or award (once the offer is accepted); both count against the same cap',
    enum: PaymentKind,
    enumName: 'PaymentKind',
  })
  @IsEnum(PaymentKind)
  kind: PaymentKind;

  @ApiProperty({
    description:
      'Amount paid, in the currency actually paid. In another currency than the claim’s it is converted at the exchange rate recorded for the payment date (or the latest within the 7 days before); with none, 422 EXCHANGE_RATE_MISSING',
    type: MoneyDto,
  })
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount: MoneyDto;

  @ApiProperty({
    description: 'How the money was paid',
    enum: PaymentMethod,
    enumName: 'PaymentMethod',
  })
  @IsEnum(PaymentMethod)
  method: PaymentMethod;

  @ApiPropertyOptional({
    description: 'The payer’s own reference: transfer id, cheque number',
    example: 'AZAL-TRF-2025-000123',
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/^[^\p{Cc}]*$/u, { message: 'reference must not contain control characters' })
  reference?: string;

  @ApiPropertyOptional({
    description:
      'When the money was paid (ISO 8601); defaults to now; never in the future, nor before the day of the incident',
    example: '2025-03-01T10:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  paidAt?: string;
}

export class ReversePaymentDto {
  @ApiProperty({
    description: 'Why the payment is reversed (returned transfer, entered in error...)',
    example: 'Transfer returned by the beneficiary bank',
    maxLength: 2000,
  })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason: string;
}

export class PaymentResponseDto {
  @ApiProperty({ description: 'Identifier', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Claim paid', format: 'uuid' })
  claimId: string;

  @ApiProperty({ description: 'advance or award', enum: PaymentKind, enumName: 'PaymentKind' })
  kind: PaymentKind;

  @ApiProperty({
    description:
      'Amount paid, in the currency paid; always positive, a reversal entry subtracts it from the total',
    type: MoneyDto,
  })
  amount: MoneyDto;

  @ApiProperty({
    description:
      'The amount’s value in the claim’s currency, fixed when recorded; every cap and total uses it',
    type: MoneyDto,
  })
  claimAmount: MoneyDto;

  @ApiProperty({
    description:
      'The recorded rate the amount was converted at; null when paid in the claim’s currency',
    type: AppliedRateDto,
    nullable: true,
  })
  exchangeRate: AppliedRateDto | null;

  @ApiProperty({ description: 'When the money was paid (or, for a reversal, reversed)' })
  paidAt: string;

  @ApiProperty({ description: 'How it was paid', enum: PaymentMethod, enumName: 'PaymentMethod' })
  method: PaymentMethod;

  @ApiProperty({
    description: 'The payer’s own reference',
    nullable: true,
    type: String,
  })
  reference: string | null;

  @ApiProperty({
    description: 'For a reversal entry: the payment it reverses',
    format: 'uuid',
    nullable: true,
    type: String,
  })
  reversalOf: string | null;

  @ApiProperty({ description: 'For a reversal entry: why', nullable: true, type: String })
  reason: string | null;

  @ApiProperty({ description: 'Who recorded it', format: 'uuid', nullable: true, type: String })
  recordedBy: string | null;

  @ApiProperty({ description: 'When it was recorded' })
  createdAt: string;
}

export class PaymentPageDto {
  @ApiProperty({
    description: 'Ledger entries on this page, oldest first',
    type: [PaymentResponseDto],
  })
  items: PaymentResponseDto[];

  @ApiProperty({
    description: 'Cursor of the next page, or null on the last',
    nullable: true,
    type: String,
  })
  nextCursor: string | null;
}
