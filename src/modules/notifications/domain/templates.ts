import { ClaimStatus } from '../../claims/domain/claim-status';
import { DocumentType } from '../../documents/domain/document-type';
import { PaymentKind } from '../../payments/domain/payment-kind';
import { PersonOutcome } from '../../persons/domain/person-kinds';
import { Audience, Language, Template } from './notification-types';

/**
 * E-mail templates (docs/api.md#notifications-and-webhooks): English and Russian; Azerbaijani and Kazakh fall
 * back to English until they are written. A message names the claim by its reference, says
 * the new status in words and what the reader should do next. It never carries a name, a
 * contact detail, a note, a reason or any other free text: readers sign in for those.
 * A change here is a change of what families read: templates.spec.ts pins every text.
 */

export interface Money {
  amount: string;
  currency: string;
}

export interface PersonLine {
  fullName: string;
  outcome: PersonOutcome;
}

/** What a template may use. Each template reads only its own fields. */
export interface TemplateData {
  reference?: string;
  from?: ClaimStatus;
  to?: ClaimStatus;
  dueDate?: string;
  overdue?: boolean;
  daysRemaining?: number;
  kind?: PaymentKind;
  amount?: Money;
  documentType?: DocumentType;
  programmeName?: string;
  deadline?: string;
  /** Limitation reminders to case workers only. */
  persons?: PersonLine[];
  personsWithoutClaim?: number;
}

export interface RenderedEmail {
  subject: string;
  text: string;
}

type Written = Language.En | Language.Ru;

/** The language a message is written in: the reader's if a template exists in it. */
export function writtenLanguage(language: Language | null | undefined): Written {
  return language === Language.Ru ? Language.Ru : Language.En;
}

const STATUS: Record<Written, Record<ClaimStatus, string>> = {
  en: {
    draft: 'draft',
    submitted: 'submitted',
    under_review: 'under review',
    information_requested: 'information requested',
    assessed: 'assessed',
    approved: 'approved',
    offer_accepted: 'offer accepted',
    offer_declined: 'offer declined',
    rejected: 'rejected',
    appealed: 'under appeal',
    closed: 'closed',
    withdrawn: 'withdrawn',
  },
  ru: {
    draft: 'черновик',
    submitted: 'подано',
    under_review: 'на рассмотрении',
    information_requested: 'запрошены дополнительные сведения',
    assessed: 'оценено',
    approved: 'одобрено',
    offer_accepted: 'предложение принято',
    offer_declined: 'предложение отклонено',
    rejected: 'отказано',
    appealed: 'обжалуется',
    closed: 'закрыто',
    withdrawn: 'отозвано',
  },
};

/** What a claimant or their lawyer should do once the claim reaches a status. */
const NEXT_STEP: Record<Written, Record<'claimant' | 'lawyer', Record<ClaimStatus, string>>> = {
  en: {
    claimant: {
      draft: 'No action is needed from you now.',
      submitted: 'No action is needed from you now: a case worker will review the claim.',
      under_review: 'No action is needed from you now. We will write if anything more is needed.',
      information_requested:
        'Please provide the requested information by {dueDate}. Your lawyer or case worker can tell you what is needed.',
      assessed: 'No action is needed from you now: the assessment awaits a decision.',
      approved:
        'An offer has been made. Your lawyer or case worker will go through it with you before it is accepted or declined.',
      offer_accepted: 'No action is needed from you now. You will be told of each payment.',
      offer_declined:
        'The decision may be appealed within 30 days. Speak to your lawyer or case worker if you wish to appeal.',
      rejected:
        'The decision may be appealed within 30 days. Speak to your lawyer or case worker if you wish to appeal.',
      appealed: 'No action is needed from you now: the appeal will be reviewed.',
      closed: 'No action is needed from you. The claim is closed.',
      withdrawn:
        'No action is needed from you. If you did not expect this, contact your lawyer or case worker.',
    },
    lawyer: {
      draft: 'No action is needed now.',
      submitted: 'No action is needed now: a case worker will review the claim.',
      under_review: 'No action is needed now.',
      information_requested:
        'Sign in to see the request, and answer it by {dueDate} by uploading the documents and returning the claim to review.',
      assessed: 'No action is needed now: the assessment awaits an administrator’s decision.',
      approved: 'Sign in to review the offer with your client, then accept or decline it.',
      offer_accepted: 'No action is needed now. You will be told of each payment.',
      offer_declined:
        'The decision may be appealed within 30 days of the decline: sign in to appeal.',
      rejected: 'The decision may be appealed within 30 days: sign in to read it and to appeal.',
      appealed: 'No action is needed now: an administrator will review the appeal.',
      closed: 'No action is needed. The claim is closed.',
      withdrawn: 'No action is needed. Sign in if you did not expect this.',
    },
  },
  ru: {
    claimant: {
      draft: 'Сейчас от вас ничего не требуется.',
      submitted: 'Сейчас от вас ничего не требуется: заявление рассмотрит сотрудник.',
      under_review: 'Сейчас от вас ничего не требуется. Мы напишем, если понадобится что-то ещё.',
      information_requested:
        'Пожалуйста, предоставьте запрошенные сведения до {dueDate}. Ваш юрист или сотрудник подскажет, что нужно.',
      assessed: 'Сейчас от вас ничего не требуется: оценка ожидает решения.',
      approved:
        'Вам сделано предложение. Ваш юрист или сотрудник обсудит его с вами, прежде чем оно будет принято или отклонено.',
      offer_accepted: 'Сейчас от вас ничего не требуется. Мы сообщим вам о каждой выплате.',
      offer_declined:
        'Решение можно обжаловать в течение 30 дней. Если вы хотите его обжаловать, обратитесь к юристу или сотруднику.',
      rejected:
        'Решение можно обжаловать в течение 30 дней. Если вы хотите его обжаловать, обратитесь к юристу или сотруднику.',
      appealed: 'Сейчас от вас ничего не требуется: жалоба будет рассмотрена.',
      closed: 'От вас ничего не требуется. Дело по заявлению закрыто.',
      withdrawn:
        'От вас ничего не требуется. Если вы этого не ожидали, обратитесь к юристу или сотруднику.',
    },
    lawyer: {
      draft: 'Сейчас ничего не требуется.',
      submitted: 'Сейчас ничего не требуется: заявление рассмотрит сотрудник.',
      under_review: 'Сейчас ничего не требуется.',
      information_requested:
        'Войдите в систему, чтобы увидеть запрос, и ответьте на него до {dueDate}: загрузите документы и верните заявление на рассмотрение.',
      assessed: 'Сейчас ничего не требуется: оценка ожидает решения администратора.',
      approved:
        'Войдите в систему, обсудите предложение с клиентом, затем примите или отклоните его.',
      offer_accepted: 'Сейчас ничего не требуется. Мы сообщим о каждой выплате.',
      offer_declined:
        'Решение можно обжаловать в течение 30 дней после отказа от предложения: войдите в систему, чтобы подать жалобу.',
      rejected:
        'Решение можно обжаловать в течение 30 дней: войдите в систему, чтобы ознакомиться с ним и подать жалобу.',
      appealed: 'Сейчас ничего не требуется: жалобу рассмотрит администратор.',
      closed: 'Ничего не требуется. Дело по заявлению закрыто.',
      withdrawn: 'Ничего не требуется. Войдите в систему, если вы этого не ожидали.',
    },
  },
};

const PAYMENT_KIND: Record<Written, Record<string, string>> = {
  en: { advance: 'an advance', award: 'the award' },
  ru: { advance: 'аванс', award: 'возмещение' },
};

const TEXT = {
  en: {
    statusSubject: 'Claim {reference}: {status}',
    statusBody: 'The status of claim {reference} is now: {status}.',
    infoSubject: 'Claim {reference}: information requested by {dueDate}',
    infoBody: 'More information is needed for claim {reference}. It is due by {dueDate}.',
    paymentSubject: 'Claim {reference}: payment recorded',
    paymentBody:
      'A payment of {amount} {currency} ({kind}) has been recorded on claim {reference}.',
    paymentNext: 'No action is needed. Payments can take a few days to reach the account.',
    signature: 'J2-8243 compensation casework',
    claimantFooter:
      'You receive this because you agreed to be told about your claims. To stop these messages, tell your lawyer or case worker. Please do not reply to this e-mail.',
    lawyerFooter: 'You receive this as the representative on the claim. Please do not reply.',
    staffFooter: 'Sent by the casework service. Please do not reply.',
  },
  ru: {
    statusSubject: 'Заявление {reference}: {status}',
    statusBody: 'Текущий статус заявления {reference}: {status}.',
    infoSubject: 'Заявление {reference}: запрошены сведения до {dueDate}',
    infoBody:
      'Для заявления {reference} нужны дополнительные сведения. Срок предоставления — {dueDate}.',
    paymentSubject: 'Заявление {reference}: выплата зарегистрирована',
    paymentBody: 'По заявлению {reference} зарегистрирована выплата: {kind}, {amount} {currency}.',
    paymentNext:
      'От вас ничего не требуется. Поступление средств на счёт может занять несколько дней.',
    signature: 'Служба компенсаций по рейсу J2-8243',
    claimantFooter:
      'Вы получили это письмо, потому что согласились получать сообщения о своих заявлениях. Чтобы отказаться от них, сообщите юристу или сотруднику. Пожалуйста, не отвечайте на это письмо.',
    lawyerFooter:
      'Вы получили это письмо как представитель по заявлению. Пожалуйста, не отвечайте.',
    staffFooter: 'Отправлено службой ведения дел. Пожалуйста, не отвечайте.',
  },
} as const;

function fill(text: string, values: Record<string, string | number | undefined>): string {
  return text.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
}

function need<T>(value: T | undefined, field: string): T {
  if (value === undefined || value === null) throw new Error(`Template data lacks ${field}`);
  return value;
}

function footer(language: Written, audience: Audience): string {
  const t = TEXT[language];
  return audience === 'claimant'
    ? t.claimantFooter
    : audience === 'lawyer'
      ? t.lawyerFooter
      : t.staffFooter;
}

function compose(language: Written, audience: Audience, subject: string, lines: string[]) {
  return {
    subject,
    text: [...lines, '', '—', TEXT[language].signature, footer(language, audience), ''].join('\n'),
  };
}

/** Staff messages are in English: the service's working language for staff. */
function staff(audience: Audience): boolean {
  return audience === 'case_worker' || audience === 'admin';
}

/** Renders one message. Throws when the data lacks a field the template needs. */
export function renderEmail(
  template: Template,
  language: Language | null | undefined,
  audience: Audience,
  data: TemplateData,
): RenderedEmail {
  const lang = staff(audience) ? Language.En : writtenLanguage(language);
  const t = TEXT[lang];
  const reference = data.reference ?? '';
  switch (template) {
    case Template.ClaimStatusChanged:
    case Template.ClaimInformationRequested: {
      const to = need(data.to, 'to');
      const status = STATUS[lang][to];
      const reader = audience === 'claimant' ? 'claimant' : 'lawyer';
      const values = { reference, status, dueDate: data.dueDate };
      const info = to === ClaimStatus.InformationRequested;
      if (info) need(data.dueDate, 'dueDate');
      return compose(lang, audience, fill(info ? t.infoSubject : t.statusSubject, values), [
        fill(t.statusBody, values),
        ...(info ? [fill(t.infoBody, values)] : []),
        '',
        fill(NEXT_STEP[lang][reader][to], values),
      ]);
    }
    case Template.PaymentRecorded: {
      const amount = need(data.amount, 'amount');
      const kind = PAYMENT_KIND[lang][need(data.kind, 'kind')] ?? data.kind;
      return compose(lang, audience, fill(t.paymentSubject, { reference }), [
        fill(t.paymentBody, { reference, kind, ...amount }),
        '',
        t.paymentNext,
      ]);
    }
    case Template.DocumentUploaded:
      return compose(lang, audience, `Claim ${reference}: a lawyer uploaded a document`, [
        `A lawyer uploaded a document (${need(data.documentType, 'documentType')}) for claim ${reference}.`,
        '',
        'Please review and verify or reject it.',
      ]);
    case Template.InformationProvided:
      return compose(lang, audience, `Claim ${reference}: information provided`, [
        `The lawyer has answered the information request on claim ${reference} and returned it to review.`,
        '',
        'Please review what was provided.',
      ]);
    case Template.ClaimFiled:
      return compose(lang, audience, `Claim ${reference}: filed by a lawyer`, [
        `A lawyer has submitted claim ${reference}.`,
        '',
        'Please take it into review.',
      ]);
    case Template.AwaitingApproval:
      return compose(lang, audience, `Claim ${reference}: awaiting approval`, [
        `Claim ${reference} has been assessed and waits for approval.`,
        '',
        'Please approve it, or send it back to review. The assessor cannot approve it (four eyes).',
      ]);
    case Template.InformationRequestReminder: {
      const dueDate = need(data.dueDate, 'dueDate');
      const overdue = data.overdue === true;
      const days = need(data.daysRemaining, 'daysRemaining');
      const subject = overdue
        ? `Claim ${reference}: information request overdue since ${dueDate}`
        : `Claim ${reference}: information due in ${days} day(s), on ${dueDate}`;
      const next =
        audience === 'lawyer'
          ? 'Please sign in and answer the request.'
          : 'Please follow the request up with the claimant’s representative.';
      return compose(lang, audience, subject, [
        overdue
          ? `The information requested on claim ${reference} was due on ${dueDate} and has not been provided.`
          : `The information requested on claim ${reference} is due on ${dueDate}.`,
        '',
        next,
      ]);
    }
    case Template.LimitationReminder: {
      const persons = data.persons ?? [];
      const count = need(data.personsWithoutClaim, 'personsWithoutClaim');
      const days = need(data.daysRemaining, 'daysRemaining');
      const deadline = need(data.deadline, 'deadline');
      const programme = need(data.programmeName, 'programmeName');
      return compose(
        lang,
        audience,
        `Limitation deadline in ${days} day(s): ${programme} (${deadline})`,
        [
          `The limitation deadline of ${programme} is ${deadline}, in ${days} day(s).`,
          `${count} person(s) on board have no claim in it yet:`,
          '',
          ...persons.map((p) => `- ${p.fullName} (${p.outcome})`),
          '',
          'Please contact their families or representatives before the deadline passes.',
        ],
      );
    }
  }
}
