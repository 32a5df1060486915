import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

import type { Actor } from '../../common/auth/actor';
import {
  AllowDuringMfaEnrolment,
  CurrentActor,
  Public,
  RequestUser,
  RequirePermission,
} from '../../common/auth/decorators';
import { ApiAuthed, ApiProblems } from '../../common/http/api';
import { UserResponseDto } from '../users/dto/user.dto';
import { AccountSecurityService } from './account-security.service';
import { AuthService } from './auth.service';
import {
  ChangePasswordDto,
  LoginDto,
  MfaActivationDto,
  MfaChallengeDto,
  MfaEnrolmentDto,
  MfaLoginDto,
  RefreshDto,
  TokenPairDto,
} from './dto/auth.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly security: AccountSecurityService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Sign in; 10 failures in a row per account or address answer 429. With a second factor active, answers {mfaRequired, mfaToken}',
  })
  @ApiExtraModels(TokenPairDto, MfaChallengeDto)
  @ApiOkResponse({
    description: 'A session, or a challenge for the second factor',
    schema: {
      oneOf: [{ $ref: getSchemaPath(TokenPairDto) }, { $ref: getSchemaPath(MfaChallengeDto) }],
    },
  })
  @ApiProblems()
  login(@CurrentActor() actor: Actor, @Body() dto: LoginDto) {
    return this.auth.login(actor, dto.email, dto.password);
  }

  @Post('login/mfa')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete a sign-in with the mfaToken and a TOTP code' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems()
  loginWithCode(@CurrentActor() actor: Actor, @Body() dto: MfaLoginDto) {
    return this.auth.loginWithCode(actor, dto.mfaToken, dto.code);
  }

  @Post('password')
  @RequirePermission('users:read-self')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Change your own password; every other session of yours ends, this one goes on',
  })
  @ApiNoContentResponse({ description: 'Changed' })
  @ApiAuthed(422)
  async changePassword(
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest & { user: RequestUser },
    @Body() dto: ChangePasswordDto,
  ) {
    await this.security.changePassword(
      actor,
      request.user.sessionId!,
      dto.currentPassword,
      dto.newPassword,
    );
  }

  @Post('mfa/enrolment')
  @RequirePermission('users:read-self')
  @AllowDuringMfaEnrolment()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start enrolling a TOTP second factor: a new secret, inactive until activation',
  })
  @ApiOkResponse({ type: MfaEnrolmentDto })
  @ApiAuthed(409)
  enrol(@CurrentActor() actor: Actor) {
    return this.security.enrol(actor);
  }

  @Post('mfa/activation')
  @RequirePermission('users:read-self')
  @AllowDuringMfaEnrolment()
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Turn the enrolled factor on with a code from it (a session that could only enrol ends)',
  })
  @ApiNoContentResponse({ description: 'Active: sign-ins now need a code' })
  @ApiAuthed(409)
  async activate(
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest & { user: RequestUser },
    @Body() dto: MfaActivationDto,
  ) {
    await this.security.activate(actor, request.user.sessionId!, dto.code);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token (once) for a new pair; reuse revokes the session',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems()
  refresh(@CurrentActor() actor: Actor, @Body() dto: RefreshDto) {
    return this.auth.refresh(actor, dto.refreshToken);
  }

  @Post('logout')
  @RequirePermission('users:read-self')
  @AllowDuringMfaEnrolment()
  @HttpCode(204)
  @ApiOperation({ summary: 'End the current session (its refresh and access tokens stop working)' })
  @ApiNoContentResponse({ description: 'Signed out' })
  @ApiAuthed()
  async logout(
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest & { user: RequestUser },
  ) {
    await this.auth.logout(actor, request.user.sessionId!);
  }

  @Get('me')
  @RequirePermission('users:read-self')
  @AllowDuringMfaEnrolment()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiAuthed()
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(actor);
  }
}
