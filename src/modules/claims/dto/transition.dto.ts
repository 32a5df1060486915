import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDateString,
  IsEnum,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

import { MoneyDto } from '../../../common/money/money.dto';
import { ClaimStatus } from '../domain/claim-status';
import { MoneyResponseDto } from './claim.dto';

export class TransitionClaimDto {
  @ApiProperty({ description: 'The status to move to', enum: ClaimStatus, enumName: 'ClaimStatus' })
  @IsEnum(ClaimStatus)
  to: ClaimStatus;

  @ApiPropertyOptional({
    description:
      'Why; required for information requests, rejections, declines, appeals, withdrawals and sending an assessment back',
    maxLength: 2000,
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({
    description:
      'Only with `assessed` (sets amountAssessed) or `approved` (overrides amountApproved, which defaults to amountAssessed)',
    type: MoneyDto,
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount?: MoneyDto;

  @ApiPropertyOptional({
    description:
      'Only with `information_requested`: when the information is due (YYYY-MM-DD), after today and at most 180 days ahead; 60 days ahead when left out',
    example: '2027-01-31',
  })
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueDate must be a date YYYY-MM-DD' })
  dueDate?: string;
}

export class ClaimTransitionResponseDto {
  @ApiProperty({ description: 'Identifier', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'The claim', format: 'uuid' })
  claimId: string;

  @ApiProperty({ description: 'Status before', enum: ClaimStatus, enumName: 'ClaimStatus' })
  from: ClaimStatus;

  @ApiProperty({ description: 'Status after', enum: ClaimStatus, enumName: 'ClaimStatus' })
  to: ClaimStatus;

  @ApiProperty({ description: 'Who moved it', nullable: true, type: String, format: 'uuid' })
  actorId: string | null;

  @ApiProperty({ description: 'Their role at the time', nullable: true, type: String })
  actorRole: string | null;

  @ApiProperty({ description: 'Reason given', nullable: true, type: String })
  reason: string | null;

  @ApiProperty({
    description: 'Amount assessed or approved by this transition',
    nullable: true,
    type: MoneyResponseDto,
  })
  amount: MoneyResponseDto | null;

  @ApiProperty({
    description: 'Due date of the information request this transition made',
    nullable: true,
    type: String,
    example: '2027-01-31',
  })
  dueDate: string | null;

  @ApiProperty({ description: 'When it happened' })
  at: string;
}

export class ClaimTransitionPageDto {
  @ApiProperty({ description: 'Transitions, oldest first', type: [ClaimTransitionResponseDto] })
  items: ClaimTransitionResponseDto[];

  @ApiProperty({
    description: 'Cursor of the next page, or null on the last',
    nullable: true,
    type: String,
  })
  nextCursor: string | null;
}
