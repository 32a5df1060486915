import { ClaimStatus } from '../../claims/domain/claim-status';
import { DocumentType } from '../../documents/domain/document-type';
import { PaymentKind } from '../../payments/domain/payment-kind';
import { PersonOutcome } from '../../persons/domain/person-kinds';
import { Audience, Language, Template } from './notification-types';
import { renderEmail, TemplateData, writtenLanguage } from './templates';

const reference = 'J2-8243-C-00042';
const claimData = (to: ClaimStatus): TemplateData => ({
  reference,
  from: ClaimStatus.UnderReview,
  to,
  dueDate: '2027-01-28',
});

describe('e-mail templates', () => {
  it('write English and Russian; Azerbaijani and Kazakh fall back to English', () => {
    expect(writtenLanguage(Language.Ru)).toBe('ru');
    expect(writtenLanguage(Language.Az)).toBe('en');
    expect(writtenLanguage(Language.Kk)).toBe('en');
    expect(writtenLanguage(null)).toBe('en');
  });

  describe.each([Language.En, Language.Ru, Language.Az])('status changes in %s', (language) => {
    it.each(Object.values(ClaimStatus).filter((s) => s !== ClaimStatus.Draft))(
      'to %s: the reference, the status in words and a next step, for claimants and lawyers',
      (to) => {
        for (const audience of ['claimant', 'lawyer'] as const) {
          const mail = renderEmail(Template.ClaimStatusChanged, language, audience, claimData(to));
          expect(mail.subject).toContain(reference);
          expect(mail.text).toContain(reference);
          expect(`${mail.subject}\n${mail.text}`).not.toMatch(/\{\w+\}|undefined|null/);
          // Subject, status line, blank, next step, then the signature block.
          expect(mail.text.split('\n').length).toBeGreaterThanOrEqual(6);
        }
      },
    );
  });

  it('pins every text: a template change is a reviewed change of this snapshot', () => {
    const rendered: Record<string, unknown> = {};
    const audiences: Audience[] = ['claimant', 'lawyer', 'case_worker', 'admin'];
    for (const language of [Language.En, Language.Ru]) {
      for (const to of Object.values(ClaimStatus)) {
        for (const audience of ['claimant', 'lawyer'] as const) {
          rendered[`status ${language} ${audience} ${to}`] = renderEmail(
            Template.ClaimStatusChanged,
            language,
            audience,
            claimData(to),
          );
        }
      }
      for (const audience of ['claimant', 'lawyer'] as const) {
        rendered[`payment ${language} ${audience}`] = renderEmail(
          Template.PaymentRecorded,
          language,
          audience,
          { reference, kind: PaymentKind.Advance, amount: { amount: '1500.00', currency: 'AZN' } },
        );
      }
    }
    for (const audience of audiences) {
      rendered[`reminder ${audience}`] = renderEmail(
        Template.InformationRequestReminder,
        Language.Ru,
        audience,
        { reference, dueDate: '2027-01-28', overdue: false, daysRemaining: 3 },
      );
    }
    rendered['overdue lawyer'] = renderEmail(
      Template.InformationRequestReminder,
      Language.En,
      'lawyer',
      { reference, dueDate: '2027-01-28', overdue: true, daysRemaining: -2 },
    );
    for (const template of [
      Template.InformationProvided,
      Template.ClaimFiled,
      Template.AwaitingApproval,
    ]) {
      rendered[template] = renderEmail(template, Language.Ru, 'case_worker', { reference });
    }
    rendered['document'] = renderEmail(Template.DocumentUploaded, Language.En, 'case_worker', {
      reference,
      documentType: DocumentType.DeathCertificate,
    });
    rendered['limitation'] = renderEmail(Template.LimitationReminder, Language.En, 'case_worker', {
      programmeName: 'Carrier liability (MC99)',
      deadline: '2026-12-25',
      daysRemaining: 30,
      personsWithoutClaim: 2,
      persons: [
        { fullName: 'Elvin Qaraxanlı', outcome: PersonOutcome.Deceased },
        { fullName: 'Aigerim Sadykova', outcome: PersonOutcome.Survived },
      ],
    });
    expect(rendered).toMatchSnapshot();
  });

  it('refuses to render without the fields a template needs', () => {
    expect(() =>
      renderEmail(Template.PaymentRecorded, Language.En, 'lawyer', { reference }),
    ).toThrow(/amount/);
    expect(() =>
      renderEmail(Template.ClaimInformationRequested, Language.En, 'lawyer', {
        reference,
        to: ClaimStatus.InformationRequested,
      }),
    ).toThrow(/dueDate/);
  });

  it('writes staff messages in English whatever the claimant’s language', () => {
    const mail = renderEmail(Template.AwaitingApproval, Language.Ru, 'admin', { reference });
    expect(mail.subject).toBe(`Claim ${reference}: awaiting approval`);
  });
});
