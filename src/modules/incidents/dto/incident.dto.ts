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
  IsDateString,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
  ValidateIf,
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
}

/** Fields an incident always has: null cannot clear them (400), unlike the descriptive ones. */
const REQUIRED_ON_UPDATE = [
  'code',
  'title',
  'occurredAt',
  'declared',
  'limitationDeadline',
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
