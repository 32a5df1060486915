import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import type { Actor } from '../../common/auth/actor';
import { CurrentActor, RequirePermission } from '../../common/auth/decorators';
import { ApiAuthed, ApiIdParam, ApiIfMatch, UuidParam } from '../../common/http/api';
import { IfMatchVersion } from '../../common/http/if-match';
import {
  CreateUserDto,
  ListUsersQueryDto,
  UpdateUserDto,
  UserPageDto,
  UserResponseDto,
} from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @RequirePermission('users:read')
  @ApiOperation({ summary: 'List users' })
  @ApiOkResponse({ type: UserPageDto })
  @ApiAuthed()
  list(@Query() query: ListUsersQueryDto) {
    return this.users.list(query);
  }

  @Post()
  @RequirePermission('users:manage')
  @ApiOperation({ summary: 'Create a user' })
  @ApiCreatedResponse({ type: UserResponseDto })
  @ApiAuthed(409)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Get(':id')
  @RequirePermission('users:read-self')
  @ApiOperation({ summary: 'Read a user (case workers and lawyers: only themselves)' })
  @ApiIdParam()
  @ApiOkResponse({ type: UserResponseDto })
  @ApiAuthed(404)
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.users.get(actor, id);
  }

  @Patch(':id')
  @RequirePermission('users:manage')
  @ApiOperation({ summary: 'Change a user; active=false deactivates and ends their sessions' })
  @ApiIdParam()
  @ApiIfMatch()
  @ApiOkResponse({ type: UserResponseDto })
  @ApiAuthed(404, 412, 422, 428)
  update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatchVersion() version: number,
    @Body() dto: UpdateUserDto,
  ) {
    return this.users.update(actor, id, version, dto);
  }
}
