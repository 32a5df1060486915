import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';

import { DocumentsModule } from '../documents/documents.module';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), DocumentsModule],
  controllers: [HealthController],
})
export class HealthModule {}
