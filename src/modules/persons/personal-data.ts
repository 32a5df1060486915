/** Purpose under which FieldCipher encrypts a person's identity document (bound into each ciphertext). */
export const IDENTITY = 'person.identityDocument';
