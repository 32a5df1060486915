import {
  ApiProperty,
  ApiPropertyOptional,
  IntersectionType,
  OmitType,
  PartialType,
  PickType,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export class DeclaredCountsDto {
  @ApiProperty({ description: 'People on board as declared by the authorities', example: 67 })
  @IsInt()
  @Min(0)
  @Max(10000)
  onBoard: number;

  @ApiProperty({ description: 'Passengers on board', example: 62 })
  @IsInt()
  @Min(0)
  @Max(10000)
  passengers: number;

  @ApiProperty({ description: 'Crew on board', example: 5 })
  @IsInt()
  @Min(0)
  @Max(10000)
  crew: number;

  @ApiProperty({ description: 'People who died', example: 38 })
  @IsInt()
  @Min(0)
  @Max(10000)
  fatalities: number;

  @ApiProperty({ description: 'People who survived', example: 29 })
  @IsInt()
  @Min(0)
  @Max(10000)
  survivors: number;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class IncidentSourceDto {
  @ApiProperty({ description: 'Title of the report or document', maxLength: 300 })
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  title: string;

  @ApiProperty({ description: 'Who published it', example: 'Trend News Agency', maxLength: 200 })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  publisher: string;

  @ApiProperty({ description: 'When (YYYY-MM-DD)', example: '2024-12-26' })
  @IsDateString({ strict: true })
  @Matches(ISO_DATE, { message: 'publishedOn must be a date, YYYY-MM-DD' })
  publishedOn: string;

  @ApiPropertyOptional({ description: 'Where to read it (http or https)', maxLength: 500 })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: true })
  @MaxLength(500)
  url?: string;

  @ApiPropertyOptional({ description: 'Which facts it supports', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class AlternativeCountDto {
  @ApiPropertyOptional({ description: 'People on board as reported', example: 69 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  onBoard?: number;

  @ApiPropertyOptional({ description: 'Deaths as reported' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  fatalities?: number;

  @ApiPropertyOptional({ description: 'Survivors as reported' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  survivors?: number;

  @ApiProperty({
    description: 'Who reported it',
    example: 'Ministry of Emergency Situations of Kazakhstan',
    maxLength: 300,
  })
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  reportedBy: string;

  @ApiProperty({ description: 'When (YYYY-MM-DD)', example: '2024-12-25' })
  @IsDateString({ strict: true })
  @Matches(ISO_DATE, { message: 'reportedOn must be a date, YYYY-MM-DD' })
  reportedOn: string;

  @ApiProperty({ description: 'How it differs and why', maxLength: 1000 })
  @IsString()
  @MinLength(2)
  @MaxLength(1000)
  note: string;
}

export class CreateIncidentDto {
  @ApiProperty({
    description: 'Short code, unique, used in claim references (letters, digits, dashes)',
    example: 'J2-8243',
  })
  @IsString()
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,30}$/, {
    message: 'code must be 2 to 31 capitals, digits or dashes',
  })
  code: string;

  @ApiProperty({ description: 'Title of the incident', example: 'AZAL J2-8243 crash near Aktau' })
  @IsString()
  @MinLength(3)
  @MaxLength(300)
  title: string;

  @ApiProperty({ description: 'When it happened (ISO 8601, UTC)', example: '2024-12-25T06:28:00Z' })
  @IsISO8601({ strict: true })
  occurredAt: string;

  @ApiPropertyOptional({ description: 'Aircraft type', example: 'Embraer 190AR', maxLength: 120 })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  aircraft?: string;

  @ApiPropertyOptional({ description: 'Aircraft registration', example: '4K-AZ65', maxLength: 20 })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  registration?: string;

  @ApiPropertyOptional({ description: 'Operating carrier', example: 'Azerbaijan Airlines' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  operator?: string;

  @ApiPropertyOptional({ description: 'Place of departure', example: 'Baku (GYD)' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  origin?: string;

  @ApiPropertyOptional({ description: 'Intended destination', example: 'Grozny (GRV)' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  destination?: string;

  @ApiPropertyOptional({
    description: 'Where the aircraft came down',
    example: 'near Aktau, Kazakhstan',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  crashSite?: string;

  @ApiProperty({
    description: 'Manifest figures declared by the authorities',
    type: DeclaredCountsDto,
  })
  @IsObject()
  @ValidateNested()
  @Type(() => DeclaredCountsDto)
  declared: DeclaredCountsDto;

  @ApiPropertyOptional({
    description:
      'Last day to bring a claim (YYYY-MM-DD); defaults to the date of occurrence plus two years (MC99 Art. 35)',
    example: '2026-12-25',
  })
  // Absent means the default; null is not a deadline (400).
  @ValidateIf((_, value) => value !== undefined)
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'limitationDeadline must be a date YYYY-MM-DD' })
  limitationDeadline?: string;

  @ApiPropertyOptional({
    description: 'Published sources of the incident’s facts',
    type: [IncidentSourceDto],
  })
  @ValidateIf((_, value) => value !== undefined)
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => IncidentSourceDto)
  sources?: IncidentSourceDto[];

  @ApiPropertyOptional({
    description:
      'Published counts that differ from the declared ones (an early or disputed figure), shown as they are',
    type: [AlternativeCountDto],
  })
  @ValidateIf((_, value) => value !== undefined)
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AlternativeCountDto)
  alternativeCounts?: AlternativeCountDto[];
}

/** Fields an incident always has: null cannot clear them (400), unlike the descriptive ones. */
const REQUIRED_ON_UPDATE = [
  'code',
  'title',
  'occurredAt',
  'declared',
  'limitationDeadline',
  'sources',
  'alternativeCounts',
] as const;

export class UpdateIncidentDto extends IntersectionType(
  PartialType(PickType(CreateIncidentDto, REQUIRED_ON_UPDATE), { skipNullProperties: false }),
  PartialType(OmitType(CreateIncidentDto, REQUIRED_ON_UPDATE)),
) {}

export class IncidentResponseDto extends CreateIncidentDto {
  @ApiProperty({ description: 'Identifier', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Last day to bring a claim (YYYY-MM-DD)', example: '2026-12-25' })
  declare limitationDeadline: string;

  @ApiProperty({ description: 'Published sources of the facts', type: [IncidentSourceDto] })
  declare sources: IncidentSourceDto[];

  @ApiProperty({
    description: 'Published counts that differ from the declared ones',
    type: [AlternativeCountDto],
  })
  declare alternativeCounts: AlternativeCountDto[];

  @ApiProperty({
    description: 'Optimistic-concurrency version; send it back in If-Match',
    example: 1,
  })
  version: number;

  @ApiProperty({ description: 'When the record was created' })
  createdAt: string;

  @ApiProperty({ description: 'When the record last changed' })
  updatedAt: string;
}

export class IncidentPageDto {
  @ApiProperty({ description: 'Incidents on this page', type: [IncidentResponseDto] })
  items: IncidentResponseDto[];

  @ApiProperty({
    description: 'Cursor of the next page, or null on the last',
    nullable: true,
    type: String,
  })
  nextCursor: string | null;
}
