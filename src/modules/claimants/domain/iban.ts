/**
 * IBAN syntax and checksum (ISO 13616): country code, two check digits, up to 30 alphanumerics,
 * and the whole number mod 97 equal to 1. Lengths are checked for the countries this service
 * sees most; other countries get the generic 15 to 34 characters.
 */
const SHAPE = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;

const LENGTHS: Readonly<Record<string, number>> = {
  AZ: 28,
  KZ: 20,
  GE: 22,
  TR: 26,
  UA: 29,
  AE: 23,
  DE: 22,
  GB: 22,
  FR: 27,
  IT: 27,
  ES: 24,
  NL: 18,
  BE: 16,
  AT: 20,
  CH: 21,
  NO: 15,
};

/** Upper case without spaces: the form that is validated and stored. */
export function normaliseIban(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

export function isValidIban(value: string): boolean {
  const iban = normaliseIban(value);
  if (!SHAPE.test(iban)) return false;
  const expected = LENGTHS[iban.slice(0, 2)];
  if (expected !== undefined && iban.length !== expected) return false;
  return mod97(iban.slice(4) + iban.slice(0, 4)) === 1;
}

/** Letters count as 10..35; the remainder is taken digit by digit, so no big integers. */
function mod97(text: string): number {
  let remainder = 0;
  for (const char of text) {
    const code = char.charCodeAt(0);
    const digits = code >= 65 ? String(code - 55) : char;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}
