import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDateString,
  IsEmail,
  IsEnum,
  IsISO31661Alpha2,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

import { PageQueryDto } from '../../../common/pagination/pagination';
import { Language } from '../../notifications/domain/notification-types';
import { isValidPercent } from '../domain/claimant-rules';
import { isValidPhone } from '../domain/contact';
import { isValidIban, normaliseIban } from '../domain/iban';
import { Relationship } from '../domain/relationship';

const upper = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.toUpperCase() : value;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Shares arrive as a JSON number or a decimal string; both become the string that is stored. */
const percentText = ({ value }: { value: unknown }) =>
  typeof value === 'number' && Number.isFinite(value) ? String(value) : value;

/** Present in the body (null included): for PATCH fields that may not be cleared. */
const IsPresent = () => ValidateIf((_, value) => value !== undefined);

const IsPhone = () =>
  ValidateBy({
    name: 'isPhone',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isValidPhone(value),
      defaultMessage: () => 'phone must be in international form, e.g. "+994 50 123 45 67"',
    },
  });

const IsIban = () =>
  ValidateBy({
    name: 'isIban',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isValidIban(value),
      defaultMessage: () => 'iban must be a valid IBAN (country, check digits, account)',
    },
  });

const IsPercent = () =>
  ValidateBy({
    name: 'isPercent',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isValidPercent(value),
      defaultMessage: () =>
        'heirSharePercent must be above 0 and at most 100, with at most two fraction digits',
    },
  });

export class ContactDto {
  @ApiPropertyOptional({
    description: 'E-mail address',
    example: 'l.aliyeva@example.org',
    maxLength: 254,
  })
  @IsOptional()
  @Transform(trim)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({
    description: 'Phone number in international form (E.164, spaces allowed)',
    example: '+994 50 123 45 67',
    maxLength: 30,
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsPhone()
  phone?: string;

  @ApiPropertyOptional({
    description: 'Postal address',
    example: 'Nizami küç. 10, Bakı AZ1000',
    maxLength: 500,
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  address?: string;
}

export class BankAccountDto {
  @ApiProperty({
    description: 'IBAN; spaces are removed and letters upper-cased before it is checked',
    example: 'AZ21NABZ00000000137010001944',
  })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? normaliseIban(value) : value,
  )
  @IsString()
  @MaxLength(34)
  @IsIban()
  iban: string;

  @ApiProperty({
    description: 'Account holder as the bank knows them',
    example: 'Leyla Aliyeva',
    maxLength: 200,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  holder: string;
}

export class CreateClaimantDto {
  @ApiProperty({ description: 'The person on board the claim derives from', format: 'uuid' })
  @IsUUID()
  personId: string;

  @ApiProperty({
    description: 'Full name of the claimant',
    example: 'Leyla Aliyeva',
    maxLength: 200,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName: string;

  @ApiProperty({
    description: 'Relationship to the person on board; `self` only for a survivor',
    enum: Relationship,
    enumName: 'Relationship',
  })
  @IsEnum(Relationship)
  relationship: Relationship;

  @ApiPropertyOptional({ description: 'Date of birth (YYYY-MM-DD)', example: '2012-06-30' })
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date YYYY-MM-DD' })
  dateOfBirth?: string;

  @ApiPropertyOptional({ description: 'Nationality, ISO 3166-1 alpha-2', example: 'AZ' })
  @IsOptional()
  @Transform(upper)
  @IsISO31661Alpha2()
  nationality?: string;

  @ApiPropertyOptional({
    description: 'Contact details; encrypted at rest, reading them in full is audited',
    type: ContactDto,
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ContactDto)
  contact?: ContactDto;

  @ApiPropertyOptional({
    description: 'Bank account for payments; encrypted at rest, reading it in full is audited',
    type: BankAccountDto,
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => BankAccountDto)
  bankAccount?: BankAccountDto;

  @ApiPropertyOptional({
    description: 'Guardian (for a minor): another claimant of the same person on board',
    format: 'uuid',
  })
  @IsOptional()
  @IsUUID()
  guardianClaimantId?: string;

  @ApiPropertyOptional({
    description:
      'Share of the deceased person’s estate in percent (decimal string or number, at most two fraction digits); the shares of one person never total more than 100',
    example: '50.00',
    type: String,
  })
  @IsOptional()
  @Transform(percentText)
  @IsString()
  @IsPercent()
  heirSharePercent?: string;

  @ApiPropertyOptional({
    description:
      'Language of the messages about the claimant’s claims, their lawyers’ included (az and kk read English until translated)',
    enum: Language,
    enumName: 'Language',
  })
  @IsOptional()
  @IsEnum(Language)
  preferredLanguage?: Language;

  @ApiPropertyOptional({
    description: 'Whether the claimant agrees to receive e-mail about their claims',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  notificationsConsent?: boolean;
}

/**
 * Every field optional; `null` clears the optional ones. The person is fixed once recorded:
 * a claimant filed under the wrong person is a new claimant.
 */
export class UpdateClaimantDto {
  @ApiPropertyOptional({ description: 'Full name of the claimant', maxLength: 200 })
  @IsPresent()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName?: string;

  @ApiPropertyOptional({
    description: 'Relationship to the person on board; `self` only for a survivor',
    enum: Relationship,
    enumName: 'Relationship',
  })
  @IsPresent()
  @IsEnum(Relationship)
  relationship?: Relationship;

  @ApiPropertyOptional({
    description: 'Date of birth (YYYY-MM-DD); null clears it',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date YYYY-MM-DD' })
  dateOfBirth?: string | null;

  @ApiPropertyOptional({
    description: 'Nationality, ISO 3166-1 alpha-2; null clears it',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @Transform(upper)
  @IsISO31661Alpha2()
  nationality?: string | null;

  @ApiPropertyOptional({
    description:
      'Contact details: fields sent replace the stored ones, fields left out are kept; null clears all',
    type: ContactDto,
    nullable: true,
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ContactDto)
  contact?: ContactDto | null;

  @ApiPropertyOptional({
    description: 'Bank account, replaced as a whole; null clears it',
    type: BankAccountDto,
    nullable: true,
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => BankAccountDto)
  bankAccount?: BankAccountDto | null;

  @ApiPropertyOptional({
    description: 'Guardian: another claimant of the same person; null clears it',
    format: 'uuid',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsUUID()
  guardianClaimantId?: string | null;

  @ApiPropertyOptional({
    description: 'Heir share in percent; null clears it',
    nullable: true,
    type: String,
    example: '25.00',
  })
  @IsOptional()
  @Transform(percentText)
  @IsString()
  @IsPercent()
  heirSharePercent?: string | null;

  @ApiPropertyOptional({
    description: 'Language of the messages about the claimant’s claims; null clears it (English)',
    enum: Language,
    enumName: 'Language',
    nullable: true,
  })
  @IsOptional()
  @IsEnum(Language)
  preferredLanguage?: Language | null;

  @ApiPropertyOptional({ description: 'Whether the claimant agrees to receive e-mail' })
  @IsPresent()
  @IsBoolean()
  notificationsConsent?: boolean;
}

export class ListClaimantsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only claimants of this person on board', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  personId?: string;
}

export class ContactResponseDto {
  @ApiPropertyOptional({ description: 'E-mail address (masked unless read in full)' })
  email?: string;

  @ApiPropertyOptional({ description: 'Phone number (masked unless read in full)' })
  phone?: string;

  @ApiPropertyOptional({ description: 'Postal address (masked unless read in full)' })
  address?: string;
}

export class BankAccountResponseDto {
  @ApiProperty({ description: 'IBAN (masked unless read in full)', example: '••••1944' })
  iban: string;

  @ApiProperty({ description: 'Account holder (initials unless read in full)' })
  holder: string;
}

export class ActiveRepresentationDto {
  @ApiProperty({ description: 'The lawyer acting for the claimant', format: 'uuid' })
  lawyerId: string;

  @ApiProperty({ description: 'When the representation started' })
  startedAt: string;
}

export class ClaimantResponseDto {
  @ApiProperty({ description: 'Identifier', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'The person on board', format: 'uuid' })
  personId: string;

  @ApiProperty({ description: 'Full name (initials for auditors)' })
  fullName: string;

  @ApiProperty({
    description: 'Relationship to the person',
    enum: Relationship,
    enumName: 'Relationship',
  })
  relationship: Relationship;

  @ApiProperty({
    description: 'Date of birth (year only for auditors)',
    nullable: true,
    type: String,
  })
  dateOfBirth: string | null;

  @ApiProperty({ description: 'Nationality, ISO alpha-2', nullable: true, type: String })
  nationality: string | null;

  @ApiProperty({
    description:
      'Contact details: in full on a single read by a permitted role (an audited read); masked in lists, in write responses and for auditors',
    nullable: true,
    type: ContactResponseDto,
  })
  contact: ContactResponseDto | null;

  @ApiProperty({
    description: 'Bank account: in full only on an audited single read, masked otherwise',
    nullable: true,
    type: BankAccountResponseDto,
  })
  bankAccount: BankAccountResponseDto | null;

  @ApiProperty({ description: 'Guardian claimant', nullable: true, type: String, format: 'uuid' })
  guardianClaimantId: string | null;

  @ApiProperty({
    description: 'Heir share in percent, decimal string',
    nullable: true,
    type: String,
    example: '50.00',
  })
  heirSharePercent: string | null;

  @ApiProperty({
    description: 'Language of the messages about the claimant’s claims',
    enum: Language,
    enumName: 'Language',
    nullable: true,
  })
  preferredLanguage: Language | null;

  @ApiProperty({ description: 'Whether the claimant agrees to receive e-mail about their claims' })
  notificationsConsent: boolean;

  @ApiProperty({
    description: 'Lawyers acting for the claimant now',
    type: [ActiveRepresentationDto],
  })
  representations: ActiveRepresentationDto[];

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

export class ClaimantPageDto {
  @ApiProperty({ description: 'Claimants on this page', type: [ClaimantResponseDto] })
  items: ClaimantResponseDto[];

  @ApiProperty({
    description: 'Cursor of the next page, or null on the last',
    nullable: true,
    type: String,
  })
  nextCursor: string | null;
}
