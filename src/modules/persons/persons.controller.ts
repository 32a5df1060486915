import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import type { Actor } from '../../common/auth/actor';
import { CurrentActor, RequirePermission } from '../../common/auth/decorators';
import { ApiAuthed, ApiIdParam, ApiIfMatch, UuidParam } from '../../common/http/api';
import { IfMatchVersion } from '../../common/http/if-match';
import {
  CreatePersonDto,
  ListPersonsQueryDto,
  PersonPageDto,
  PersonResponseDto,
  UpdatePersonDto,
} from './dto/person.dto';
import { CompensationQueryDto, PersonCompensationDto } from './dto/person-compensation.dto';
import { PersonCompensationService } from './person-compensation.service';
import { PersonsService } from './persons.service';

@ApiTags('persons')
@Controller()
export class PersonsController {
  constructor(
    private readonly persons: PersonsService,
    private readonly compensationPositions: PersonCompensationService,
  ) {}

  @Get('incidents/:id/persons')
  @RequirePermission('persons:read')
  @ApiOperation({ summary: 'List the persons on board of an incident' })
  @ApiIdParam('id', 'Incident')
  @ApiOkResponse({ type: PersonPageDto })
  @ApiAuthed(404)
  list(
    @CurrentActor() actor: Actor,
    @UuidParam() incidentId: string,
    @Query() query: ListPersonsQueryDto,
  ) {
    return this.persons.list(actor, incidentId, query);
  }

  @Post('incidents/:id/persons')
  @RequirePermission('persons:manage')
  @ApiOperation({ summary: 'Record a person on board' })
  @ApiIdParam('id', 'Incident')
  @ApiCreatedResponse({ type: PersonResponseDto })
  @ApiAuthed(404)
  create(
    @CurrentActor() actor: Actor,
    @UuidParam() incidentId: string,
    @Body() dto: CreatePersonDto,
  ) {
    return this.persons.create(actor, incidentId, dto);
  }

  @Get('persons/:id')
  @RequirePermission('persons:read')
  @ApiOperation({ summary: 'Read a person on board (reading the identity document is audited)' })
  @ApiIdParam()
  @ApiOkResponse({ type: PersonResponseDto })
  @ApiAuthed(404)
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.persons.get(actor, id);
  }

  @Get('persons/:id/compensation')
  @RequirePermission('persons:read-compensation')
  @ApiOperation({
    summary: 'One person’s compensation position with every payer',
    description:
      'Per programme of the incident: eligibility, claimed, approved, paid, outstanding and to recover, in the programme’s currency; no sum across currencies unless ?in= is given. Lawyers: only their clients’ persons, and only their clients’ claims count.',
  })
  @ApiIdParam()
  @ApiOkResponse({ type: PersonCompensationDto })
  @ApiAuthed(404, 422)
  compensation(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: CompensationQueryDto,
  ) {
    return this.compensationPositions.position(actor, id, query);
  }

  @Patch('persons/:id')
  @RequirePermission('persons:manage')
  @ApiOperation({
    summary: 'Correct a person on board',
    description:
      'The outcome changes only while no claim (not withdrawn) or claimant on file presupposes the current one: 409 PERSON_OUTCOME_CONFLICT names them.',
  })
  @ApiIdParam()
  @ApiIfMatch()
  @ApiOkResponse({ type: PersonResponseDto })
  @ApiAuthed(404, 409, 412, 428)
  update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatchVersion() version: number,
    @Body() dto: UpdatePersonDto,
  ) {
    return this.persons.update(actor, id, version, dto);
  }
}
