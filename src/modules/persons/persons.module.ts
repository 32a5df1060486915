import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { ExchangeRatesModule } from '../exchange-rates/exchange-rates.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { PersonCompensationService } from './person-compensation.service';
import { PersonOnBoard } from './person-on-board.entity';
import { PersonsController } from './persons.controller';
import { PersonsService } from './persons.service';

@Module({
  imports: [TypeOrmModule.forFeature([PersonOnBoard]), IncidentsModule, ExchangeRatesModule],
  controllers: [PersonsController],
  providers: [PersonsService, PersonCompensationService],
  exports: [PersonsService],
})
export class PersonsModule {}
