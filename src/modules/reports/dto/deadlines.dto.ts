import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../../common/pagination/pagination';
import { ClaimStatus } from '../../claims/domain/claim-status';
import { PersonCategory, PersonOutcome } from '../../persons/domain/person-kinds';
import { LimitationsDto } from './report-common.dto';

export class DeadlinesQueryDto {
  @ApiPropertyOptional({
    description: `Most urgent entries kept in each list, 1 to ${MAX_PAGE_SIZE}; each list also gives its total`,
    default: DEFAULT_PAGE_SIZE,
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;
}

export class PersonWithoutClaimDto {
  @ApiProperty({ description: 'Person on board', format: 'uuid' })
  personId: string;

  @ApiProperty({ description: 'Full name (masked for auditors)', example: 'Elvin Qaraxanlı' })
  fullName: string;

  @ApiProperty({
    description: 'Passenger or crew',
    enum: PersonCategory,
    enumName: 'PersonCategory',
  })
  category: PersonCategory;

  @ApiProperty({
    description: 'Deceased or survived',
    enum: PersonOutcome,
    enumName: 'PersonOutcome',
  })
  outcome: PersonOutcome;

  @ApiProperty({ description: 'Nationalities, ISO alpha-2', type: [String], example: ['AZ'] })
  nationalities: string[];

  @ApiProperty({
    description:
      'Days left to the earliest deadline the person still needs a claim for; negative after it',
    example: 5,
  })
  daysRemaining: number;

  @ApiProperty({
    description:
      'Programmes with a limitation deadline that cover the person and have no claim for them, earliest deadline first (empty when the incident’s own deadline applies)',
    type: [String],
    format: 'uuid',
  })
  programmeIds: string[];
}

export class PersonsWithoutClaimDto {
  @ApiProperty({
    description:
      'Persons without a claim (withdrawn claims do not count) in some programme whose limitation deadline covers them',
    example: 17,
  })
  total: number;

  @ApiProperty({ description: 'Of them, deceased', example: 6 })
  deceased: number;

  @ApiProperty({
    description:
      'The most urgent of them: earliest deadline first, then the deceased, then by name (code-point order)',
    type: [PersonWithoutClaimDto],
  })
  items: PersonWithoutClaimDto[];
}

export class WaitingClaimDto {
  @ApiProperty({ description: 'Claim', format: 'uuid' })
  claimId: string;

  @ApiProperty({ description: 'Claim reference', example: 'J2-8243-C-00012' })
  reference: string;

  @ApiProperty({ description: 'Claimant name (masked for auditors)', example: 'Leyla Əliyeva' })
  claimantName: string;

  @ApiProperty({ description: 'Person on board (masked for auditors)', example: 'Elvin Qaraxanlı' })
  personName: string;

  @ApiProperty({
    description: 'Case worker in charge',
    format: 'uuid',
    nullable: true,
    type: String,
  })
  assignedCaseWorkerId: string | null;

  @ApiProperty({ description: 'When the information was requested (status change)' })
  since: string;

  @ApiProperty({ description: 'Whole days since the information was requested', example: 19 })
  daysWaiting: number;
}

export class WaitingClaimsDto {
  @ApiProperty({ description: 'Claims waiting for information', example: 3 })
  total: number;

  @ApiProperty({
    description: 'The longest-waiting of them first',
    type: [WaitingClaimDto],
  })
  items: WaitingClaimDto[];
}

export class OverdueInformationRequestDto {
  @ApiProperty({ description: 'Claim', format: 'uuid' })
  claimId: string;

  @ApiProperty({ description: 'Claim reference', example: 'J2-8243-C-00012' })
  reference: string;

  @ApiProperty({ description: 'Claimant name (masked for auditors)', example: 'Leyla Əliyeva' })
  claimantName: string;

  @ApiProperty({ description: 'Person on board (masked for auditors)', example: 'Elvin Qaraxanlı' })
  personName: string;

  @ApiProperty({
    description: 'Case worker in charge',
    format: 'uuid',
    nullable: true,
    type: String,
  })
  assignedCaseWorkerId: string | null;

  @ApiProperty({ description: 'When the information was requested' })
  requestedAt: string;

  @ApiProperty({ description: 'When it was due (YYYY-MM-DD)', example: '2027-01-31' })
  dueDate: string;

  @ApiProperty({ description: 'Whole days since the due date', example: 4 })
  daysOverdue: number;
}

export class OverdueInformationRequestsDto {
  @ApiProperty({ description: 'Unanswered information requests past their due date', example: 2 })
  total: number;

  @ApiProperty({
    description: 'The longest overdue first',
    type: [OverdueInformationRequestDto],
  })
  items: OverdueInformationRequestDto[];
}

export class AppealWindowDto {
  @ApiProperty({ description: 'Claim', format: 'uuid' })
  claimId: string;

  @ApiProperty({ description: 'Claim reference', example: 'J2-8243-C-00007' })
  reference: string;

  @ApiProperty({
    description: 'Current status: rejected or offer_declined',
    enum: ClaimStatus,
    enumName: 'ClaimStatus',
  })
  status: ClaimStatus;

  @ApiProperty({ description: 'Claimant name (masked for auditors)', example: 'Leyla Əliyeva' })
  claimantName: string;

  @ApiProperty({ description: 'Person on board (masked for auditors)', example: 'Elvin Qaraxanlı' })
  personName: string;

  @ApiProperty({
    description: 'When the decision was made (for a declined offer: its approval)',
    nullable: true,
    type: String,
  })
  decidedAt: string | null;

  @ApiProperty({ description: 'When the claim was rejected, or the offer declined' })
  since: string;

  @ApiProperty({
    description:
      'When the appeal window closes: the end (UTC) of the 30th calendar day after `since`',
  })
  closesAt: string;

  @ApiProperty({
    description: 'Calendar days (UTC) to the closing day: 0 on the closing day itself',
    example: 5,
  })
  daysLeft: number;
}

export class AppealWindowsDto {
  @ApiProperty({ description: 'Decisions whose appeal window is still open', example: 2 })
  total: number;

  @ApiProperty({ description: 'The window closing soonest first', type: [AppealWindowDto] })
  items: AppealWindowDto[];
}

export class DeadlinesReportDto {
  @ApiProperty({ description: 'The incident', format: 'uuid' })
  incidentId: string;

  @ApiProperty({
    description: 'The limitation deadlines of the incident’s programmes',
    type: LimitationsDto,
  })
  limitation: LimitationsDto;

  @ApiProperty({
    description: 'Persons on board nobody has claimed for yet',
    type: PersonsWithoutClaimDto,
  })
  personsWithoutClaim: PersonsWithoutClaimDto;

  @ApiProperty({
    description: 'Claims in information_requested and how long they have waited',
    type: WaitingClaimsDto,
  })
  informationRequested: WaitingClaimsDto;

  @ApiProperty({
    description:
      'Information requests still unanswered after their due date (the claim stays information_requested)',
    type: OverdueInformationRequestsDto,
  })
  overdueInformationRequests: OverdueInformationRequestsDto;

  @ApiProperty({
    description: 'Rejections and declined offers still inside their appeal window',
    type: AppealWindowsDto,
  })
  appealWindows: AppealWindowsDto;

  @ApiProperty({
    description: 'When the figures were taken; all come from one database snapshot',
  })
  generatedAt: string;
}
