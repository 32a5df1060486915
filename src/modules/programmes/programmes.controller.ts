import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import type { Actor } from '../../common/auth/actor';
import { CurrentActor, RequirePermission } from '../../common/auth/decorators';
import { ApiAuthed, ApiIdParam, ApiIfMatch, UuidParam } from '../../common/http/api';
import { IfMatchVersion } from '../../common/http/if-match';
import { PageQueryDto } from '../../common/pagination/pagination';
import {
  CreateProgrammeDto,
  CreateProgrammeEventDto,
  ProgrammeEventPageDto,
  ProgrammeEventResponseDto,
  ProgrammePageDto,
  ProgrammeResponseDto,
  UpdateProgrammeDto,
} from './dto/programme.dto';
import { ProgrammesService } from './programmes.service';

@ApiTags('programmes')
@Controller('incidents/:id/programmes')
export class ProgrammesController {
  constructor(private readonly programmes: ProgrammesService) {}

  @Get()
  @RequirePermission('programmes:read')
  @ApiOperation({ summary: 'List the compensation programmes of an incident' })
  @ApiIdParam('id', 'Incident')
  @ApiOkResponse({ type: ProgrammePageDto })
  @ApiAuthed(404)
  list(@UuidParam() incidentId: string, @Query() query: PageQueryDto) {
    return this.programmes.list(incidentId, query);
  }

  @Post()
  @RequirePermission('programmes:manage')
  @ApiOperation({ summary: 'Create a compensation programme' })
  @ApiIdParam('id', 'Incident')
  @ApiCreatedResponse({ type: ProgrammeResponseDto })
  @ApiAuthed(404, 409)
  create(
    @CurrentActor() actor: Actor,
    @UuidParam() incidentId: string,
    @Body() dto: CreateProgrammeDto,
  ) {
    return this.programmes.create(actor, incidentId, dto);
  }
}

@ApiTags('programmes')
@Controller('programmes/:id')
export class ProgrammeController {
  constructor(private readonly programmes: ProgrammesService) {}

  @Get()
  @RequirePermission('programmes:read')
  @ApiOperation({ summary: 'Read a compensation programme (ETag: its version)' })
  @ApiIdParam('id', 'Programme')
  @ApiOkResponse({ type: ProgrammeResponseDto })
  @ApiAuthed(404)
  get(@UuidParam() id: string) {
    return this.programmes.get(id);
  }

  @Patch()
  @RequirePermission('programmes:manage')
  @ApiOperation({
    summary: 'Change a programme; a change of status carries its event',
    description:
      'Status follows announced → pledged → open → closed, with suspended reachable from pledged and open and back (409 otherwise). A change of status needs `event` (400 PROGRAMME_EVENT_REQUIRED), which is appended to the programme’s record, and stamps the status’s date from it; open needs a currency (422).',
  })
  @ApiIdParam('id', 'Programme')
  @ApiIfMatch()
  @ApiOkResponse({ type: ProgrammeResponseDto })
  @ApiAuthed(404, 409, 412, 422, 428)
  update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatchVersion() version: number,
    @Body() dto: UpdateProgrammeDto,
  ) {
    return this.programmes.update(actor, id, version, dto);
  }

  @Get('events')
  @RequirePermission('programme_events:read')
  @ApiOperation({ summary: 'The programme’s public record: its dated events and their sources' })
  @ApiIdParam('id', 'Programme')
  @ApiOkResponse({ type: ProgrammeEventPageDto })
  @ApiAuthed(404)
  events(@UuidParam() id: string, @Query() query: PageQueryDto) {
    return this.programmes.listEvents(id, query);
  }

  @Post('events')
  @RequirePermission('programmes:manage')
  @ApiOperation({ summary: 'Append an event to the programme’s record (never edited)' })
  @ApiIdParam('id', 'Programme')
  @ApiCreatedResponse({ type: ProgrammeEventResponseDto })
  @ApiAuthed(404)
  addEvent(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: CreateProgrammeEventDto,
  ) {
    return this.programmes.createEvent(actor, id, dto);
  }
}
