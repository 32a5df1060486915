import {
  ApiProperty,
  ApiPropertyOptional,
  IntersectionType,
  OmitType,
  PartialType,
  PickType,
} from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDateString,
  IsEnum,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';

import { PageQueryDto } from '../../../common/pagination/pagination';
import { InjurySeverity, PersonCategory, PersonOutcome } from '../domain/person-kinds';

const upper = ({ value }: { value: unknown }) =>
  Array.isArray(value)
    ? value.map((v) => (typeof v === 'string' ? v.toUpperCase() : v))
    : typeof value === 'string'
      ? value.toUpperCase()
      : value;

export class CreatePersonDto {
  @ApiProperty({
    description: 'Full name as on the manifest',
    example: 'Tural Nəsirov',
    maxLength: 200,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName: string;

  @ApiProperty({
    description: 'Passenger or crew',
    enum: PersonCategory,
    enumName: 'PersonCategory',
  })
  @IsEnum(PersonCategory)
  category: PersonCategory;

  @ApiPropertyOptional({
    description: 'Crew role (crew only)',
    example: 'cabin_crew',
    maxLength: 40,
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  crewRole?: string;

  @ApiPropertyOptional({ description: 'Seat', example: '12A', maxLength: 8 })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9]{1,3}[A-Z]$/, { message: 'seat must look like 12A' })
  seat?: string;

  @ApiProperty({
    description: 'Nationalities, ISO 3166-1 alpha-2, one or more',
    example: ['AZ'],
    type: [String],
  })
  @Transform(upper)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsISO31661Alpha2({ each: true })
  nationalities: string[];

  @ApiPropertyOptional({ description: 'Date of birth (YYYY-MM-DD)', example: '1980-04-17' })
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date YYYY-MM-DD' })
  dateOfBirth?: string;

  @ApiProperty({
    description: 'Deceased or survived',
    enum: PersonOutcome,
    enumName: 'PersonOutcome',
  })
  @IsEnum(PersonOutcome)
  outcome: PersonOutcome;

  @ApiPropertyOptional({
    description: 'Injury severity (survivors only)',
    enum: InjurySeverity,
    enumName: 'InjurySeverity',
  })
  @IsOptional()
  @IsEnum(InjurySeverity)
  injurySeverity?: InjurySeverity;

  @ApiPropertyOptional({
    description: 'Identity document (type and number); encrypted at rest, reading it is audited',
    example: 'passport C01234567',
    maxLength: 100,
  })
  // Absent means none; null is refused (400): an update cannot clear it.
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @MaxLength(100)
  identityDocument?: string;
}

/**
 * Fields a person always has, and the identity document (which an update replaces but cannot
 * clear): null is refused (400). Null clears the other optional fields.
 */
const NOT_NULL_ON_UPDATE = [
  'fullName',
  'category',
  'nationalities',
  'outcome',
  'identityDocument',
] as const;

export class UpdatePersonDto extends IntersectionType(
  PartialType(PickType(CreatePersonDto, NOT_NULL_ON_UPDATE), { skipNullProperties: false }),
  PartialType(OmitType(CreatePersonDto, NOT_NULL_ON_UPDATE)),
) {}

export class ListPersonsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Only this outcome',
    enum: PersonOutcome,
    enumName: 'PersonOutcome',
  })
  @IsOptional()
  @IsEnum(PersonOutcome)
  outcome?: PersonOutcome;

  @ApiPropertyOptional({
    description: 'Only this category',
    enum: PersonCategory,
    enumName: 'PersonCategory',
  })
  @IsOptional()
  @IsEnum(PersonCategory)
  category?: PersonCategory;

  @ApiPropertyOptional({
    description: 'Only persons holding this nationality (ISO alpha-2)',
    example: 'KZ',
  })
  @IsOptional()
  @Transform(upper)
  @IsISO31661Alpha2()
  nationality?: string;

  @ApiPropertyOptional({
    description:
      'Name contains this text (case-insensitive); refused (400) to auditors, who see names masked',
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  q?: string;
}

export class PersonResponseDto extends OmitType(CreatePersonDto, ['identityDocument']) {
  @ApiProperty({ description: 'Identifier', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Incident the person was on board', format: 'uuid' })
  incidentId: string;

  @ApiProperty({
    description:
      'Identity document: in full on a single read by a permitted role (an audited read); masked in lists and for auditors; null when none is recorded',
    nullable: true,
    type: String,
  })
  identityDocument: string | null;

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

export class PersonPageDto {
  @ApiProperty({ description: 'Persons on this page', type: [PersonResponseDto] })
  items: PersonResponseDto[];

  @ApiProperty({
    description: 'Cursor of the next page, or null on the last',
    nullable: true,
    type: String,
  })
  nextCursor: string | null;
}
