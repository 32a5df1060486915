import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import type { Actor } from '../../common/auth/actor';
import { CurrentActor, RequirePermission } from '../../common/auth/decorators';
import { ReadAlongResult, ReadAlongWithAccessCheck } from '../../common/auth/read-along';
import { ApiAuthed, ApiIdParam, ApiIfMatch, UuidParam } from '../../common/http/api';
import { IfMatchVersion } from '../../common/http/if-match';
import { PageQueryDto } from '../../common/pagination/pagination';
import { ClaimReadAlong } from './claim-read-along';
import { ClaimTransitionsService } from './claim-transitions.service';
import type { ClaimRow } from './claim-views';
import { ClaimsService } from './claims.service';
import {
  ClaimPageDto,
  ClaimResponseDto,
  CreateClaimDto,
  ListClaimsQueryDto,
  UpdateClaimDto,
} from './dto/claim.dto';
import { CreateNoteDto, NotePageDto, NoteResponseDto } from './dto/note.dto';
import { ClaimTransitionPageDto, TransitionClaimDto } from './dto/transition.dto';
import { NotesService } from './notes.service';

@ApiTags('claims')
@Controller('claims')
export class ClaimsController {
  constructor(
    private readonly claims: ClaimsService,
    private readonly transitions: ClaimTransitionsService,
    private readonly notes: NotesService,
  ) {}

  @Get()
  @RequirePermission('claims:read')
  @ApiOperation({ summary: 'List claims (a lawyer sees only their clients’ claims)' })
  @ApiOkResponse({ type: ClaimPageDto })
  @ApiAuthed()
  list(@CurrentActor() actor: Actor, @Query() query: ListClaimsQueryDto) {
    return this.claims.list(actor, query);
  }

  @Post()
  @RequirePermission('claims:create')
  @ApiOperation({ summary: 'File a claim (a draft) for a claimant under a programme' })
  @ApiCreatedResponse({ type: ClaimResponseDto })
  @ApiAuthed(404, 422)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateClaimDto) {
    return this.claims.create(actor, dto);
  }

  @Get(':id')
  @RequirePermission('claims:read')
  @ReadAlongWithAccessCheck(ClaimReadAlong)
  @ApiOperation({ summary: 'Read a claim with the caller’s allowed transitions' })
  @ApiIdParam()
  @ApiOkResponse({ type: ClaimResponseDto })
  @ApiAuthed(404)
  get(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @ReadAlongResult() readAhead: { row: ClaimRow | null } | undefined,
  ) {
    return this.claims.get(actor, id, readAhead);
  }

  @Patch(':id')
  @RequirePermission('claims:update')
  @ApiOperation({
    summary: 'Edit a draft claim, or (admins and case workers) assign its case worker',
  })
  @ApiIdParam()
  @ApiIfMatch()
  @ApiOkResponse({ type: ClaimResponseDto })
  @ApiAuthed(404, 409, 412, 422, 428)
  update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatchVersion() version: number,
    @Body() dto: UpdateClaimDto,
  ) {
    return this.claims.update(actor, id, version, dto);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @RequirePermission('claims:transition')
  @ApiOperation({ summary: 'Move the claim to another status (docs/api.md#the-claim-lifecycle)' })
  @ApiIdParam()
  @ApiIfMatch()
  @ApiOkResponse({ type: ClaimResponseDto, description: 'The claim after the transition' })
  @ApiAuthed(404, 409, 412, 422, 428)
  transition(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatchVersion() version: number,
    @Body() dto: TransitionClaimDto,
  ) {
    return this.transitions.transition(actor, id, version, dto);
  }

  @Get(':id/transitions')
  @RequirePermission('claims:read')
  @ApiOperation({ summary: 'The claim’s status history, oldest first' })
  @ApiIdParam()
  @ApiOkResponse({ type: ClaimTransitionPageDto })
  @ApiAuthed(404)
  listTransitions(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: PageQueryDto,
  ) {
    return this.transitions.list(actor, id, query);
  }

  @Get(':id/notes')
  @RequirePermission('notes:read')
  @ApiOperation({ summary: 'Notes on the claim (lawyers: shared notes only)' })
  @ApiIdParam()
  @ApiOkResponse({ type: NotePageDto })
  @ApiAuthed(404)
  listNotes(@CurrentActor() actor: Actor, @UuidParam() id: string, @Query() query: PageQueryDto) {
    return this.notes.list(actor, id, query);
  }

  @Post(':id/notes')
  @RequirePermission('notes:create')
  @ApiOperation({ summary: 'Write a note on the claim (lawyers: shared notes only)' })
  @ApiIdParam()
  @ApiCreatedResponse({ type: NoteResponseDto })
  @ApiAuthed(404)
  createNote(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: CreateNoteDto) {
    return this.notes.create(actor, id, dto);
  }
}
