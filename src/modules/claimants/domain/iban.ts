import { electronicFormatIBAN, isValidIBAN } from 'ibantools';

/**
 * IBAN validation by a maintained library (ibantools): the country must use IBANs, the length
 * and the BBAN structure must be that country's (e.g. digits where France has digits), and the
 * ISO 7064 mod-97 check digits must hold.
 */

/** Upper case without spaces: the form that is validated and stored. */
export function normaliseIban(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

export function isValidIban(value: string): boolean {
  // electronicFormatIBAN strips only spaces and dashes; anything else stays and fails.
  if (!/^[A-Za-z0-9\s]+$/.test(value)) return false;
  const iban = electronicFormatIBAN(normaliseIban(value));
  return iban !== null && isValidIBAN(iban);
}
