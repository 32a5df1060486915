import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsUUID } from 'class-validator';

import { PageQueryDto } from '../../../common/pagination/pagination';
import { ClaimStatus } from '../../claims/domain/claim-status';
import { ClaimType } from '../../claims/domain/claim-type';
import { Payer } from '../../programmes/domain/payer';

export class ClaimsReportQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Only this status',
    enum: ClaimStatus,
    enumName: 'ClaimStatus',
  })
  @IsOptional()
  @IsEnum(ClaimStatus)
  status?: ClaimStatus;

  @ApiPropertyOptional({ description: 'Only claims under this programme', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  programmeId?: string;
}

export class ClaimsReportRowDto {
  @ApiProperty({ description: 'Claim', format: 'uuid' })
  claimId: string;

  @ApiProperty({ description: 'Claim reference', example: 'J2-8243-C-00001' })
  reference: string;

  @ApiProperty({ description: 'Claimant', format: 'uuid' })
  claimantId: string;

  @ApiProperty({ description: 'Claimant name (masked for auditors)', example: 'Leyla Əliyeva' })
  claimantName: string;

  @ApiProperty({ description: 'Person on board', format: 'uuid' })
  personId: string;

  @ApiProperty({ description: 'Person on board (masked for auditors)', example: 'Elvin Qaraxanlı' })
  personName: string;

  @ApiProperty({ description: 'Compensation programme', format: 'uuid' })
  programmeId: string;

  @ApiProperty({ description: 'Programme name', example: 'AZAL ex gratia payment' })
  programmeName: string;

  @ApiProperty({ description: 'Who pays', enum: Payer, enumName: 'Payer' })
  payer: Payer;

  @ApiProperty({ description: 'Lifecycle status', enum: ClaimStatus, enumName: 'ClaimStatus' })
  status: ClaimStatus;

  @ApiProperty({ description: 'What is claimed for', enum: ClaimType, enumName: 'ClaimType' })
  type: ClaimType;

  @ApiProperty({ description: 'Currency of every amount of the claim', example: 'AZN' })
  currency: string;

  @ApiProperty({
    description: 'Amount claimed, decimal string',
    nullable: true,
    type: String,
    example: '40000.00',
  })
  claimed: string | null;

  @ApiProperty({ description: 'Amount assessed, decimal string', nullable: true, type: String })
  assessed: string | null;

  @ApiProperty({ description: 'Amount approved, decimal string', nullable: true, type: String })
  approved: string | null;

  @ApiProperty({
    description:
      'Payments less reversals in the claim’s currency (a payment in another currency counts at its converted claim amount), decimal string',
    example: '0.00',
  })
  paid: string;

  @ApiProperty({
    description:
      'The same payments in the currencies actually paid, e.g. "1200000.00 RUB"; several currencies are separated by "; ", empty when nothing was paid',
    example: '1200000.00 RUB',
  })
  paidIn: string;

  @ApiProperty({
    description:
      'Net payments on the advance claims linked to this claim, offset against its award, decimal string',
    example: '0.00',
  })
  advancesPaid: string;

  @ApiProperty({
    description: 'Approved less paid and advancesPaid, decimal string; null until approved',
    nullable: true,
    type: String,
  })
  outstanding: string | null;

  @ApiProperty({
    description:
      'Advances paid on the claim while it ended without an award (withdrawn or rejected), net of recoveries: owed back; decimal string',
    example: '0.00',
  })
  toRecover: string;

  @ApiProperty({
    description: 'Case worker in charge',
    format: 'uuid',
    nullable: true,
    type: String,
  })
  assignedCaseWorkerId: string | null;

  @ApiProperty({ description: 'First submission', nullable: true, type: String })
  submittedAt: string | null;

  @ApiProperty({ description: 'Decision (approval or rejection)', nullable: true, type: String })
  decidedAt: string | null;

  @ApiProperty({ description: 'When the status last changed' })
  statusChangedAt: string;

  @ApiProperty({ description: 'When the claim was filed' })
  createdAt: string;
}

export class ClaimsReportPageDto {
  @ApiProperty({ description: 'Claims on this page, oldest first', type: [ClaimsReportRowDto] })
  items: ClaimsReportRowDto[];

  @ApiProperty({
    description: 'Cursor of the next page, or null on the last',
    nullable: true,
    type: String,
  })
  nextCursor: string | null;
}
