/**
 * What the notification feature speaks of, as plain data: no Nest or TypeORM here. Values are
 * stored as they are.
 */
export enum NotificationChannel {
  Email = 'email',
  Webhook = 'webhook',
}

export enum NotificationStatus {
  Pending = 'pending',
  Sent = 'sent',
  /** The last attempt failed; another follows at `nextAttemptAt`. */
  Failed = 'failed',
  /** No further attempt: out of attempts, or nobody left to deliver to. */
  Dead = 'dead',
}

export enum RecipientType {
  User = 'user',
  Claimant = 'claimant',
  WebhookSubscription = 'webhook_subscription',
}

/** Languages of the templates' readers (docs/api.md); az and kk fall back to English. */
export enum Language {
  En = 'en',
  Ru = 'ru',
  Az = 'az',
  Kk = 'kk',
}

/** Webhook event types (docs/api.md#notifications-and-webhooks); also the templates of the matching e-mails. */
export enum EventType {
  ClaimStatusChanged = 'claim.status_changed',
  ClaimInformationRequested = 'claim.information_requested',
  PaymentRecorded = 'payment.recorded',
  DocumentUploaded = 'document.uploaded',
  LimitationReminder = 'limitation.reminder',
  InformationRequestReminder = 'information_request.reminder',
}

/** E-mail templates: one per event type, plus the ones only staff receive. */
export enum Template {
  ClaimStatusChanged = 'claim.status_changed',
  ClaimInformationRequested = 'claim.information_requested',
  PaymentRecorded = 'payment.recorded',
  DocumentUploaded = 'document.uploaded',
  LimitationReminder = 'limitation.reminder',
  InformationRequestReminder = 'information_request.reminder',
  /** To the assigned case worker: a lawyer answered an information request. */
  InformationProvided = 'claim.information_provided',
  /** To the case worker: a lawyer filed (submitted) a claim. */
  ClaimFiled = 'claim.filed',
  /** To administrators: an assessed claim waits for approval. */
  AwaitingApproval = 'claim.awaiting_approval',
}

/** Who reads an e-mail: it decides the "what to do next" line. */
export type Audience = 'claimant' | 'lawyer' | 'case_worker' | 'admin';

export const EVENT_TYPES: readonly EventType[] = Object.values(EventType);
