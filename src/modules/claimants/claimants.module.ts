import { Module } from '@nestjs/common';

import { ClaimantsController } from './claimants.controller';
import { ClaimantsService } from './claimants.service';
import { RepresentationsService } from './representations.service';

@Module({
  controllers: [ClaimantsController],
  providers: [ClaimantsService, RepresentationsService],
  exports: [ClaimantsService],
})
export class ClaimantsModule {}
