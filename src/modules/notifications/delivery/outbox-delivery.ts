import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { FieldCipher } from '../../../common/crypto/field-cipher';
import { execute, queryRows, sql } from '../../../common/database/sql';
import { AppConfig } from '../../../config/app-config';
import { sign } from '../../webhooks/domain/signature';
import { WEBHOOK_SECRET_PURPOSE } from '../../webhooks/webhook-secret';
import { afterFailure, describeFailure, retryDelayMs } from '../domain/delivery-rules';
import {
  Audience,
  Language,
  NotificationChannel,
  NotificationStatus,
  RecipientType,
  Template,
} from '../domain/notification-types';
import { PersonLine, renderEmail, TemplateData } from '../domain/templates';
import { OutboxSignal } from '../outbox-signal';
import { contactEmail } from '../recipients';
import { EmailTransport } from './email-transport';
import { postWebhook } from './webhook-sender';

/** A claimed notification, as the claim statement returns it. */
interface Claimed {
  id: string;
  channel: NotificationChannel;
  template: string;
  recipientType: RecipientType;
  recipientId: string;
  language: Language;
  payload: Record<string, unknown>;
  attempts: number;
  createdAt: Date;
}

/** No attempt can succeed (nobody to deliver to): the notification goes dead at once. */
export class UndeliverableError extends Error {
  override name = 'UndeliverableError';
}

const WEBHOOK_TIMEOUT_MS = 10_000;
/** Messages of one batch in flight at once. */
const CONCURRENCY = 4;

/**
 * Delivers the outbox. A batch is claimed in one statement (FOR UPDATE SKIP LOCKED, so
 * workers never take the same rows) that counts the attempt and leases the rows for
 * WORKER_LEASE_SECONDS; no connection is held while a message is sent. A worker killed
 * mid-batch leaves its rows leased: when the lease runs out another worker delivers them
 * again under the same id (at least once). Failures retry with exponential backoff until
 * NOTIFY_MAX_ATTEMPTS, then the notification is dead.
 */
@Injectable()
export class OutboxDelivery {
  private readonly logger = new Logger('Outbox');
  private running: Promise<void> | null = null;
  private stopping = false;
  private sleeper: { cancel: () => void } | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly email: EmailTransport,
    private readonly cipher: FieldCipher,
    private readonly signal: OutboxSignal,
  ) {}

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.loop();
  }

  /** Stops after the batch in flight, waiting at most `graceMs` for it. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    this.sleeper?.cancel();
    if (!this.running) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.running,
      new Promise<void>((done) => (timer = setTimeout(done, graceMs))),
    ]);
    clearTimeout(timer);
    this.running = null;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      let delivered = 0;
      try {
        delivered = await this.runOnce();
        failures = 0;
      } catch (error) {
        failures++;
        // The database may be away: say so once, then back off quietly.
        if (failures === 1) {
          this.logger.warn({ err: { message: describeFailure(error) } }, 'Outbox poll failed');
        }
      }
      if (this.stopping) break;
      if (delivered === 0) {
        const wait = Math.min(
          this.config.WORKER_POLL_INTERVAL_MS * 2 ** Math.min(failures, 5),
          60_000,
        );
        const sleep = this.signal.sleep(wait);
        this.sleeper = sleep;
        await sleep.done;
        this.sleeper = null;
      }
    }
  }

  /**
   * Claims one batch and delivers it; the number of notifications it handled. When the worker
   * stops mid-batch, the messages not yet started are handed back at once (their attempt
   * uncounted) instead of waiting for their lease to run out.
   */
  async runOnce(): Promise<number> {
    const batch = await this.claim();
    let next = 0;
    const work = async () => {
      while (next < batch.length && !this.stopping) {
        const item = batch[next++]!;
        await this.deliver(item);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, batch.length) }, work));
    const untouched = batch.slice(next).map((n) => n.id);
    if (untouched.length > 0) {
      await execute(
        this.dataSource,
        sql(
          `UPDATE notifications SET locked_until = NULL, attempts = attempts - 1
          WHERE id = ANY(:untouched::uuid[]) AND status IN ('pending', 'failed')`,
          { untouched },
        ),
      );
    }
    return batch.length;
  }

  private async claim(): Promise<Claimed[]> {
    const { rows } = await execute<Claimed>(
      this.dataSource,
      sql(
        `UPDATE notifications n
          SET attempts = n.attempts + 1,
              locked_until = now() + make_interval(secs => :leaseSeconds),
              updated_at = now()
        WHERE n.id IN (
          SELECT id FROM notifications
           WHERE status IN ('pending', 'failed') AND next_attempt_at <= now()
             AND (locked_until IS NULL OR locked_until <= now())
           ORDER BY next_attempt_at, id
           LIMIT :batchSize
           FOR UPDATE SKIP LOCKED)
        RETURNING n.id, n.channel, n.template, n.recipient_type AS "recipientType",
                  n.recipient_id AS "recipientId", n.language, n.payload, n.attempts,
                  n.created_at AS "createdAt"`,
        {
          leaseSeconds: this.config.WORKER_LEASE_SECONDS,
          batchSize: this.config.WORKER_BATCH_SIZE,
        },
      ),
    );
    return rows;
  }

  private async deliver(n: Claimed): Promise<void> {
    try {
      if (n.channel === NotificationChannel.Email) await this.sendEmail(n);
      else await this.sendWebhook(n);
    } catch (error) {
      await this.recordFailure(n, error);
      return;
    }
    await execute(
      this.dataSource,
      sql(
        `UPDATE notifications SET status = 'sent', sent_at = now(), locked_until = NULL,
              last_error = NULL, updated_at = now()
        WHERE id = :notificationId`,
        { notificationId: n.id },
      ),
    );
  }

  private async recordFailure(n: Claimed, error: unknown): Promise<void> {
    const dead =
      error instanceof UndeliverableError ||
      afterFailure(n.attempts, this.config.NOTIFY_MAX_ATTEMPTS) === 'dead';
    const delay = retryDelayMs(n.attempts, this.config.NOTIFY_RETRY_BASE_MS);
    await execute(
      this.dataSource,
      sql(
        `UPDATE notifications
          SET status = :status, last_error = :lastError, locked_until = NULL, updated_at = now(),
              next_attempt_at = now() + make_interval(secs => :retryInSeconds)
        WHERE id = :notificationId AND status <> 'sent'`,
        {
          notificationId: n.id,
          status: dead ? NotificationStatus.Dead : NotificationStatus.Failed,
          lastError: describeFailure(error),
          retryInSeconds: dead ? 0 : delay / 1000,
        },
      ),
    );
    if (dead) {
      this.logger.warn(
        `Notification ${n.id} (${n.template}) is dead after ${n.attempts} attempt(s)`,
      );
    }
  }

  private async sendEmail(n: Claimed): Promise<void> {
    const to = await this.address(n);
    const data = n.payload as unknown as TemplateData & {
      audience: Audience;
      personIds?: string[];
    };
    if (n.template === (Template.LimitationReminder as string)) {
      data.persons = await this.persons(data.personIds ?? []);
    }
    const rendered = renderEmail(n.template as Template, n.language, data.audience, data);
    await this.email.send({ id: n.id, to, ...rendered, language: n.language });
  }

  /** The recipient's address now; consent and activity are checked again at delivery. */
  private async address(n: Claimed): Promise<string> {
    if (n.recipientType === RecipientType.Claimant) {
      const [row] = await queryRows<{ contactEnc: string | null; consent: boolean }>(
        this.dataSource,
        sql(
          `SELECT contact_enc AS "contactEnc", notifications_consent AS consent FROM claimants WHERE id = :recipientId`,
          { recipientId: n.recipientId },
        ),
      );
      if (!row?.consent)
        throw new UndeliverableError('The claimant no longer consents to messages');
      const email = contactEmail(this.cipher, row.contactEnc);
      if (!email) throw new UndeliverableError('The claimant has no e-mail address');
      return email;
    }
    const [user] = await queryRows<{ email: string; active: boolean }>(
      this.dataSource,
      sql(`SELECT email, active FROM users WHERE id = :recipientId`, {
        recipientId: n.recipientId,
      }),
    );
    if (!user?.active) throw new UndeliverableError('The user is no longer active');
    return user.email;
  }

  private async persons(ids: string[]): Promise<PersonLine[]> {
    if (ids.length === 0) return [];
    return await queryRows<PersonLine>(
      this.dataSource,
      sql(
        `SELECT full_name AS "fullName", outcome::text AS outcome FROM persons_on_board
        WHERE id = ANY(:ids::uuid[])
        ORDER BY (outcome = 'deceased') DESC, full_name COLLATE "C", id`,
        { ids },
      ),
    );
  }

  private async sendWebhook(n: Claimed): Promise<void> {
    const [subscription] = await queryRows<{
      url: string;
      events: string[];
      secretEnc: string;
      deletedAt: Date | null;
    }>(
      this.dataSource,
      sql(
        `SELECT url, events, secret_enc AS "secretEnc", deleted_at AS "deletedAt"
         FROM webhook_subscriptions WHERE id = :recipientId`,
        { recipientId: n.recipientId },
      ),
    );
    if (!subscription || subscription.deletedAt) {
      throw new UndeliverableError('The webhook subscription was deleted');
    }
    const secret = this.cipher.decrypt(subscription.secretEnc, WEBHOOK_SECRET_PURPOSE);
    const body = JSON.stringify({
      type: n.template,
      timestamp: new Date(n.createdAt).toISOString(),
      data: n.payload,
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await postWebhook(
      subscription.url,
      {
        'webhook-id': n.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': sign(secret, n.id, timestamp, body),
      },
      body,
      { allowPrivate: this.config.webhookPrivateAllowed, timeoutMs: WEBHOOK_TIMEOUT_MS },
    );
    if (res.status < 200 || res.status > 299) {
      throw new Error(`The receiver answered HTTP ${res.status}`);
    }
  }
}
