/** How a claimant is related to the person on board (stored as the enum claimant_relationship). */
export enum Relationship {
  Self = 'self',
  Spouse = 'spouse',
  Child = 'child',
  Parent = 'parent',
  Sibling = 'sibling',
  Dependant = 'dependant',
  EstateRepresentative = 'estate_representative',
}
