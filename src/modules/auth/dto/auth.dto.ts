import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ description: 'Sign-in email', example: 'admin@example.org', maxLength: 254 })
  @IsString()
  @MinLength(3)
  @MaxLength(254)
  email: string;

  @ApiProperty({ description: 'Password', writeOnly: true, maxLength: 512 })
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  password: string;
}

export class RefreshDto {
  @ApiProperty({
    description: 'The refresh token from login or the previous refresh; it works once',
    writeOnly: true,
  })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'refreshToken is malformed' })
  refreshToken: string;
}

export class TokenPairDto {
  @ApiProperty({ description: 'Short-lived JWT for the Authorization: Bearer header' })
  accessToken: string;

  @ApiProperty({ description: 'Single-use token for POST /auth/refresh' })
  refreshToken: string;

  @ApiProperty({ description: 'Always "Bearer"', example: 'Bearer' })
  tokenType: 'Bearer';

  @ApiProperty({ description: 'Seconds until the access token expires', example: 900 })
  expiresIn: number;
}
