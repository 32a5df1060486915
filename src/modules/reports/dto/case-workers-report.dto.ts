import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

import { PageQueryDto } from '../../../common/pagination/pagination';
import { ClaimStatus } from '../../claims/domain/claim-status';
import { STATUS_COUNTS_SCHEMA } from './report-common.dto';

export class CaseWorkersReportQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Count only claims of this incident (every active case worker is still listed)',
    format: 'uuid',
  })
  @IsOptional()
  @IsUUID()
  incidentId?: string;
}

export class CaseWorkerStatsDto {
  @ApiProperty({ description: 'The case worker (a user)', format: 'uuid' })
  caseWorkerId: string;

  @ApiProperty({ description: 'Their name', example: 'Aysel Rzayeva' })
  fullName: string;

  @ApiProperty({
    description:
      'Open claims assigned to them: every status but closed and withdrawn, and rejections or declined offers only while their appeal window is open',
    example: 12,
  })
  openClaims: number;

  @ApiProperty({
    description: 'Average days their open claims have spent in their current status (2 decimals)',
    nullable: true,
    type: Number,
    example: 6.25,
  })
  avgDaysInStatus: number | null;

  @ApiProperty({
    description: 'Longest time an open claim of theirs has spent in its current status, in days',
    nullable: true,
    type: Number,
    example: 21.5,
  })
  maxDaysInStatus: number | null;

  @ApiProperty({
    description: 'Their claims with a standing decision (decidedAt set)',
    example: 8,
  })
  decidedClaims: number;

  @ApiProperty({
    description:
      'Median days from submission to decision over their decided claims (2 decimals); null when none',
    nullable: true,
    type: Number,
    example: 14.5,
  })
  medianDaysToDecision: number | null;

  @ApiProperty({
    description: 'All claims assigned to them per status; every status present, 0 when none',
    ...STATUS_COUNTS_SCHEMA,
  })
  byStatus: Record<ClaimStatus, number>;
}

export class CaseWorkersReportPageDto {
  @ApiProperty({
    description: 'Active case workers, in the order they were created',
    type: [CaseWorkerStatsDto],
  })
  items: CaseWorkerStatsDto[];

  @ApiProperty({
    description: 'Cursor of the next page, or null on the last',
    nullable: true,
    type: String,
  })
  nextCursor: string | null;

  @ApiProperty({ description: 'When the figures were taken' })
  generatedAt: string;
}
