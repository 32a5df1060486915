import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import type { Actor } from '../../common/auth/actor';
import { CurrentActor, RequirePermission } from '../../common/auth/decorators';
import { ApiAuthed } from '../../common/http/api';
import { AuditCheckpointsService } from './audit-checkpoints.service';
import { AuditQueryService } from './audit-query.service';
import { AuditVerificationService } from './audit-verification.service';
import {
  AuditCheckpointPageDto,
  AuditEventPageDto,
  ChainVerificationDto,
  ChainVerificationPendingDto,
  ListAuditEventsQueryDto,
  ListCheckpointsQueryDto,
  VerificationQueryDto,
} from './dto/audit.dto';

@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(
    private readonly audit: AuditQueryService,
    private readonly checkpointService: AuditCheckpointsService,
    private readonly verifications: AuditVerificationService,
  ) {}

  @Get()
  @RequirePermission('audit:read')
  @ApiOperation({ summary: 'The audit log, oldest first, with filters' })
  @ApiOkResponse({ type: AuditEventPageDto })
  @ApiAuthed()
  list(@Query() query: ListAuditEventsQueryDto) {
    return this.audit.list(query);
  }

  @Get('checkpoints')
  @RequirePermission('audit:read')
  @ApiOperation({
    summary:
      'Signed checkpoints of the chain, newest first, with the public key: keep copies outside the service',
  })
  @ApiOkResponse({ type: AuditCheckpointPageDto })
  @ApiAuthed()
  checkpoints(@Query() query: ListCheckpointsQueryDto) {
    return this.checkpointService.list(query);
  }

  @Get('verification')
  @RequirePermission('audit:read')
  @ApiOperation({
    summary: 'Recompute the hash chain and report the first event that fails',
    description:
      'Runs as a background job that starts after the request arrives (requests arriving while one is queued share it), so the answer covers every event written before the request. The request waits for it up to AUDIT_VERIFICATION_WAIT_MS; a longer run answers 202 with its id: ask again with `?id=` (see Location).',
  })
  @ApiOkResponse({ type: ChainVerificationDto })
  @ApiAcceptedResponse({
    type: ChainVerificationPendingDto,
    description: 'Still running: ask again at Location after Retry-After seconds',
  })
  @ApiResponse({ status: 503, description: 'The verification could not be completed' })
  @ApiAuthed(404)
  async verify(
    @CurrentActor() actor: Actor,
    @Query() query: VerificationQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const answer = await this.verifications.answer(actor, query.id);
    if (answer.done) return answer.result;
    void reply
      .status(202)
      .header('retry-after', '5')
      .header('location', `/api/v1/audit-events/verification?id=${answer.pending.verificationId}`);
    return answer.pending;
  }
}
