import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches, ValidateBy } from 'class-validator';

import type { Currency } from './money';
import { AMOUNT_PATTERN, CURRENCIES, isPositiveAmount } from './money';

/** A positive decimal string with at most two fraction digits: never a float. */
export const IsAmount = () =>
  ValidateBy({
    name: 'isAmount',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isPositiveAmount(value),
      defaultMessage: (args) =>
        `${args?.property ?? 'amount'} must be a positive decimal string with at most two fraction digits, e.g. "40000.00"`,
    },
  });

export class MoneyDto {
  @ApiProperty({
    description: 'Positive decimal string, at most two fraction digits',
    example: '40000.00',
    pattern: AMOUNT_PATTERN.source,
  })
  @IsString()
  @Matches(AMOUNT_PATTERN, { message: 'amount must be a decimal string such as "40000.00"' })
  @IsAmount()
  amount: string;

  @ApiProperty({ description: 'ISO 4217 currency (XDR for SDR)', enum: CURRENCIES, example: 'AZN' })
  @IsIn(CURRENCIES)
  currency: Currency;
}
