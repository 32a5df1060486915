import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsEnum,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';

import { Role } from '../../../common/auth/role';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../domain/password-policy';

const lower = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export class CreateUserDto {
  @ApiProperty({
    description: 'Sign-in email, unique (case-insensitive)',
    example: 'case.worker@example.org',
    maxLength: 254,
  })
  @Transform(lower)
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ description: 'Full name', example: 'Leyla Quliyeva', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName: string;

  @ApiProperty({ description: 'Role', enum: Role, enumName: 'Role' })
  @IsEnum(Role)
  role: Role;

  @ApiProperty({
    description: `Initial password: ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters, not a common password`,
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    writeOnly: true,
  })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH * 4)
  password: string;
}

/** Sent, null included: a user's fields cannot be cleared, so null is refused (400). */
const IsPresent = () => ValidateIf((_, value) => value !== undefined);

/** What an administrator may change; there is no delete, only deactivation. */
export class UpdateUserDto {
  @ApiPropertyOptional({ description: 'Full name', maxLength: 200 })
  @IsPresent()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName?: string;

  @ApiPropertyOptional({ description: 'Role', enum: Role, enumName: 'Role' })
  @IsPresent()
  @IsEnum(Role)
  role?: Role;

  @ApiPropertyOptional({
    description: 'false deactivates the user and ends their sessions at once',
  })
  @IsPresent()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({
    description: 'New password (ends the user’s sessions)',
    writeOnly: true,
    maxLength: PASSWORD_MAX_LENGTH,
  })
  @IsPresent()
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH * 4)
  password?: string;
}

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only this role', enum: Role, enumName: 'Role' })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @ApiPropertyOptional({ description: 'Only active (true) or deactivated (false) users' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}

export class UserResponseDto {
  @ApiProperty({ description: 'Identifier', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Sign-in email' })
  email: string;

  @ApiProperty({ description: 'Full name' })
  fullName: string;

  @ApiProperty({ description: 'Role', enum: Role, enumName: 'Role' })
  role: Role;

  @ApiProperty({ description: 'Whether the user may sign in' })
  active: boolean;

  @ApiProperty({
    description: 'Optimistic-concurrency version; send it back in If-Match',
    example: 1,
  })
  version: number;

  @ApiProperty({ description: 'When the user was created' })
  createdAt: string;

  @ApiProperty({ description: 'When the user last changed' })
  updatedAt: string;
}

export class UserPageDto {
  @ApiProperty({ description: 'Users on this page', type: [UserResponseDto] })
  items: UserResponseDto[];

  @ApiProperty({
    description: 'Cursor of the next page, or null on the last',
    nullable: true,
    type: String,
  })
  nextCursor: string | null;
}
