import { informationDueDate, InformationRequestRuleError } from './information-request';

const at = new Date('2026-11-29T22:30:00Z');

describe('informationDueDate', () => {
  it('defaults to 60 days after the request’s UTC day', () => {
    expect(informationDueDate(at)).toBe('2027-01-28');
  });

  it.each(['2026-11-30', '2027-01-01', '2027-05-28'])('accepts %s', (date) => {
    expect(informationDueDate(at, date)).toBe(date);
  });

  it.each(['2026-11-29', '2026-11-01', '2027-05-29', '2030-01-01'])(
    'refuses %s with 422 DUE_DATE_OUT_OF_RANGE',
    (date) => {
      expect(() => informationDueDate(at, date)).toThrow(InformationRequestRuleError);
      try {
        informationDueDate(at, date);
      } catch (error) {
        expect(error).toMatchObject({ status: 422, code: 'DUE_DATE_OUT_OF_RANGE' });
      }
    },
  );
});
