import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDateString,
  IsEnum,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CURRENCIES } from '../../../common/money/money';
import type { Currency } from '../../../common/money/money';
import { IsAmount } from '../../../common/money/money.dto';
import { PersonCategory, PersonOutcome } from '../../persons/person-on-board.entity';
import { Payer } from '../compensation-programme.entity';
import { LiabilityBasis } from '../domain/programme-rules';

export class EligibilityDto {
  @ApiPropertyOptional({
    description: 'Categories covered; absent covers both',
    enum: PersonCategory,
    enumName: 'PersonCategory',
    isArray: true,
    example: ['passenger'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @ArrayUnique()
  @IsEnum(PersonCategory, { each: true })
  categories?: PersonCategory[];

  @ApiPropertyOptional({
    description: 'Outcomes covered; absent covers both',
    enum: PersonOutcome,
    enumName: 'PersonOutcome',
    isArray: true,
    example: ['deceased'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @ArrayUnique()
  @IsEnum(PersonOutcome, { each: true })
  outcomes?: PersonOutcome[];

  @ApiPropertyOptional({
    description:
      'Nationalities covered (ISO 3166 alpha-2; a person holding any of them is covered)',
    type: [String],
    example: ['KZ'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(250)
  @ArrayUnique()
  @Matches(/^[A-Z]{2}$/, { each: true, message: 'each nationality must be an ISO alpha-2 code' })
  nationalities?: string[];

  @ApiPropertyOptional({
    description: 'Where the rule comes from',
    maxLength: 1000,
    example: 'MC99 Art. 17 covers passengers; crew are covered by their employer',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

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

  @ApiPropertyOptional({
    description:
      'What liabilityLimit applies to: per_person sums the approvals of all of one person’s claims in the programme, per_claim each claim alone. Default per_person for carrier_insurer, per_claim otherwise',
    enum: LiabilityBasis,
    enumName: 'LiabilityBasis',
  })
  @IsOptional()
  @IsEnum(LiabilityBasis)
  liabilityBasis?: LiabilityBasis;

  @ApiPropertyOptional({
    description: 'Who the programme covers; a claim for anyone else answers 422 NOT_ELIGIBLE',
    type: EligibilityDto,
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => EligibilityDto)
  eligibility?: EligibilityDto;

  @ApiPropertyOptional({
    description: 'Date after which claims in the programme are time-barred (YYYY-MM-DD)',
    example: '2026-12-25',
  })
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'limitationDeadline must be a date, YYYY-MM-DD' })
  limitationDeadline?: string;
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

  @ApiProperty({
    description: 'What liabilityLimit applies to: one person’s claims together, or each claim',
    enum: LiabilityBasis,
    enumName: 'LiabilityBasis',
  })
  liabilityBasis: LiabilityBasis;

  @ApiProperty({
    description: 'Who the programme covers; null covers everyone on board',
    type: EligibilityDto,
    nullable: true,
  })
  eligibility: EligibilityDto | null;

  @ApiProperty({
    description: 'Date after which claims are time-barred; null when the programme has none',
    nullable: true,
    type: String,
    example: '2026-12-25',
  })
  limitationDeadline: string | null;

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
