/** Purposes under which FieldCipher encrypts a claimant's personal data (bound into each ciphertext). */
export const CONTACT = 'claimant.contact';

export const BANK_ACCOUNT = 'claimant.bankAccount';
