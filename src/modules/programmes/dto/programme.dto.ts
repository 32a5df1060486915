import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
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
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

import type { Currency } from '../../../common/money/money';
import { CURRENCIES } from '../../../common/money/money';
import { IsAmount } from '../../../common/money/money.dto';
import { PersonCategory, PersonOutcome } from '../../persons/domain/person-kinds';
import { Payer } from '../domain/payer';
import { LiabilityBasis } from '../domain/programme-rules';
import { ProgrammeEventKind, ProgrammeStatus } from '../domain/programme-status';

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

const dateDoc = (description: string, example?: string) =>
  ApiPropertyOptional({
    description: `${description} (YYYY-MM-DD); set from the event's date when the status changes`,
    example,
    nullable: true,
    type: String,
  });

/** An ISO date; null allowed (it clears the date). */
const IsIsoDate = (field: string) =>
  applyDecorators(
    ValidateIf((_, value) => value !== null),
    IsDateString({ strict: true }),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: `${field} must be a date, YYYY-MM-DD` }),
  );

export class EventSourceDto {
  @ApiProperty({
    description: 'Title of the report or document',
    example: 'Putin vows full compensation for AZAL plane crash victims',
    maxLength: 300,
  })
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  title: string;

  @ApiProperty({ description: 'Who published it', example: 'A News', maxLength: 200 })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  publisher: string;

  @ApiProperty({ description: 'When it was published (YYYY-MM-DD)', example: '2025-10-09' })
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'publishedOn must be a date, YYYY-MM-DD' })
  publishedOn: string;

  @ApiPropertyOptional({
    description: 'Where to read it (http or https)',
    example: 'https://www.example.org/news/2025/10/09/pledge',
    maxLength: 500,
  })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: true })
  @MaxLength(500)
  url?: string;
}

export class CreateProgrammeEventDto {
  @ApiProperty({ description: 'When it happened (YYYY-MM-DD)', example: '2025-10-09' })
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'occurredOn must be a date, YYYY-MM-DD' })
  occurredOn: string;

  @ApiProperty({
    description: 'What happened',
    enum: ProgrammeEventKind,
    enumName: 'ProgrammeEventKind',
  })
  @IsEnum(ProgrammeEventKind)
  kind: ProgrammeEventKind;

  @ApiProperty({
    description: 'What happened, in a sentence or two',
    example: 'At a meeting in Dushanbe, the Russian president pledged compensation.',
    maxLength: 2000,
  })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  summary: string;

  @ApiProperty({ description: 'The public source it comes from', type: EventSourceDto })
  @IsObject()
  @ValidateNested()
  @Type(() => EventSourceDto)
  source: EventSourceDto;
}

export class ProgrammeEventResponseDto extends CreateProgrammeEventDto {
  @ApiProperty({ description: 'Identifier', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Programme', format: 'uuid' })
  programmeId: string;

  @ApiProperty({ description: 'Who recorded it', format: 'uuid', nullable: true, type: String })
  createdBy: string | null;

  @ApiProperty({ description: 'When it was recorded' })
  createdAt: string;
}

export class ProgrammeEventPageDto {
  @ApiProperty({
    description: 'Events on this page, oldest recorded first',
    type: [ProgrammeEventResponseDto],
  })
  items: ProgrammeEventResponseDto[];

  @ApiProperty({
    description: 'Cursor of the next page, or null on the last',
    nullable: true,
    type: String,
  })
  nextCursor: string | null;
}

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

  @ApiPropertyOptional({
    description:
      'ISO 4217 currency of every amount in the programme; may be null while the programme is not open (a pledge without a mechanism), required to open it',
    enum: CURRENCIES,
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsIn(CURRENCIES)
  currency?: Currency | null;

  @ApiPropertyOptional({
    description: 'Where the programme stands (docs/api.md#programme-status); default open',
    enum: ProgrammeStatus,
    enumName: 'ProgrammeStatus',
  })
  @IsOptional()
  @IsEnum(ProgrammeStatus)
  status?: ProgrammeStatus;

  @dateDoc('When the programme was announced')
  @IsOptional()
  @IsIsoDate('announcedAt')
  announcedAt?: string | null;

  @dateDoc('When it was pledged', '2025-10-09')
  @IsOptional()
  @IsIsoDate('pledgedAt')
  pledgedAt?: string | null;

  @dateDoc('When it opened: it pays from then on')
  @IsOptional()
  @IsIsoDate('openedAt')
  openedAt?: string | null;

  @dateDoc('When it closed')
  @IsOptional()
  @IsIsoDate('closedAt')
  closedAt?: string | null;

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

/**
 * PATCH /programmes/:id: any field of a programme, and with a status change its event. Null
 * clears an optional field; name and payer cannot be cleared.
 */
export class UpdateProgrammeDto extends PartialType(CreateProgrammeDto) {
  @ApiPropertyOptional({
    description: 'Name, unique within the incident',
    example: 'Russian Federation compensation',
  })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  declare name?: string;

  @ApiPropertyOptional({ description: 'Who pays', enum: Payer, enumName: 'Payer' })
  @ValidateIf((_, value) => value !== undefined)
  @IsEnum(Payer)
  declare payer?: Payer;

  @ApiPropertyOptional({
    description:
      'The public record of this change: required when status changes (400 PROGRAMME_EVENT_REQUIRED without), optional otherwise',
    type: CreateProgrammeEventDto,
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CreateProgrammeEventDto)
  event?: CreateProgrammeEventDto;
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

  @ApiProperty({
    description: 'ISO 4217 currency; null while a pledge has none yet',
    enum: CURRENCIES,
    nullable: true,
    type: String,
  })
  currency: string | null;

  @ApiProperty({
    description: 'Where the programme stands',
    enum: ProgrammeStatus,
    enumName: 'ProgrammeStatus',
  })
  status: ProgrammeStatus;

  @ApiProperty({ description: 'When it was announced', nullable: true, type: String })
  announcedAt: string | null;

  @ApiProperty({
    description: 'When it was pledged',
    nullable: true,
    type: String,
    example: '2025-10-09',
  })
  pledgedAt: string | null;

  @ApiProperty({ description: 'When it opened', nullable: true, type: String })
  openedAt: string | null;

  @ApiProperty({ description: 'When it closed', nullable: true, type: String })
  closedAt: string | null;

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
