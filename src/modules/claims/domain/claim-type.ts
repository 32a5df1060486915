/** What a claim is for. Values are stored as-is in the database. */
export enum ClaimType {
  Death = 'death',
  Injury = 'injury',
  Advance = 'advance',
  Property = 'property',
  FuneralExpenses = 'funeral_expenses',
  MedicalExpenses = 'medical_expenses',
}

export const CLAIM_TYPES: readonly ClaimType[] = Object.values(ClaimType);
