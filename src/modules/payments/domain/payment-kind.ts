/** An advance is paid ahead of the decision and offset against the award. */
export enum PaymentKind {
  Advance = 'advance',
  Award = 'award',
}

/** How the money went out; an allow-list, stored as-is. */
export enum PaymentMethod {
  BankTransfer = 'bank_transfer',
  Cash = 'cash',
  Cheque = 'cheque',
  Other = 'other',
}
