import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { IncidentsModule } from '../incidents/incidents.module';
import { CompensationProgramme } from './compensation-programme.entity';
import { ProgrammeController, ProgrammesController } from './programmes.controller';
import { ProgrammesService } from './programmes.service';

@Module({
  imports: [TypeOrmModule.forFeature([CompensationProgramme]), IncidentsModule],
  controllers: [ProgrammesController, ProgrammeController],
  providers: [ProgrammesService],
  exports: [ProgrammesService],
})
export class ProgrammesModule {}
