import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

import type { Currency } from '../../../common/money/money';
import { CURRENCIES } from '../../../common/money/money';
import { ClaimStatus } from '../../claims/domain/claim-status';
import { AppliedRateDto } from '../../exchange-rates/dto/exchange-rate.dto';
import { Payer } from '../../programmes/domain/payer';

export class CompensationQueryDto {
  @ApiPropertyOptional({
    description:
      'Also give every figure, and a total across programmes, in this currency, converted at the latest recorded rates (each converted figure names its rate)',
    enum: CURRENCIES,
  })
  @IsOptional()
  @IsIn(CURRENCIES)
  in?: Currency;
}

export class PositionClaimDto {
  @ApiProperty({ description: 'Claim', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Claim reference', example: 'J2-8243-C-00012' })
  reference: string;

  @ApiProperty({ description: 'Claimant', format: 'uuid' })
  claimantId: string;

  @ApiProperty({ description: 'Lifecycle status', enum: ClaimStatus, enumName: 'ClaimStatus' })
  status: ClaimStatus;
}

export class PositionFiguresDto {
  @ApiProperty({
    description: 'Lodged claims (drafts and withdrawn claims excluded)',
    example: '40000.00',
  })
  claimed: string;

  @ApiProperty({
    description:
      'Approvals that stand (withdrawn and rejected claims excluded; an advance claim covered by its approved principal counted once)',
    example: '40000.00',
  })
  approved: string;

  @ApiProperty({
    description: 'Net payments, in claim amounts (the ledgers summed)',
    example: '15000.00',
  })
  paid: string;

  @ApiProperty({
    description:
      'Approved and not yet paid on approved or accepted claims (linked advances offset)',
    example: '25000.00',
  })
  outstanding: string;

  @ApiProperty({
    description: 'Advances on claims that ended without an award, net of recoveries: owed back',
    example: '0.00',
  })
  toRecover: string;
}

export class ConvertedFiguresDto extends PositionFiguresDto {
  @ApiProperty({ description: 'The currency of these figures', enum: CURRENCIES })
  currency: string;

  @ApiProperty({
    description: 'The recorded rate they were converted at; null when no conversion was needed',
    type: AppliedRateDto,
    nullable: true,
  })
  rate: AppliedRateDto | null;
}

export class ProgrammePositionDto extends PositionFiguresDto {
  @ApiProperty({ description: 'Programme', format: 'uuid' })
  programmeId: string;

  @ApiProperty({ description: 'Programme name', example: 'AZAL ex gratia payment' })
  programmeName: string;

  @ApiProperty({ description: 'Who pays', enum: Payer, enumName: 'Payer' })
  payer: Payer;

  @ApiProperty({
    description: 'Currency of the figures: the programme’s (the claims’ while it has none)',
    enum: CURRENCIES,
    nullable: true,
    type: String,
  })
  currency: string | null;

  @ApiProperty({ description: 'Whether the programme covers the person (its eligibility)' })
  eligible: boolean;

  @ApiProperty({ description: 'The person’s claims in the programme', type: [PositionClaimDto] })
  claims: PositionClaimDto[];

  @ApiPropertyOptional({
    description: 'With ?in=: the same figures in that currency',
    type: ConvertedFiguresDto,
  })
  inCurrency?: ConvertedFiguresDto;
}

export class TotalFiguresDto extends PositionFiguresDto {
  @ApiProperty({ description: 'The currency asked for (?in=)', enum: CURRENCIES })
  currency: string;
}

export class PersonCompensationDto {
  @ApiProperty({ description: 'Person on board', format: 'uuid' })
  personId: string;

  @ApiProperty({
    description:
      'Every programme of the person’s incident with the person’s position in it, each in its own currency. For a lawyer, only their clients’ claims count',
    type: [ProgrammePositionDto],
  })
  programmes: ProgrammePositionDto[];

  @ApiPropertyOptional({
    description: 'With ?in=: every programme’s figures added up in that currency',
    type: TotalFiguresDto,
  })
  total?: TotalFiguresDto;
}
