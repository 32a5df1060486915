import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class CreateRepresentationDto {
  @ApiProperty({ description: 'An active user with role lawyer', format: 'uuid' })
  @IsUUID()
  lawyerId: string;
}

export class RepresentationResponseDto {
  @ApiProperty({ description: 'Identifier', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'The claimant represented', format: 'uuid' })
  claimantId: string;

  @ApiProperty({ description: 'The lawyer acting for the claimant', format: 'uuid' })
  lawyerId: string;

  @ApiProperty({ description: 'When the representation started' })
  startedAt: string;

  @ApiProperty({
    description: 'When it ended; null while active',
    nullable: true,
    type: String,
  })
  endedAt: string | null;

  @ApiProperty({ description: 'Who started it', nullable: true, type: String, format: 'uuid' })
  startedBy: string | null;

  @ApiProperty({ description: 'Who ended it', nullable: true, type: String, format: 'uuid' })
  endedBy: string | null;
}
