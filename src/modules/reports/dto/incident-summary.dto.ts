import { ApiProperty } from '@nestjs/swagger';

import { ClaimStatus } from '../../claims/domain/claim-status';
import { ClaimType } from '../../claims/domain/claim-type';
import { MoneyResponseDto } from '../../claims/dto/claim.dto';
import { AlternativeCountDto } from '../../incidents/dto/incident.dto';
import { Payer } from '../../programmes/domain/payer';
import { LimitationsDto, STATUS_COUNTS_SCHEMA, TYPE_COUNTS_SCHEMA } from './report-common.dto';

export class ManifestCountsDto {
  @ApiProperty({ description: 'People on board', example: 67 })
  onBoard: number;

  @ApiProperty({ description: 'Passengers', example: 62 })
  passengers: number;

  @ApiProperty({ description: 'Crew', example: 5 })
  crew: number;

  @ApiProperty({ description: 'People who died', example: 38 })
  fatalities: number;

  @ApiProperty({ description: 'People who survived', example: 29 })
  survivors: number;
}

export class ManifestDiscrepancyDto {
  @ApiProperty({
    description: 'The manifest figure that differs',
    enum: ['onBoard', 'passengers', 'crew', 'fatalities', 'survivors'],
  })
  field: string;

  @ApiProperty({ description: 'Figure declared by the authorities', example: 67 })
  declared: number;

  @ApiProperty({ description: 'Figure counted from the persons recorded', example: 66 })
  recorded: number;
}

export class NationalityCountDto {
  @ApiProperty({ description: 'ISO 3166-1 alpha-2 code', example: 'AZ' })
  nationality: string;

  @ApiProperty({
    description: 'Persons on board holding it (a person with two nationalities counts under each)',
    example: 42,
  })
  onBoard: number;

  @ApiProperty({ description: 'Of them, deceased', example: 25 })
  deceased: number;

  @ApiProperty({ description: 'Of them, survivors', example: 17 })
  survived: number;
}

export class ManifestSummaryDto {
  @ApiProperty({ description: 'Figures declared for the incident', type: ManifestCountsDto })
  declared: ManifestCountsDto;

  @ApiProperty({
    description: 'Figures counted from the persons recorded',
    type: ManifestCountsDto,
  })
  recorded: ManifestCountsDto;

  @ApiProperty({ description: 'Whether every declared figure equals the recorded one' })
  reconciled: boolean;

  @ApiProperty({
    description: 'The figures that differ (empty when reconciled)',
    type: [ManifestDiscrepancyDto],
  })
  discrepancies: ManifestDiscrepancyDto[];

  @ApiProperty({
    description: 'Persons by nationality, most numerous first',
    type: [NationalityCountDto],
  })
  byNationality: NationalityCountDto[];

  @ApiProperty({
    description:
      'Published counts that differ from the declared ones (for J2-8243, the first report of 69 aboard), as they were published',
    type: [AlternativeCountDto],
  })
  alternativeCounts: AlternativeCountDto[];
}

export class ClaimCountsDto {
  @ApiProperty({ description: 'Claims of the incident, every status included', example: 120 })
  total: number;

  @ApiProperty({
    description: 'Claims per status; every status is present, with 0 when none',
    ...STATUS_COUNTS_SCHEMA,
  })
  byStatus: Record<ClaimStatus, number>;

  @ApiProperty({
    description: 'Claims per type; every type is present, with 0 when none',
    ...TYPE_COUNTS_SCHEMA,
  })
  byType: Record<ClaimType, number>;
}

export class ProgrammeAmountsDto {
  @ApiProperty({ description: 'Compensation programme', format: 'uuid' })
  programmeId: string;

  @ApiProperty({ description: 'Programme name', example: 'AZAL ex gratia payment' })
  programmeName: string;

  @ApiProperty({ description: 'Who pays', enum: Payer, enumName: 'Payer' })
  payer: Payer;

  @ApiProperty({
    description:
      'Currency of the amounts in this entry: the programme’s. A programme whose claims were filed in several currencies (a pledge before it had one) has an entry per currency; a programme with no currency and no claims has null',
    example: 'AZN',
    nullable: true,
    type: String,
  })
  currency: string | null;

  @ApiProperty({ description: 'Claims under the programme, every status included', example: 40 })
  claims: number;

  @ApiProperty({
    description:
      'Sum claimed over lodged claims (drafts and withdrawn claims excluded), decimal string',
    example: '1520000.00',
  })
  claimed: string;

  @ApiProperty({
    description:
      'Sum approved over claims whose approval stands (approved, offer accepted or declined, appealed, closed), decimal string',
    example: '1200000.00',
  })
  approved: string;

  @ApiProperty({
    description:
      'Sum paid: payments less reversals, advances included, in the claims’ currency (a payment made in another currency counts at its converted claim amount), decimal string',
    example: '800000.00',
  })
  paid: string;

  @ApiProperty({
    description:
      'The same payments in the currencies actually paid, one entry per currency (one entry equal to paid when everything was paid in the claims’ currency)',
    type: [MoneyResponseDto],
  })
  paidIn: MoneyResponseDto[];

  @ApiProperty({
    description:
      'Advances paid on claims that ended without an award (withdrawn or rejected), net of recoveries: owed back',
    example: '0.00',
  })
  toRecover: string;
}

export class CoverageDto {
  @ApiProperty({
    description: 'Persons on board with at least one claim that is not withdrawn',
    example: 50,
  })
  personsWithClaim: number;

  @ApiProperty({
    description: 'Persons on board with no claim, or only withdrawn ones',
    example: 17,
  })
  personsWithoutClaim: number;

  @ApiProperty({ description: 'Of those without a claim, the deceased', example: 6 })
  deceasedWithoutClaim: number;

  @ApiProperty({ description: 'Of those without a claim, the survivors', example: 11 })
  survivorsWithoutClaim: number;
}

export class IncidentSummaryDto {
  @ApiProperty({ description: 'The incident', format: 'uuid' })
  incidentId: string;

  @ApiProperty({ description: 'Incident code', example: 'J2-8243' })
  incidentCode: string;

  @ApiProperty({ description: 'Declared against recorded manifest', type: ManifestSummaryDto })
  manifest: ManifestSummaryDto;

  @ApiProperty({ description: 'Claim counts', type: ClaimCountsDto })
  claims: ClaimCountsDto;

  @ApiProperty({
    description: 'Amounts per programme of the incident (programmes without claims included)',
    type: [ProgrammeAmountsDto],
  })
  amounts: ProgrammeAmountsDto[];

  @ApiProperty({ description: 'Which persons on board have a claim', type: CoverageDto })
  coverage: CoverageDto;

  @ApiProperty({
    description:
      'Limitation deadlines: the earliest (deadline, daysRemaining) and each programme’s, with the persons it covers who have no claim in it',
    type: LimitationsDto,
  })
  limitation: LimitationsDto;

  @ApiProperty({
    description: 'When the figures were taken; all come from this one database snapshot',
    example: '2026-11-21T09:00:00.000Z',
  })
  generatedAt: string;
}
