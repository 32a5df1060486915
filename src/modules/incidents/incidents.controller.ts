import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import type { Actor } from '../../common/auth/actor';
import { CurrentActor, RequirePermission } from '../../common/auth/decorators';
import { ApiAuthed, ApiIdParam, ApiIfMatch, UuidParam } from '../../common/http/api';
import { IfMatchVersion } from '../../common/http/if-match';
import { PageQueryDto } from '../../common/pagination/pagination';
import {
  CreateIncidentDto,
  IncidentPageDto,
  IncidentResponseDto,
  UpdateIncidentDto,
} from './dto/incident.dto';
import { IncidentsService } from './incidents.service';

@ApiTags('incidents')
@Controller('incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Get()
  @RequirePermission('incidents:read')
  @ApiOperation({ summary: 'List incidents' })
  @ApiOkResponse({ type: IncidentPageDto })
  @ApiAuthed()
  list(@Query() query: PageQueryDto) {
    return this.incidents.list(query);
  }

  @Post()
  @RequirePermission('incidents:manage')
  @ApiOperation({ summary: 'Register an incident' })
  @ApiCreatedResponse({ type: IncidentResponseDto })
  @ApiAuthed(409)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateIncidentDto) {
    return this.incidents.create(actor, dto);
  }

  @Get(':id')
  @RequirePermission('incidents:read')
  @ApiOperation({ summary: 'Read an incident' })
  @ApiIdParam()
  @ApiOkResponse({ type: IncidentResponseDto })
  @ApiAuthed(404)
  get(@UuidParam() id: string) {
    return this.incidents.get(id);
  }

  @Patch(':id')
  @RequirePermission('incidents:manage')
  @ApiOperation({ summary: 'Correct an incident' })
  @ApiIdParam()
  @ApiIfMatch()
  @ApiOkResponse({ type: IncidentResponseDto })
  @ApiAuthed(404, 409, 412, 428)
  update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatchVersion() version: number,
    @Body() dto: UpdateIncidentDto,
  ) {
    return this.incidents.update(actor, id, version, dto);
  }
}
