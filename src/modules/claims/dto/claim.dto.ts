import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsEnum,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

import { CURRENCIES } from '../../../common/money/money';
import { MoneyDto } from '../../../common/money/money.dto';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { DocumentType } from '../../documents/domain/document-type';
import { ClaimStatus } from '../domain/claim-status';
import { ClaimType } from '../domain/claim-type';

/** Present in the body (null included): for PATCH fields that may not be cleared. */
const IsPresent = () => ValidateIf((_, value) => value !== undefined);

export class CreateClaimDto {
  @ApiProperty({
    description: 'The claimant; the person on board follows from it',
    format: 'uuid',
  })
  @IsUUID()
  claimantId: string;

  @ApiProperty({
    description: 'Compensation programme of the person’s incident; fixes the claim’s currency',
    format: 'uuid',
  })
  @IsUUID()
  programmeId: string;

  @ApiProperty({ description: 'What is claimed for', enum: ClaimType, enumName: 'ClaimType' })
  @IsEnum(ClaimType)
  type: ClaimType;

  @ApiProperty({
    description: 'Amount claimed, in the programme’s currency',
    type: MoneyDto,
  })
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  amountClaimed: MoneyDto;

  @ApiPropertyOptional({
    description: 'Free-text description of the claim',
    maxLength: 4000,
  })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiPropertyOptional({
    description:
      'For an advance claim: the claim it is an advance on (same claimant and programme). Its net payments are offset against that claim’s award',
    format: 'uuid',
  })
  @IsOptional()
  @IsUUID()
  principalClaimId?: string;
}

/**
 * Draft fields, plus the assignment (admins and case workers, until the claim ends). The
 * claimant is fixed: a claim filed for the wrong claimant is withdrawn and filed again.
 */
export class UpdateClaimDto {
  @ApiPropertyOptional({
    description: 'Compensation programme (draft only)',
    format: 'uuid',
  })
  @IsPresent()
  @IsUUID()
  programmeId?: string;

  @ApiPropertyOptional({
    description: 'What is claimed for (draft only)',
    enum: ClaimType,
    enumName: 'ClaimType',
  })
  @IsPresent()
  @IsEnum(ClaimType)
  type?: ClaimType;

  @ApiPropertyOptional({
    description: 'Amount claimed, in the programme’s currency (draft only)',
    type: MoneyDto,
  })
  @IsPresent()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  amountClaimed?: MoneyDto;

  @ApiPropertyOptional({
    description: 'Free-text description (draft only); null clears it',
    maxLength: 4000,
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string | null;

  @ApiPropertyOptional({
    description:
      'Case worker in charge: an active case worker; null unassigns. Admins and case workers, in any status but closed and withdrawn',
    format: 'uuid',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsUUID()
  assignedCaseWorkerId?: string | null;

  @ApiPropertyOptional({
    description:
      'For an advance claim (draft only): the claim it is an advance on; null unlinks it',
    format: 'uuid',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsUUID()
  principalClaimId?: string | null;
}

export class ListClaimsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Only this status',
    enum: ClaimStatus,
    enumName: 'ClaimStatus',
  })
  @IsOptional()
  @IsEnum(ClaimStatus)
  status?: ClaimStatus;

  @ApiPropertyOptional({ description: 'Only this type', enum: ClaimType, enumName: 'ClaimType' })
  @IsOptional()
  @IsEnum(ClaimType)
  type?: ClaimType;

  @ApiPropertyOptional({ description: 'Only claims under this programme', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  programmeId?: string;

  @ApiPropertyOptional({ description: 'Only claims about this person on board', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ description: 'Only claims of this claimant', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  claimantId?: string;

  @ApiPropertyOptional({ description: 'Only claims assigned to this case worker', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  assignedCaseWorkerId?: string;
}

export class MoneyResponseDto {
  @ApiProperty({ description: 'Decimal string, two fraction digits', example: '40000.00' })
  amount: string;

  @ApiProperty({ description: 'ISO 4217 currency', enum: CURRENCIES, example: 'AZN' })
  currency: string;
}

export class ClaimResponseDto {
  @ApiProperty({ description: 'Identifier', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Human reference, unique', example: 'J2-8243-C-00001' })
  reference: string;

  @ApiProperty({ description: 'Incident of the person on board', format: 'uuid' })
  incidentId: string;

  @ApiProperty({ description: 'Compensation programme', format: 'uuid' })
  programmeId: string;

  @ApiProperty({ description: 'Claimant', format: 'uuid' })
  claimantId: string;

  @ApiProperty({ description: 'Person on board the claim derives from', format: 'uuid' })
  personId: string;

  @ApiProperty({ description: 'What is claimed for', enum: ClaimType, enumName: 'ClaimType' })
  type: ClaimType;

  @ApiProperty({ description: 'Lifecycle status', enum: ClaimStatus, enumName: 'ClaimStatus' })
  status: ClaimStatus;

  @ApiProperty({
    description: 'Fixed when the claim is filed (the programme’s currency); every amount is in it',
    example: 'AZN',
  })
  currency: string;

  @ApiProperty({ description: 'Amount claimed', type: MoneyResponseDto, nullable: true })
  amountClaimed: MoneyResponseDto | null;

  @ApiProperty({ description: 'Amount assessed', type: MoneyResponseDto, nullable: true })
  amountAssessed: MoneyResponseDto | null;

  @ApiProperty({ description: 'Amount approved', type: MoneyResponseDto, nullable: true })
  amountApproved: MoneyResponseDto | null;

  @ApiProperty({ description: 'Free-text description', nullable: true, type: String })
  description: string | null;

  @ApiProperty({
    description: 'For an advance claim: the claim it is an advance on',
    nullable: true,
    type: String,
    format: 'uuid',
  })
  principalClaimId: string | null;

  @ApiProperty({
    description: 'Case worker in charge',
    nullable: true,
    type: String,
    format: 'uuid',
  })
  assignedCaseWorkerId: string | null;

  @ApiProperty({ description: 'Who assessed it', nullable: true, type: String, format: 'uuid' })
  assessedBy: string | null;

  @ApiProperty({ description: 'Who approved it', nullable: true, type: String, format: 'uuid' })
  approvedBy: string | null;

  @ApiProperty({ description: 'Who filed it', nullable: true, type: String, format: 'uuid' })
  createdBy: string | null;

  @ApiProperty({ description: 'First submission', nullable: true, type: String })
  submittedAt: string | null;

  @ApiProperty({
    description:
      'Approval or rejection. The 30-day appeal window runs from the rejection, or from the declined offer (statusChangedAt)',
    nullable: true,
    type: String,
  })
  decidedAt: string | null;

  @ApiProperty({ description: 'When the status last changed' })
  statusChangedAt: string;

  @ApiProperty({
    description: 'Due date of the open information request (while information_requested)',
    nullable: true,
    type: String,
    example: '2027-01-31',
  })
  informationDueDate: string | null;

  @ApiProperty({
    description:
      'Statuses the caller could move the claim to now (a reason or amount the request must carry is assumed)',
    enum: ClaimStatus,
    enumName: 'ClaimStatus',
    isArray: true,
  })
  allowedTransitions: ClaimStatus[];

  @ApiProperty({
    description: 'Required document types with no verified document yet',
    enum: DocumentType,
    enumName: 'DocumentType',
    isArray: true,
  })
  missingDocuments: DocumentType[];

  @ApiProperty({
    description:
      'Payments less reversals on this claim, decimal string in the claim’s currency (payments in another currency count at their converted claim amount)',
    example: '0.00',
  })
  paid: string;

  @ApiProperty({
    description: 'amountApproved less paid and advancesPaid, decimal string; null until approved',
    nullable: true,
    type: String,
  })
  outstanding: string | null;

  @ApiProperty({
    description:
      'Net payments on the advance claims linked to this claim, offset against its award; decimal string in the claim’s currency',
    example: '0.00',
  })
  advancesPaid: string;

  @ApiProperty({
    description: 'True when the approved amount is above the assessed one (approved with a reason)',
  })
  approvedAboveAssessed: boolean;

  @ApiProperty({
    description:
      'True when the approval took the claim (per_claim) or its person’s claims in the programme (per_person) over the liability limit: the part in dispute',
  })
  exceedsLiabilityLimit: boolean;

  @ApiProperty({
    description: 'Optimistic-concurrency version; send it back in If-Match',
    example: 1,
  })
  version: number;

  @ApiProperty({ description: 'When the claim was filed' })
  createdAt: string;

  @ApiProperty({ description: 'When the claim last changed' })
  updatedAt: string;
}

export class ClaimPageDto {
  @ApiProperty({ description: 'Claims on this page', type: [ClaimResponseDto] })
  items: ClaimResponseDto[];

  @ApiProperty({
    description: 'Cursor of the next page, or null on the last',
    nullable: true,
    type: String,
  })
  nextCursor: string | null;
}
