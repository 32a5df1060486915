import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../../common/auth/decorators';
import { ApiAuthed } from '../../common/http/api';
import { AuditCheckpointsService } from './audit-checkpoints.service';
import { AuditQueryService } from './audit-query.service';
import {
  AuditCheckpointPageDto,
  AuditEventPageDto,
  ChainVerificationDto,
  ListAuditEventsQueryDto,
  ListCheckpointsQueryDto,
} from './dto/audit.dto';

@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(
    private readonly audit: AuditQueryService,
    private readonly checkpointService: AuditCheckpointsService,
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
  @ApiOperation({ summary: 'Recompute the hash chain and report the first event that fails' })
  @ApiOkResponse({ type: ChainVerificationDto })
  @ApiAuthed()
  verify() {
    return this.audit.verify();
  }
}
