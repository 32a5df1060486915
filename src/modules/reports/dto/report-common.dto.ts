import { ApiProperty } from '@nestjs/swagger';

import { CLAIM_STATUSES } from '../../claims/domain/claim-status';
import { CLAIM_TYPES } from '../../claims/domain/claim-type';

/** OpenAPI schema of an object with one integer per value of `keys`, all always present. */
export function countsSchema(keys: readonly string[], what: string) {
  return {
    type: 'object' as const,
    properties: Object.fromEntries(
      keys.map((k) => [k, { type: 'integer' as const, description: `Claims ${what} ${k}` }]),
    ),
    required: [...keys],
  };
}

export const STATUS_COUNTS_SCHEMA = countsSchema(CLAIM_STATUSES, 'in status');
export const TYPE_COUNTS_SCHEMA = countsSchema(CLAIM_TYPES, 'of type');

export class LimitationDto {
  @ApiProperty({
    description: 'Last day to bring a claim (YYYY-MM-DD; the earliest programme deadline)',
    example: '2026-12-25',
  })
  deadline: string;

  @ApiProperty({
    description:
      'Calendar days (UTC) from today to the deadline: 0 on the day itself, negative after it',
    example: 34,
  })
  daysRemaining: number;
}

export class ProgrammeLimitationDto {
  @ApiProperty({ description: 'Programme with a limitation deadline', format: 'uuid' })
  programmeId: string;

  @ApiProperty({ description: 'Its name', example: 'Carrier liability insurance (MC99)' })
  programmeName: string;

  @ApiProperty({ description: 'Its limitation deadline (YYYY-MM-DD)', example: '2026-12-25' })
  deadline: string;

  @ApiProperty({
    description: 'Calendar days (UTC) to it: 0 on the day itself, negative after it',
    example: 34,
  })
  daysRemaining: number;

  @ApiProperty({
    description:
      'Persons the programme covers who have no claim in it (withdrawn claims do not count)',
    example: 12,
  })
  personsWithoutClaim: number;
}

export class LimitationsDto extends LimitationDto {
  @ApiProperty({
    description:
      'Each programme with a limitation deadline, earliest first; deadline and daysRemaining above are the earliest of them (the incident’s own deadline when no programme has one)',
    type: [ProgrammeLimitationDto],
  })
  programmes: ProgrammeLimitationDto[];
}
