import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsString, MaxLength, MinLength } from 'class-validator';

import { NoteVisibility } from '../domain/note-visibility';

export class CreateNoteDto {
  @ApiProperty({
    description: 'The note',
    example: 'Called the family; documents follow by post.',
    maxLength: 10000,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(10000)
  body: string;

  @ApiProperty({
    description:
      '`internal` (staff only) or `shared` (visible to the claimant’s lawyer); lawyers write shared notes only',
    enum: NoteVisibility,
    enumName: 'NoteVisibility',
  })
  @IsEnum(NoteVisibility)
  visibility: NoteVisibility;
}

export class NoteResponseDto {
  @ApiProperty({ description: 'Identifier', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'The claim', format: 'uuid' })
  claimId: string;

  @ApiProperty({ description: 'The note' })
  body: string;

  @ApiProperty({ description: 'Who may read it', enum: NoteVisibility, enumName: 'NoteVisibility' })
  visibility: NoteVisibility;

  @ApiProperty({ description: 'Author', format: 'uuid' })
  authorId: string;

  @ApiProperty({ description: 'Version', example: 1 })
  version: number;

  @ApiProperty({ description: 'When it was written' })
  createdAt: string;

  @ApiProperty({ description: 'When it last changed' })
  updatedAt: string;
}

export class NotePageDto {
  @ApiProperty({ description: 'Notes, oldest first', type: [NoteResponseDto] })
  items: NoteResponseDto[];

  @ApiProperty({
    description: 'Cursor of the next page, or null on the last',
    nullable: true,
    type: String,
  })
  nextCursor: string | null;
}
