import { isValidIban, normaliseIban } from './iban';

describe('isValidIban', () => {
  it.each([
    ['AZ21NABZ00000000137010001944', 'Azerbaijan'],
    ['KZ86125KZT5004100100', 'Kazakhstan'],
    ['DE89370400440532013000', 'Germany'],
    ['GB82WEST12345698765432', 'United Kingdom'],
    ['az21 nabz 0000 0000 1370 1000 1944', 'lower case with spaces'],
    ['MT84MALT011000012345MTLCAST001S', 'a country without a length entry'],
  ])('accepts %s (%s)', (iban) => {
    expect(isValidIban(iban)).toBe(true);
  });

  it.each([
    ['AZ22NABZ00000000137010001944', 'wrong check digits'],
    ['AZ21NABZ0000000013701000194', 'too short for Azerbaijan'],
    ['DE8937040044053201300', 'too short for Germany'],
    ['KZ86125KZT5004100101', 'one digit changed'],
    ['1234567890123456', 'no country code'],
    ['AZ21NABZ-0000000137010001944', 'punctuation'],
    ['', 'empty'],
  ])('refuses %s (%s)', (iban) => {
    expect(isValidIban(iban)).toBe(false);
  });

  it('normalises to upper case without spaces', () => {
    expect(normaliseIban(' kz86 125K ZT50 0410 0100 ')).toBe('KZ86125KZT5004100100');
  });
});
