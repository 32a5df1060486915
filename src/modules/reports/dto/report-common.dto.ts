import { ApiProperty } from '@nestjs/swagger';
import { CLAIM_STATUSES, CLAIM_TYPES } from '../../claims/domain/claim-status';

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
    description: 'Last day to bring a claim (YYYY-MM-DD, MC99 Art. 35)',
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
