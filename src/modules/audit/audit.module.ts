import { Global, Module } from '@nestjs/common';

import { AccessDenialsService } from './access-denials.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { AuditCheckpointsService } from './audit-checkpoints.service';
import { AuditQueryService } from './audit-query.service';
import { AuditVerificationService } from './audit-verification.service';

/** Global: every feature writes its events through AuditService in its own transaction. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [
    AuditService,
    AuditQueryService,
    AccessDenialsService,
    AuditCheckpointsService,
    AuditVerificationService,
  ],
  exports: [AuditService, AccessDenialsService, AuditVerificationService],
})
export class AuditModule {}
