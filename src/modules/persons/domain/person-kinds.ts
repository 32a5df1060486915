/** What the manifest records of a person on board (stored as Postgres enums of the same values). */
export enum PersonCategory {
  Passenger = 'passenger',
  Crew = 'crew',
}

export enum PersonOutcome {
  Deceased = 'deceased',
  Survived = 'survived',
}

export enum InjurySeverity {
  None = 'none',
  Minor = 'minor',
  Serious = 'serious',
  Critical = 'critical',
}
