import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import type { Actor } from '../../common/auth/actor';
import { CurrentActor, RequirePermission } from '../../common/auth/decorators';
import { ApiAuthed, ApiIdParam, UuidParam } from '../../common/http/api';
import { PageQueryDto } from '../../common/pagination/pagination';
import {
  CreatedWebhookSubscriptionDto,
  CreateWebhookSubscriptionDto,
  WebhookSubscriptionPageDto,
} from './dto/webhook-subscription.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@Controller('webhook-subscriptions')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @RequirePermission('webhooks:manage')
  @ApiOperation({ summary: 'Webhook subscriptions (their secrets are never shown again)' })
  @ApiOkResponse({ type: WebhookSubscriptionPageDto })
  @ApiAuthed()
  list(@Query() query: PageQueryDto) {
    return this.webhooks.list(query);
  }

  @Post()
  @RequirePermission('webhooks:manage')
  @ApiOperation({
    summary: 'Subscribe an endpoint to event types; the answer shows its signing secret once',
  })
  @ApiCreatedResponse({ type: CreatedWebhookSubscriptionDto })
  @ApiAuthed(422)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateWebhookSubscriptionDto) {
    return this.webhooks.create(actor, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('webhooks:manage')
  @ApiOperation({ summary: 'Delete a subscription: no further deliveries, pending ones included' })
  @ApiIdParam()
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiAuthed(404)
  remove(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.webhooks.remove(actor, id);
  }
}
