import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import type { Actor } from '../../common/auth/actor';
import { CurrentActor, RequirePermission } from '../../common/auth/decorators';
import { ApiAuthed, ApiIdParam, UuidParam } from '../../common/http/api';
import { PageQueryDto } from '../../common/pagination/pagination';
import {
  CreatePaymentDto,
  PaymentPageDto,
  PaymentResponseDto,
  ReversePaymentDto,
} from './dto/payment.dto';
import { IdempotencyKey } from './idempotency-key.decorator';
import { PaymentsService } from './payments.service';

@ApiTags('payments')
@Controller()
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Get('claims/:id/payments')
  @RequirePermission('payments:read')
  @ApiOperation({ summary: 'List the payments ledger of a claim, reversals included' })
  @ApiIdParam('id', 'Claim')
  @ApiOkResponse({ type: PaymentPageDto })
  @ApiAuthed(404)
  list(@CurrentActor() actor: Actor, @UuidParam() claimId: string, @Query() query: PageQueryDto) {
    return this.payments.list(actor, claimId, query);
  }

  @Post('claims/:id/payments')
  @RequirePermission('payments:record')
  @ApiOperation({
    summary: 'Record a payment (idempotent by Idempotency-Key)',
    description:
      'The same key with the same body returns the first result (header Idempotent-Replayed: true); the same key with another body answers 422. Payments never total more than the approved amount (before approval: the claimed amount).',
  })
  @ApiIdParam('id', 'Claim')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'Unique per payment request, 8 to 100 visible ASCII characters (a UUID fits)',
  })
  @ApiCreatedResponse({ type: PaymentResponseDto })
  @ApiAuthed(404, 409, 422)
  async record(
    @CurrentActor() actor: Actor,
    @UuidParam() claimId: string,
    @IdempotencyKey() idempotencyKey: string,
    @Body() dto: CreatePaymentDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PaymentResponseDto> {
    const { payment, replayed } = await this.payments.record(actor, claimId, idempotencyKey, dto);
    if (replayed) void reply.header('Idempotent-Replayed', 'true');
    return payment;
  }

  @Post('payments/:id/reversal')
  @RequirePermission('payments:reverse')
  @ApiOperation({ summary: 'Reverse a payment with a new, opposite ledger entry' })
  @ApiIdParam('id', 'Payment')
  @ApiCreatedResponse({ type: PaymentResponseDto })
  @ApiAuthed(404, 409)
  reverse(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: ReversePaymentDto) {
    return this.payments.reverse(actor, id, dto);
  }
}
