import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../users/domain/password-policy';

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

  @ApiProperty({
    description: 'Seconds until the access token expires (sooner when the session ends sooner)',
    example: 900,
  })
  expiresIn: number;

  @ApiPropertyOptional({
    description:
      'Present (true) when the role requires a second factor and none is active: this session may only enrol one',
    enum: [true],
  })
  mfaEnrolmentRequired?: true;
}

export class MfaChallengeDto {
  @ApiProperty({
    description: 'Always true: the password was right, and a TOTP code must follow',
    enum: [true],
    example: true,
  })
  mfaRequired: true;

  @ApiProperty({
    description:
      'Send it with the code to POST /auth/login/mfa within five minutes; it completes one sign-in',
  })
  mfaToken: string;
}

export class MfaLoginDto {
  @ApiProperty({ description: 'The mfaToken from POST /auth/login', maxLength: 2048 })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, { message: 'mfaToken is malformed' })
  @MaxLength(2048)
  mfaToken: string;

  @ApiProperty({
    description: 'The 6-digit code the authenticator app shows now',
    example: '492039',
  })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code: string;
}

export class MfaActivationDto {
  @ApiProperty({
    description: 'A 6-digit code made from the enrolled secret, proving the app holds it',
    example: '492039',
  })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code: string;
}

export class MfaEnrolmentDto {
  @ApiProperty({
    description: 'The TOTP shared secret (base32, 160 bits; SHA-1, 6 digits, 30 s), shown once',
  })
  secret: string;

  @ApiProperty({ description: 'otpauth:// URI of the same secret, for a QR code' })
  otpauthUrl: string;
}

export class ChangePasswordDto {
  @ApiProperty({ description: 'The password in use now', writeOnly: true, maxLength: 512 })
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  currentPassword: string;

  @ApiProperty({
    description: `The new password: ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters, not a common password`,
    writeOnly: true,
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
  })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH * 4)
  newPassword: string;
}
