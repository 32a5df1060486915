import { Global, Module } from '@nestjs/common';

import { BackgroundWorker } from './background-worker';
import { ClaimNotifier } from './claim-notifier';
import { EmailTransport } from './delivery/email-transport';
import { OutboxDelivery } from './delivery/outbox-delivery';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { OutboxSignal } from './outbox-signal';
import { OutboxWriter } from './outbox-writer';
import { ReminderSweep } from './reminders/reminder-sweep';

/**
 * Notifications (docs/api.md#notifications-and-webhooks). Global: claims, payments and documents write their
 * notifications through ClaimNotifier in their own transactions.
 */
@Global()
@Module({
  controllers: [NotificationsController],
  providers: [
    NotificationsService,
    OutboxWriter,
    OutboxSignal,
    ClaimNotifier,
    EmailTransport,
    OutboxDelivery,
    ReminderSweep,
    BackgroundWorker,
  ],
  exports: [ClaimNotifier, OutboxWriter, NotificationsService, OutboxDelivery, ReminderSweep],
})
export class NotificationsModule {}
