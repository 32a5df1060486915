import { Module } from '@nestjs/common';

import { ClaimantsModule } from '../claimants/claimants.module';
import { ExchangeRatesModule } from '../exchange-rates/exchange-rates.module';
import { ClaimReadAlong } from './claim-read-along';
import { ClaimTransitionsService } from './claim-transitions.service';
import { ClaimViews } from './claim-views';
import { ClaimsController } from './claims.controller';
import { ClaimsService } from './claims.service';
import { NotesService } from './notes.service';

@Module({
  imports: [ClaimantsModule, ExchangeRatesModule],
  controllers: [ClaimsController],
  providers: [ClaimsService, ClaimTransitionsService, NotesService, ClaimViews, ClaimReadAlong],
  exports: [ClaimViews],
})
export class ClaimsModule {}
