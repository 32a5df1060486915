import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor, RequirePermission } from '../../common/auth/decorators';
import { ApiAuthed, ApiIdParam, UuidParam } from '../../common/http/api';
import { PageQueryDto } from '../../common/pagination/pagination';
import { CreateProgrammeDto, ProgrammePageDto, ProgrammeResponseDto } from './dto/programme.dto';
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
