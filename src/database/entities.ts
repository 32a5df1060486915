import { AccessDenial } from '../modules/audit/access-denial.entity';
import { AuditCheckpoint } from '../modules/audit/audit-checkpoint.entity';
import { AuditEvent } from '../modules/audit/audit-event.entity';
import { AuditVerification } from '../modules/audit/audit-verification.entity';
import { RateLimitBucket } from '../modules/auth/rate-limit-bucket.entity';
import { RefreshToken } from '../modules/auth/refresh-token.entity';
import { Claimant } from '../modules/claimants/claimant.entity';
import { Representation } from '../modules/claimants/representation.entity';
import { Claim } from '../modules/claims/claim.entity';
import { ClaimReferenceCounter } from '../modules/claims/claim-reference-counter.entity';
import { ClaimTransition } from '../modules/claims/claim-transition.entity';
import { Note } from '../modules/claims/note.entity';
import { ClaimDocument } from '../modules/documents/document.entity';
import { ExchangeRate } from '../modules/exchange-rates/exchange-rate.entity';
import { Incident } from '../modules/incidents/incident.entity';
import { Notification } from '../modules/notifications/notification.entity';
import { ReminderOccurrence } from '../modules/notifications/reminder-occurrence.entity';
import { Payment } from '../modules/payments/payment.entity';
import { PersonOnBoard } from '../modules/persons/person-on-board.entity';
import { CompensationProgramme } from '../modules/programmes/compensation-programme.entity';
import { ProgrammeEvent } from '../modules/programmes/programme-event.entity';
import { User } from '../modules/users/user.entity';
import { WebhookSubscription } from '../modules/webhooks/webhook-subscription.entity';

/** Every entity, in one list shared by the app, the CLI and the tests. */
export const ENTITIES = [
  Incident,
  PersonOnBoard,
  CompensationProgramme,
  AuditEvent,
  AccessDenial,
  AuditCheckpoint,
  User,
  RefreshToken,
  RateLimitBucket,
  Claimant,
  Representation,
  Claim,
  ClaimReferenceCounter,
  ClaimTransition,
  Note,
  ClaimDocument,
  Payment,
  ExchangeRate,
  ProgrammeEvent,
  Notification,
  ReminderOccurrence,
  WebhookSubscription,
  AuditVerification,
];
