import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import type { Actor } from '../../common/auth/actor';
import { FieldCipher } from '../../common/crypto/field-cipher';
import { notFound } from '../../common/errors/errors';
import { mapPage, Page, PageQueryDto, paginate } from '../../common/pagination/pagination';
import { AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import { EventType } from '../notifications/domain/notification-types';
import { checkUrlForm, hostOf, isPublicAddress } from './domain/address-policy';
import { generateSecret } from './domain/signature';
import { WebhookErrorCode, WebhookRuleError } from './domain/webhook-errors';
import {
  CreatedWebhookSubscriptionDto,
  CreateWebhookSubscriptionDto,
  WebhookSubscriptionResponseDto,
} from './dto/webhook-subscription.dto';
import { WEBHOOK_SECRET_PURPOSE } from './webhook-secret';
import { WebhookSubscription } from './webhook-subscription.entity';

function toResponse(s: WebhookSubscription): WebhookSubscriptionResponseDto {
  return {
    id: s.id,
    url: s.url,
    events: s.events as EventType[],
    createdBy: s.createdBy,
    createdAt: s.createdAt.toISOString(),
  };
}

/** Webhook subscriptions (admin): the secret is encrypted at rest and shown once. */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async list(query: PageQueryDto): Promise<Page<WebhookSubscriptionResponseDto>> {
    const qb = this.dataSource.manager
      .createQueryBuilder(WebhookSubscription, 's')
      .where('s.deletedAt IS NULL');
    return mapPage(await paginate(qb, query), toResponse);
  }

  async create(
    actor: Actor,
    dto: CreateWebhookSubscriptionDto,
  ): Promise<CreatedWebhookSubscriptionDto> {
    await this.assertReachable(dto.url);
    const secret = dto.secret ?? generateSecret();
    return this.dataSource.transaction(async (manager) => {
      const subscription = manager.create(WebhookSubscription, {
        url: dto.url,
        events: [...dto.events],
        secretEnc: this.cipher.encrypt(secret, WEBHOOK_SECRET_PURPOSE),
        createdBy: actor.userId,
        deletedAt: null,
      });
      await manager.insert(WebhookSubscription, subscription);
      const saved = await manager.findOneByOrFail(WebhookSubscription, { id: subscription.id });
      await this.audit.record(manager, actor, {
        action: 'webhook_subscription.create',
        entityType: 'webhook_subscription',
        entityId: saved.id,
        // The URL may carry a token of the receiver's: only its origin is logged.
        changes: { origin: new URL(saved.url).origin, events: saved.events },
      });
      return { ...toResponse(saved), secret };
    });
  }

  /** Stops every delivery to it, pending ones included; the row stays for the history. */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(WebhookSubscription)
        .set({ deletedAt: () => 'now()' })
        .where('id = :id AND deleted_at IS NULL', { id })
        .execute();
      if (!result.affected) throw notFound('Webhook subscription');
      await this.audit.record(manager, actor, {
        action: 'webhook_subscription.delete',
        entityType: 'webhook_subscription',
        entityId: id,
        changes: {},
      });
    });
  }

  /**
   * SSRF rules at subscription time (they are checked again at every delivery, on the
   * address actually connected to): unless private targets are allowed, the host and every
   * address it resolves to must be public.
   */
  private async assertReachable(raw: string): Promise<void> {
    const form = checkUrlForm(raw);
    if ('refusal' in form) {
      throw new WebhookRuleError(
        WebhookErrorCode.UrlNotAllowed,
        `The URL is refused (${form.refusal})`,
      );
    }
    if (this.config.webhookPrivateAllowed) return;
    const host = hostOf(form.url);
    let addresses: string[];
    if (isIP(host)) {
      addresses = [host];
    } else {
      try {
        addresses = (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
      } catch {
        throw new WebhookRuleError(
          WebhookErrorCode.UrlNotAllowed,
          `The host ${host} does not resolve, so its addresses cannot be checked`,
        );
      }
    }
    const refused = addresses.filter((a) => !isPublicAddress(a));
    if (addresses.length === 0 || refused.length > 0) {
      throw new WebhookRuleError(
        WebhookErrorCode.UrlNotAllowed,
        `The host ${host} is, or resolves to, a loopback, link-local or private address (${refused.join(', ')}); set WEBHOOK_ALLOW_PRIVATE=true to allow it`,
      );
    }
  }
}
