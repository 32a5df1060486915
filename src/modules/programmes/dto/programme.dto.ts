import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { CURRENCIES } from '../../../common/money/money';
import type { Currency } from '../../../common/money/money';
import { IsAmount } from '../../../common/money/money.dto';
import { Payer } from '../compensation-programme.entity';

const amountDoc = (description: string, example?: string) =>
  ApiPropertyOptional({
    description: `${description}; decimal string in the programme's currency`,
    example,
    nullable: true,
    type: String,
  });

export class CreateProgrammeDto {
  @ApiProperty({
    description: 'Name, unique within the incident',
    example: 'AZAL ex gratia payment',
  })
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  name: string;

  @ApiProperty({ description: 'Who pays', enum: Payer, enumName: 'Payer' })
  @IsEnum(Payer)
  payer: Payer;

  @ApiProperty({
    description: 'ISO 4217 currency of every amount in the programme',
    enum: CURRENCIES,
  })
  @IsIn(CURRENCIES)
  currency: Currency;

  @amountDoc('Amount per deceased person', '40000.00')
  @IsOptional()
  @IsAmount()
  amountPerDeceased?: string;

  @amountDoc('Amount per injured survivor', '20000.00')
  @IsOptional()
  @IsAmount()
  amountPerInjured?: string;

  @amountDoc('Liability limit per passenger (e.g. 128821.00 XDR under MC99)', '128821.00')
  @IsOptional()
  @IsAmount()
  liabilityLimit?: string;

  @amountDoc('Minimum advance payment')
  @IsOptional()
  @IsAmount()
  advanceMinimum?: string;

  @ApiPropertyOptional({ description: 'Notes on the programme', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;
}

export class ProgrammeResponseDto {
  @ApiProperty({ description: 'Identifier', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Incident the programme compensates', format: 'uuid' })
  incidentId: string;

  @ApiProperty({ description: 'Name', example: 'AZAL ex gratia payment' })
  name: string;

  @ApiProperty({ description: 'Who pays', enum: Payer, enumName: 'Payer' })
  payer: Payer;

  @ApiProperty({ description: 'ISO 4217 currency', enum: CURRENCIES })
  currency: string;

  @ApiProperty({
    description: 'Amount per deceased person',
    nullable: true,
    type: String,
    example: '40000.00',
  })
  amountPerDeceased: string | null;

  @ApiProperty({ description: 'Amount per injured survivor', nullable: true, type: String })
  amountPerInjured: string | null;

  @ApiProperty({ description: 'Liability limit per passenger', nullable: true, type: String })
  liabilityLimit: string | null;

  @ApiProperty({ description: 'Minimum advance payment', nullable: true, type: String })
  advanceMinimum: string | null;

  @ApiProperty({ description: 'Notes on the programme', nullable: true, type: String })
  description: string | null;

  @ApiProperty({ description: 'Optimistic-concurrency version', example: 1 })
  version: number;

  @ApiProperty({ description: 'When the record was created' })
  createdAt: string;

  @ApiProperty({ description: 'When the record last changed' })
  updatedAt: string;
}

export class ProgrammePageDto {
  @ApiProperty({ description: 'Programmes on this page', type: [ProgrammeResponseDto] })
  items: ProgrammeResponseDto[];

  @ApiProperty({
    description: 'Cursor of the next page, or null on the last',
    nullable: true,
    type: String,
  })
  nextCursor: string | null;
}
