import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { Clock } from '../../../common/clock';
import { FieldCipher } from '../../../common/crypto/field-cipher';
import { execute, queryRows, sql } from '../../../common/database/sql';
import { daysRemaining } from '../../incidents/domain/limitation';
import { PROGRAMME_COVERS } from '../../programmes/eligibility-sql';
import { NOT_COVERING_STATUSES } from '../../reports/domain/report-rules';
import {
  EventType,
  Language,
  NotificationChannel,
  RecipientType,
  Template,
} from '../domain/notification-types';
import {
  informationReminderDue,
  informationReminderKey,
  limitationReminderDue,
  limitationReminderKey,
} from '../domain/reminder-rules';
import { NotificationDraft, OutboxWriter } from '../outbox-writer';
import { activeUser, claimantAudience, incidentCaseWorkers, subscribers } from '../recipients';
import { ProgrammeDeadline, programmeDeadlines } from './programme-deadlines';

interface OpenRequest {
  claimId: string;
  reference: string;
  claimantId: string;
  assignedCaseWorkerId: string | null;
  dueDate: string;
  requestId: string;
}

const DAY_MS = 86_400_000;

/**
 * Scheduled reminders (docs/api.md#notifications-and-webhooks), at the injected Clock's "now": limitation
 * deadlines 180, 90, 30 and 7 days ahead, to the incident's case workers with the persons
 * still without a claim in the programme; information requests 14 and 3 days before their due
 * date and when overdue, to the claim's lawyers and case worker. Any worker may sweep at any
 * time: a reminder fires once, decided by the primary key of reminder_occurrences inserted in
 * the transaction that writes its notifications.
 */
@Injectable()
export class ReminderSweep {
  private readonly logger = new Logger('Reminders');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly cipher: FieldCipher,
    private readonly clock: Clock,
  ) {}

  /** Fires what is due now; returns the keys of the reminders this call fired. */
  async run(): Promise<string[]> {
    const now = this.clock.now();
    const fired: string[] = [];
    for (const programme of await programmeDeadlines(this.dataSource.manager)) {
      const days = daysRemaining(programme.deadline, now);
      const due = limitationReminderDue(days);
      if (due === null) continue;
      const key = limitationReminderKey(programme.programmeId, programme.deadline, due);
      const done = await this.fire(key, 'limitation', programme.programmeId, (manager) =>
        this.limitationDrafts(manager, programme, days),
      );
      if (done) fired.push(key);
    }
    for (const request of await this.openRequests(now)) {
      const days = daysRemaining(request.dueDate, now);
      const stage = informationReminderDue(days);
      if (stage === null) continue;
      const key = informationReminderKey(request.requestId, stage);
      const done = await this.fire(key, 'information_request', request.claimId, (manager) =>
        this.informationDrafts(manager, request, days),
      );
      if (done) fired.push(key);
    }
    if (fired.length > 0) this.logger.log(`Fired ${fired.length} reminder(s)`);
    return fired;
  }

  private async fire(
    key: string,
    kind: string,
    relatedEntityId: string,
    build: (manager: EntityManager) => Promise<NotificationDraft[]>,
  ): Promise<boolean> {
    const known = await queryRows<unknown>(
      this.dataSource,
      sql(`SELECT 1 FROM reminder_occurrences WHERE key = :key`, { key }),
    );
    if (known.length > 0) return false;
    return this.dataSource.transaction(async (manager) => {
      // Another worker inserting the same key waits here for this one, then does nothing.
      const claimed = await queryRows<unknown>(
        manager,
        sql(
          `INSERT INTO reminder_occurrences (key, kind, related_entity_id, notifications)
         VALUES (:key, :kind, :relatedEntityId, 0) ON CONFLICT (key) DO NOTHING RETURNING key`,
          { key, kind, relatedEntityId },
        ),
      );
      if (claimed.length === 0) return false;
      const drafts = await build(manager);
      await this.outbox.write(manager, drafts);
      await execute(
        manager,
        sql(`UPDATE reminder_occurrences SET notifications = :length WHERE key = :key`, {
          key,
          length: drafts.length,
        }),
      );
      return true;
    });
  }

  /** Persons of the incident the programme covers with no claim in it that still stands. */
  async personsWithoutClaim(
    manager: EntityManager,
    incidentId: string,
    programmeId: string,
  ): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      manager,
      sql(
        `SELECT p.id FROM persons_on_board p JOIN compensation_programmes pr ON pr.id = :programmeId
        WHERE p.incident_id = :incidentId AND ${PROGRAMME_COVERS('pr', 'p')}
          AND NOT EXISTS (SELECT 1 FROM claims c
                           WHERE c.person_id = p.id AND c.programme_id = :programmeId
                             AND NOT (c.status::text = ANY(:notCovering)))
        ORDER BY (p.outcome = 'deceased') DESC, p.full_name COLLATE "C", p.id`,
        { incidentId, programmeId, notCovering: NOT_COVERING_STATUSES },
      ),
    );
    return rows.map((r) => r.id);
  }

  private async limitationDrafts(
    manager: EntityManager,
    programme: ProgrammeDeadline,
    days: number,
  ): Promise<NotificationDraft[]> {
    const personIds = await this.personsWithoutClaim(
      manager,
      programme.incidentId,
      programme.programmeId,
    );
    // Everyone has a claim: nothing to act on, and the reminder counts as given.
    if (personIds.length === 0) return [];
    const data = {
      programmeId: programme.programmeId,
      deadline: programme.deadline,
      daysRemaining: days,
      personsWithoutClaim: personIds.length,
    };
    const related = { relatedEntityType: 'programme', relatedEntityId: programme.programmeId };
    const drafts: NotificationDraft[] = (
      await incidentCaseWorkers(manager, programme.incidentId)
    ).map((id) => ({
      channel: NotificationChannel.Email,
      template: Template.LimitationReminder,
      recipientType: RecipientType.User,
      recipientId: id,
      language: Language.En,
      payload: {
        ...data,
        programmeName: programme.programmeName,
        personIds,
        audience: 'case_worker',
      },
      ...related,
    }));
    drafts.push(...(await webhookDrafts(manager, EventType.LimitationReminder, data, related)));
    return drafts;
  }

  private async openRequests(now: Date): Promise<OpenRequest[]> {
    const horizon = new Date(now.getTime() + 14 * DAY_MS).toISOString().slice(0, 10);
    return await queryRows<OpenRequest>(
      this.dataSource,
      sql(
        `SELECT c.id AS "claimId", c.reference, c.claimant_id AS "claimantId",
              c.assigned_case_worker_id AS "assignedCaseWorkerId",
              c.information_due_date::text AS "dueDate", t.id AS "requestId"
         FROM claims c
         JOIN LATERAL (SELECT id FROM claim_transitions t
                        WHERE t.claim_id = c.id AND t.to_status = 'information_requested'
                        ORDER BY t.at DESC, t.id DESC LIMIT 1) t ON true
        WHERE c.status = 'information_requested' AND c.information_due_date <= :horizon::date
        ORDER BY c.information_due_date, c.id`,
        { horizon },
      ),
    );
  }

  private async informationDrafts(
    manager: EntityManager,
    request: OpenRequest,
    days: number,
  ): Promise<NotificationDraft[]> {
    const overdue = days < 0;
    const data = {
      claimId: request.claimId,
      reference: request.reference,
      dueDate: request.dueDate,
      overdue,
    };
    const related = { relatedEntityType: 'claim', relatedEntityId: request.claimId };
    const email = (id: string, audience: 'lawyer' | 'case_worker'): NotificationDraft => ({
      channel: NotificationChannel.Email,
      template: Template.InformationRequestReminder,
      recipientType: RecipientType.User,
      recipientId: id,
      language: Language.En,
      payload: { ...data, daysRemaining: days, audience },
      ...related,
    });
    const { lawyerIds } = await claimantAudience(manager, this.cipher, request.claimantId);
    const drafts = lawyerIds.map((id) => email(id, 'lawyer'));
    const caseWorker = await activeUser(manager, request.assignedCaseWorkerId, 'case_worker');
    if (caseWorker) drafts.push(email(caseWorker, 'case_worker'));
    drafts.push(
      ...(await webhookDrafts(manager, EventType.InformationRequestReminder, data, related)),
    );
    return drafts;
  }
}

/** One delivery per live webhook subscription that asked for this event type. */
async function webhookDrafts(
  manager: EntityManager,
  type: EventType,
  data: Record<string, unknown>,
  related: Pick<NotificationDraft, 'relatedEntityType' | 'relatedEntityId'>,
): Promise<NotificationDraft[]> {
  return (await subscribers(manager, type)).map((id) => ({
    channel: NotificationChannel.Webhook,
    template: type,
    recipientType: RecipientType.WebhookSubscription,
    recipientId: id,
    language: Language.En,
    payload: data,
    ...related,
  }));
}
