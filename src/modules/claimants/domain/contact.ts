/** Contact details as stored (encrypted) and returned. */
export interface Contact {
  email?: string;
  phone?: string;
  address?: string;
}

/** Bank details as stored (encrypted) and returned. */
export interface BankAccount {
  iban: string;
  holder: string;
}

/**
 * A phone number in international form (families live in several countries): `+`, then 7 to
 * 15 digits (E.164) once spaces, dashes, dots and brackets are set aside.
 */
export function isValidPhone(value: string): boolean {
  if (!/^\+[0-9 ().-]{7,30}$/.test(value)) return false;
  return /^\+[1-9]\d{6,14}$/.test(value.replace(/[ ().-]/g, ''));
}

/** Sent fields replace stored ones; fields not sent are kept (a merge, as in JSON Merge Patch). */
export function mergeContact(stored: Contact | null, sent: Contact): Contact {
  const merged: Contact = { ...(stored ?? {}) };
  for (const key of ['email', 'phone', 'address'] as const) {
    const value = sent[key];
    if (value !== undefined && value !== null) merged[key] = value;
  }
  return merged;
}
