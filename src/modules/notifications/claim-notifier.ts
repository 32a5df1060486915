import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { FieldCipher } from '../../common/crypto/field-cipher';
import { ClaimStatus } from '../claims/domain/claim-status';
import {
  Audience,
  EventType,
  Language,
  NotificationChannel,
  RecipientType,
  Template,
} from './domain/notification-types';
import { NotificationDraft, OutboxWriter } from './outbox-writer';
import {
  activeAdmins,
  activeUser,
  claimantAudience,
  incidentCaseWorkers,
  subscribers,
} from './recipients';

/** The claim as the notifier needs it (a Claim entity fits). */
export interface NotifiedClaim {
  id: string;
  reference: string;
  incidentId: string;
  claimantId: string;
  assignedCaseWorkerId: string | null;
}

export interface StatusChange {
  from: ClaimStatus;
  to: ClaimStatus;
  at: Date;
  /** Due date of the information request this change made. */
  dueDate: string | null;
}

export interface RecordedPayment {
  id: string;
  kind: string;
  amount: string;
  currency: string;
}

export interface UploadedDocument {
  id: string;
  type: string;
}

/**
 * Who hears what (docs/api.md#notifications-and-webhooks), written in the transaction of the change: a claim's
 * active lawyers and, with an e-mail address and consent, its claimant, on every status change,
 * information request (with its due date), decision and payment; the assigned case worker when
 * a lawyer uploads a document, answers an information request or files a claim; administrators
 * when a claim waits for approval; webhook subscribers of each event type. Nobody is told of
 * their own action. Payloads carry identifiers, the reference, statuses, dates and amounts:
 * never a name, a note, a reason or other free text.
 */
@Injectable()
export class ClaimNotifier {
  constructor(
    private readonly outbox: OutboxWriter,
    private readonly cipher: FieldCipher,
  ) {}

  async transitioned(
    manager: EntityManager,
    actor: Actor,
    claim: NotifiedClaim,
    change: StatusChange,
  ): Promise<number> {
    const drafts = new Drafts(claim, actor);
    const requested = change.to === ClaimStatus.InformationRequested;
    const data = {
      claimId: claim.id,
      reference: claim.reference,
      from: change.from,
      to: change.to,
      at: change.at.toISOString(),
      ...(requested ? { dueDate: change.dueDate } : {}),
    };
    await this.toClaimantSide(
      manager,
      drafts,
      claim,
      requested ? Template.ClaimInformationRequested : Template.ClaimStatusChanged,
      data,
    );
    drafts.webhooks(
      EventType.ClaimStatusChanged,
      await subscribers(manager, EventType.ClaimStatusChanged),
      {
        claimId: claim.id,
        reference: claim.reference,
        from: change.from,
        to: change.to,
        at: data.at,
      },
    );
    if (requested) {
      drafts.webhooks(
        EventType.ClaimInformationRequested,
        await subscribers(manager, EventType.ClaimInformationRequested),
        { claimId: claim.id, reference: claim.reference, dueDate: change.dueDate },
      );
    }
    const byLawyer = actor.role === Role.Lawyer;
    const staffData = { claimId: claim.id, reference: claim.reference };
    if (change.to === ClaimStatus.Assessed) {
      for (const admin of await activeAdmins(manager)) {
        drafts.email(
          Template.AwaitingApproval,
          RecipientType.User,
          admin,
          'admin',
          Language.En,
          staffData,
        );
      }
    }
    if (byLawyer && change.from === ClaimStatus.InformationRequested) {
      await this.toCaseWorker(
        manager,
        drafts,
        claim,
        Template.InformationProvided,
        staffData,
        false,
      );
    }
    if (byLawyer && change.from === ClaimStatus.Draft && change.to === ClaimStatus.Submitted) {
      await this.toCaseWorker(manager, drafts, claim, Template.ClaimFiled, staffData, true);
    }
    return this.outbox.write(manager, drafts.list);
  }

  async paymentRecorded(
    manager: EntityManager,
    actor: Actor,
    claim: NotifiedClaim,
    payment: RecordedPayment,
  ): Promise<number> {
    const drafts = new Drafts(claim, actor);
    const data = {
      claimId: claim.id,
      reference: claim.reference,
      paymentId: payment.id,
      kind: payment.kind,
      amount: { amount: payment.amount, currency: payment.currency },
    };
    await this.toClaimantSide(manager, drafts, claim, Template.PaymentRecorded, data);
    drafts.webhooks(
      EventType.PaymentRecorded,
      await subscribers(manager, EventType.PaymentRecorded),
      data,
    );
    return this.outbox.write(manager, drafts.list);
  }

  async documentUploaded(
    manager: EntityManager,
    actor: Actor,
    claim: NotifiedClaim,
    document: UploadedDocument,
  ): Promise<number> {
    const drafts = new Drafts(claim, actor);
    const data = {
      claimId: claim.id,
      reference: claim.reference,
      documentId: document.id,
      type: document.type,
    };
    if (actor.role === Role.Lawyer) {
      await this.toCaseWorker(
        manager,
        drafts,
        claim,
        Template.DocumentUploaded,
        { claimId: claim.id, reference: claim.reference, documentType: document.type },
        false,
      );
    }
    drafts.webhooks(
      EventType.DocumentUploaded,
      await subscribers(manager, EventType.DocumentUploaded),
      data,
    );
    return this.outbox.write(manager, drafts.list);
  }

  /** The claim's lawyers and its consenting claimant, in the claimant's language. */
  private async toClaimantSide(
    manager: EntityManager,
    drafts: Drafts,
    claim: NotifiedClaim,
    template: Template,
    data: Record<string, unknown>,
  ): Promise<void> {
    const audience = await claimantAudience(manager, this.cipher, claim.claimantId);
    for (const lawyer of audience.lawyerIds) {
      drafts.email(template, RecipientType.User, lawyer, 'lawyer', audience.language, data);
    }
    if (audience.consentingClaimantId) {
      drafts.email(
        template,
        RecipientType.Claimant,
        audience.consentingClaimantId,
        'claimant',
        audience.language,
        data,
      );
    }
  }

  /** The assigned case worker; with `orIncident`, the incident's case workers while none is. */
  private async toCaseWorker(
    manager: EntityManager,
    drafts: Drafts,
    claim: NotifiedClaim,
    template: Template,
    data: Record<string, unknown>,
    orIncident: boolean,
  ): Promise<void> {
    const assigned = await activeUser(manager, claim.assignedCaseWorkerId, Role.CaseWorker);
    const caseWorkers = assigned
      ? [assigned]
      : orIncident
        ? await incidentCaseWorkers(manager, claim.incidentId)
        : [];
    for (const id of caseWorkers) {
      drafts.email(template, RecipientType.User, id, 'case_worker', Language.En, data);
    }
  }
}

/** Notifications of one change, without the actor's own and without repeats. */
class Drafts {
  readonly list: NotificationDraft[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly claim: NotifiedClaim,
    private readonly actor: Actor,
  ) {}

  email(
    template: Template,
    recipientType: RecipientType,
    recipientId: string,
    audience: Audience,
    language: Language,
    data: Record<string, unknown>,
  ): void {
    if (recipientType === RecipientType.User && recipientId === this.actor.userId) return;
    const key = `${template}:${recipientType}:${recipientId}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({
      channel: NotificationChannel.Email,
      template,
      recipientType,
      recipientId,
      language,
      payload: { ...data, audience },
      relatedEntityType: 'claim',
      relatedEntityId: this.claim.id,
    });
  }

  webhooks(type: EventType, subscriptionIds: string[], data: Record<string, unknown>): void {
    for (const id of subscriptionIds) {
      this.list.push({
        channel: NotificationChannel.Webhook,
        template: type,
        recipientType: RecipientType.WebhookSubscription,
        recipientId: id,
        language: Language.En,
        payload: data,
        relatedEntityType: 'claim',
        relatedEntityId: this.claim.id,
      });
    }
  }
}
