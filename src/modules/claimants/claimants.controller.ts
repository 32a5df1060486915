import { Body, Controller, Delete, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import type { Actor } from '../../common/auth/actor';
import { CurrentActor, RequirePermission } from '../../common/auth/decorators';
import { ApiAuthed, ApiIdParam, ApiIfMatch, UuidParam } from '../../common/http/api';
import { IfMatchVersion } from '../../common/http/if-match';
import { ClaimantsService } from './claimants.service';
import {
  ClaimantPageDto,
  ClaimantResponseDto,
  CreateClaimantDto,
  ListClaimantsQueryDto,
  UpdateClaimantDto,
} from './dto/claimant.dto';
import { CreateRepresentationDto, RepresentationResponseDto } from './dto/representation.dto';
import { RepresentationsService } from './representations.service';

@ApiTags('claimants')
@Controller('claimants')
export class ClaimantsController {
  constructor(
    private readonly claimants: ClaimantsService,
    private readonly representations: RepresentationsService,
  ) {}

  @Get()
  @RequirePermission('claimants:read')
  @ApiOperation({
    summary: 'List claimants (a lawyer sees only their clients; personal data masked)',
  })
  @ApiOkResponse({ type: ClaimantPageDto })
  @ApiAuthed()
  list(@CurrentActor() actor: Actor, @Query() query: ListClaimantsQueryDto) {
    return this.claimants.list(actor, query);
  }

  @Post()
  @RequirePermission('claimants:manage')
  @ApiOperation({ summary: 'Register a claimant for a person on board' })
  @ApiCreatedResponse({ type: ClaimantResponseDto })
  @ApiAuthed(404, 422)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateClaimantDto) {
    return this.claimants.create(actor, dto);
  }

  @Get(':id')
  @RequirePermission('claimants:read')
  @ApiOperation({
    summary:
      'Read a claimant (contact and bank details in full: an audited read; masked for auditors)',
  })
  @ApiIdParam()
  @ApiOkResponse({ type: ClaimantResponseDto })
  @ApiAuthed(404)
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.claimants.get(actor, id);
  }

  @Patch(':id')
  @RequirePermission('claimants:update')
  @ApiOperation({
    summary: 'Change a claimant (a lawyer: contact and bank details of their own clients only)',
  })
  @ApiIdParam()
  @ApiIfMatch()
  @ApiOkResponse({ type: ClaimantResponseDto })
  @ApiAuthed(404, 412, 422, 428)
  update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatchVersion() version: number,
    @Body() dto: UpdateClaimantDto,
  ) {
    return this.claimants.update(actor, id, version, dto);
  }

  @Post(':id/representations')
  @RequirePermission('representations:manage')
  @ApiOperation({ summary: 'Start a lawyer’s representation of the claimant' })
  @ApiIdParam('id', 'Claimant')
  @ApiCreatedResponse({ type: RepresentationResponseDto })
  @ApiAuthed(404, 409, 422)
  startRepresentation(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: CreateRepresentationDto,
  ) {
    return this.representations.start(actor, id, dto);
  }

  @Delete(':id/representations/:lawyerId')
  @RequirePermission('representations:manage')
  @ApiOperation({ summary: 'End a lawyer’s representation (the record is kept as history)' })
  @ApiIdParam('id', 'Claimant')
  @ApiIdParam('lawyerId', 'Lawyer')
  @ApiOkResponse({ type: RepresentationResponseDto })
  @ApiAuthed(404)
  endRepresentation(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @UuidParam('lawyerId') lawyerId: string,
  ) {
    return this.representations.end(actor, id, lawyerId);
  }
}
