import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({
    description: 'The input field at fault (dotted path)',
    example: 'amountClaimed.amount',
  })
  field: string;

  @ApiProperty({ description: 'What is wrong with it', example: 'must be a decimal string' })
  message: string;
}

/** RFC 9457 problem details: the body of every error. */
export class ProblemDto {
  @ApiProperty({
    description: 'URI naming the kind of problem',
    example: 'urn:problem-type:not-found',
  })
  type: string;

  @ApiProperty({ description: 'Short summary of the HTTP status', example: 'Not Found' })
  title: string;

  @ApiProperty({ description: 'HTTP status code', example: 404 })
  status: number;

  @ApiProperty({ description: 'What went wrong, for a person', example: 'Claim not found' })
  detail: string;

  @ApiProperty({ description: 'Stable machine-readable code', example: 'NOT_FOUND' })
  code: string;

  @ApiPropertyOptional({ description: 'Request id, to quote when reporting a problem' })
  requestId?: string;

  @ApiPropertyOptional({
    description: 'Field errors of a validation failure',
    type: [FieldErrorDto],
  })
  errors?: FieldErrorDto[];
}
