import { isValidIban, normaliseIban } from './iban';

describe('isValidIban', () => {
  it.each([
    ['AZ21NABZ00000000137010001944', 'Azerbaijan'],
    ['KZ86125KZT5004100100', 'Kazakhstan'],
    ['DE89370400440532013000', 'Germany'],
    ['GB82WEST12345698765432', 'United Kingdom'],
    ['az21 nabz 0000 0000 1370 1000 1944', 'lower case with spaces'],
    ['MT84MALT011000012345MTLCAST001S', 'Malta'],
    ['SA03 8000 0000 6080 1016 7519', 'Saudi Arabia'],
    ['FR7630006000011234567890189', 'France'],
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
    // Check digits right, but no such country, or the BBAN is not the country's structure.
    ['XX4212345678901234', 'a country that has no IBAN'],
    ['FR053000600001123456789018A', 'a letter where France has digits'],
    ['MT38MALT01100001234MTLCAST001', 'too short for Malta'],
  ])('refuses %s (%s)', (iban) => {
    expect(isValidIban(iban)).toBe(false);
  });

  it('normalises to upper case without spaces', () => {
    expect(normaliseIban(' kz86 125K ZT50 0410 0100 ')).toBe('KZ86125KZT5004100100');
  });
});
