import { ApiProperty } from '@nestjs/swagger';

import { CURRENCIES } from '../../../common/money/money';
import { ClaimStatus } from '../../claims/domain/claim-status';
import { Payer } from '../../programmes/domain/payer';
import { ProgrammeStatus } from '../../programmes/domain/programme-status';
import { ProgrammeEventResponseDto } from '../../programmes/dto/programme.dto';
import { STATUS_COUNTS_SCHEMA } from './report-common.dto';

export class ProgrammeHeaderDto {
  @ApiProperty({ description: 'Programme', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Name', example: 'Russian Federation compensation' })
  name: string;

  @ApiProperty({ description: 'Who pays', enum: Payer, enumName: 'Payer' })
  payer: Payer;

  @ApiProperty({
    description: 'Where it stands',
    enum: ProgrammeStatus,
    enumName: 'ProgrammeStatus',
  })
  status: ProgrammeStatus;

  @ApiProperty({
    description: 'When it was pledged',
    nullable: true,
    type: String,
    example: '2025-10-09',
  })
  pledgedAt: string | null;

  @ApiProperty({ description: 'When it opened', nullable: true, type: String })
  openedAt: string | null;

  @ApiProperty({
    description: 'Calendar days (UTC) from the pledge to today; null without a pledge date',
    nullable: true,
    type: Number,
    example: 51,
  })
  daysSincePledge: number | null;

  @ApiProperty({
    description: 'Its currency; null while none is set',
    nullable: true,
    type: String,
  })
  currency: string | null;

  @ApiProperty({
    description: 'Whether any amount is set (per deceased, per injured or a liability limit)',
  })
  amountsSet: boolean;
}

export class NationalityPersonsDto {
  @ApiProperty({ description: 'ISO alpha-2', example: 'AZ' })
  nationality: string;

  @ApiProperty({
    description: 'Eligible persons holding it (a person counts under each of theirs)',
  })
  persons: number;
}

export class EligibleDto {
  @ApiProperty({ description: 'Persons on board the programme covers (its eligibility)' })
  persons: number;

  @ApiProperty({ description: 'Of them, deceased' })
  deceased: number;

  @ApiProperty({ description: 'Of them, survivors' })
  survived: number;

  @ApiProperty({ description: 'By nationality, most persons first', type: [NationalityPersonsDto] })
  byNationality: NationalityPersonsDto[];
}

export class RegisteredDto {
  @ApiProperty({ description: 'Persons with a claim in the programme that is not withdrawn' })
  persons: number;

  @ApiProperty({ description: 'Claims in the programme, every status' })
  claims: number;

  @ApiProperty({ description: 'Claims by status', ...STATUS_COUNTS_SCHEMA })
  byStatus: Record<ClaimStatus, number>;

  @ApiProperty({
    description: 'Claimants with a claim that is not withdrawn who have an active lawyer',
  })
  claimantsWithLawyer: number;

  @ApiProperty({ description: 'The same claimants without one' })
  claimantsWithoutLawyer: number;
}

export class PersonsWithoutProgrammeClaimDto {
  @ApiProperty({
    description: 'Eligible persons with no claim in the programme (withdrawn ones do not count)',
  })
  count: number;

  @ApiProperty({ description: 'Of them, deceased' })
  deceased: number;

  @ApiProperty({ description: 'Of them, survivors' })
  survived: number;
}

export class ProgrammeAmountTotalsDto {
  @ApiProperty({
    description: 'Claimed on lodged claims (drafts and withdrawn excluded)',
    example: '0.00',
  })
  claimed: string;

  @ApiProperty({ description: 'Approved', example: '0.00' })
  approved: string;

  @ApiProperty({ description: 'Paid less reversals (claim amounts)', example: '0.00' })
  paid: string;

  @ApiProperty({ description: 'Currency of these figures', enum: CURRENCIES })
  currency: string;
}

export class OtherPayerDto {
  @ApiProperty({ description: 'Another programme of the incident', format: 'uuid' })
  programmeId: string;

  @ApiProperty({ description: 'Its payer', enum: Payer, enumName: 'Payer' })
  payer: Payer;

  @ApiProperty({ description: 'Currency of `paid`', nullable: true, type: String })
  currency: string | null;

  @ApiProperty({
    description: 'Persons eligible for this programme who received a net payment from that one',
  })
  personsPaid: number;

  @ApiProperty({
    description: 'What those persons received from it, net of reversals',
    example: '0.00',
  })
  paid: string;
}

export class ProgrammeStatusReportDto {
  @ApiProperty({ type: ProgrammeHeaderDto })
  programme: ProgrammeHeaderDto;

  @ApiProperty({ type: EligibleDto })
  eligible: EligibleDto;

  @ApiProperty({ type: RegisteredDto })
  registered: RegisteredDto;

  @ApiProperty({ type: PersonsWithoutProgrammeClaimDto })
  personsWithoutClaim: PersonsWithoutProgrammeClaimDto;

  @ApiProperty({
    description:
      'Totals of the claims filed in the programme’s currency; null while it has none (claims filed in another currency before it had one are in amountsInOtherCurrencies)',
    type: ProgrammeAmountTotalsDto,
    nullable: true,
  })
  amounts: ProgrammeAmountTotalsDto | null;

  @ApiProperty({
    description: 'Totals of claims filed in any other currency, one entry per currency',
    type: [ProgrammeAmountTotalsDto],
  })
  amountsInOtherCurrencies: ProgrammeAmountTotalsDto[];

  @ApiProperty({
    description: 'What the same eligible persons received from the incident’s other programmes',
    type: [OtherPayerDto],
  })
  otherPayers: OtherPayerDto[];

  @ApiProperty({
    description: 'The programme’s public record, oldest first',
    type: [ProgrammeEventResponseDto],
  })
  timeline: ProgrammeEventResponseDto[];

  @ApiProperty({ description: 'When the figures were taken; all come from one database snapshot' })
  generatedAt: string;
}
