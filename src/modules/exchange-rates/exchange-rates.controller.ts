import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import type { Actor } from '../../common/auth/actor';
import { CurrentActor, RequirePermission } from '../../common/auth/decorators';
import { ApiAuthed } from '../../common/http/api';
import {
  CreateExchangeRateDto,
  ExchangeRatePageDto,
  ExchangeRateResponseDto,
  ListExchangeRatesQueryDto,
} from './dto/exchange-rate.dto';
import { ExchangeRatesService } from './exchange-rates.service';

@ApiTags('exchange-rates')
@Controller('exchange-rates')
export class ExchangeRatesController {
  constructor(private readonly rates: ExchangeRatesService) {}

  @Get()
  @RequirePermission('exchange_rates:read')
  @ApiOperation({
    summary: 'List recorded exchange rates',
    description: 'Filters: base, quote, and a rateDate range (from, to). Not for lawyers.',
  })
  @ApiOkResponse({ type: ExchangeRatePageDto })
  @ApiAuthed()
  list(@Query() query: ListExchangeRatesQueryDto) {
    return this.rates.list(query);
  }

  @Post()
  @RequirePermission('exchange_rates:manage')
  @ApiOperation({
    summary: 'Record an exchange rate',
    description:
      'Rates are never edited: a correction is a new rate for the same pair and date, and the newest one wins for payments recorded after it. Payments already recorded keep the rate they used.',
  })
  @ApiCreatedResponse({ type: ExchangeRateResponseDto })
  @ApiAuthed()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateExchangeRateDto) {
    return this.rates.create(actor, dto);
  }
}
