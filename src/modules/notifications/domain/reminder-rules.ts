/**
 * When scheduled reminders fire (docs/api.md#notifications-and-webhooks). A sweep may run at any time and any
 * number of times: these functions say which reminder is due now, and the reminder's key makes
 * it fire once.
 */

/** Days before a programme's limitation deadline on which its reminders go out. */
export const LIMITATION_REMINDER_DAYS = [180, 90, 30, 7] as const;

/** Days before an information request's due date on which its reminders go out. */
export const INFORMATION_REMINDER_DAYS = [14, 3] as const;

/**
 * The limitation reminder due with `daysRemaining` days left: the nearest threshold not yet
 * passed (a sweep that missed the 30-day mark by two days still sends the 30-day reminder,
 * once; one that starts 25 days out does not send the 180- and 90-day ones). None once the
 * deadline has passed.
 */
export function limitationReminderDue(daysRemaining: number): number | null {
  if (daysRemaining < 0) return null;
  const due = LIMITATION_REMINDER_DAYS.filter((days) => daysRemaining <= days);
  return due.length > 0 ? Math.min(...due) : null;
}

export type InformationReminderStage = '14' | '3' | 'overdue';

/** The information-request reminder due with `daysRemaining` days to the due date. */
export function informationReminderDue(daysRemaining: number): InformationReminderStage | null {
  if (daysRemaining < 0) return 'overdue';
  const due = INFORMATION_REMINDER_DAYS.filter((days) => daysRemaining <= days);
  return due.length > 0 ? (String(Math.min(...due)) as InformationReminderStage) : null;
}

export const limitationReminderKey = (programmeId: string, deadline: string, days: number) =>
  `limitation:${programmeId}:${deadline}:${days}`;

export const informationReminderKey = (requestId: string, stage: InformationReminderStage) =>
  `information_request:${requestId}:${stage}`;
