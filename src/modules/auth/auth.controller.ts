import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor, Public, RequestUser, RequirePermission } from '../../common/auth/decorators';
import { ApiAuthed, ApiProblems } from '../../common/http/api';
import { UserResponseDto } from '../users/dto/user.dto';
import { AuthService } from './auth.service';
import { LoginDto, RefreshDto, TokenPairDto } from './dto/auth.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in; 10 attempts a minute per account and per address' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems()
  login(@CurrentActor() actor: Actor, @Body() dto: LoginDto) {
    return this.auth.login(actor, dto.email, dto.password);
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
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiAuthed()
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(actor);
  }
}
