import { faker } from '@faker-js/faker';

import { Role } from '../../src/common/auth/role';
import type { FieldCipher } from '../../src/common/crypto/field-cipher';
import { diffChanges } from '../../src/modules/audit/domain/audit-chain';
import { claimReference } from '../../src/modules/claims/domain/claim-rules';
import {
  ClaimSnapshot,
  decideTransition,
  TransitionActor,
  TRANSITIONS,
} from '../../src/modules/claims/domain/claim-state-machine';
import { ClaimStatus as S } from '../../src/modules/claims/domain/claim-status';
import { ClaimType } from '../../src/modules/claims/domain/claim-type';
import {
  DocumentOnFile,
  missingDocuments,
  requiredDocuments,
} from '../../src/modules/claims/domain/required-documents';
import { DocumentStatus } from '../../src/modules/documents/domain/document-status';
import { DocumentType } from '../../src/modules/documents/domain/document-type';

/**
 * A synthetic incident in memory: persons on board, claimants, representations, programmes
 * and claims walked through the project's own pure state machine (decideTransition), so every
 * status, amount, date, transition row, document and payment is one the service could have
 * written. Deterministic for a given faker seed, user ids and as-of date.
 *
 * Times are epoch milliseconds; money is integer cents (exact in a double far beyond
 * NUMERIC(15,2)) and leaves this module only as two-decimal strings.
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface StaffIds {
  admins: string[];
  caseWorkers: string[];
  lawyers: string[];
}

export interface WorldOptions {
  incidentCode: string;
  claims: number;
  /** The synthetic "today": no event is later than this. */
  asOf: number;
  staff: StaffIds;
  cipher: FieldCipher | null;
}

export interface IncidentRow {
  id: string;
  code: string;
  title: string;
  occurredAt: number;
  aircraft: string;
  registration: string;
  operator: string;
  origin: string;
  destination: string;
  crashSite: string;
  limitationDeadline: string;
  declared: {
    onBoard: number;
    passengers: number;
    crew: number;
    fatalities: number;
    survivors: number;
  };
  createdAt: number;
  createdBy: string;
}

export interface ProgrammeRow {
  id: string;
  name: string;
  payer: string;
  currency: string;
  amountPerDeceased: string | null;
  amountPerInjured: string | null;
  liabilityLimit: string | null;
  advanceMinimum: string | null;
  description: string;
  createdAt: number;
}

export interface PersonRow {
  id: string;
  createdAt: number;
  fullName: string;
  category: 'passenger' | 'crew';
  crewRole: string | null;
  seat: string | null;
  nationalities: string[];
  dateOfBirth: string | null;
  outcome: 'deceased' | 'survived';
  injurySeverity: string | null;
  identityDocumentEnc: string | null;
}

export interface ClaimantRow {
  id: string;
  personIdx: number;
  createdAt: number;
  createdBy: string;
  fullName: string;
  relationship: string;
  dateOfBirth: string | null;
  nationality: string;
  contactEnc: string | null;
  bankAccountEnc: string | null;
  heirSharePercent: string | null;
  /** The lawyer with an active representation, if any. */
  lawyerId: string | null;
  /** Claims may be filed from here on (after the representation, if any, began). */
  readyAt: number;
}

export interface RepresentationRow {
  id: string;
  claimantId: string;
  lawyerId: string;
  startedAt: number;
  endedAt: number | null;
  startedBy: string;
  endedBy: string | null;
}

export interface ClaimRow {
  id: string;
  reference: string;
  programmeIdx: number;
  claimantIdx: number;
  personIdx: number;
  type: ClaimType;
  status: S;
  currency: string;
  amountClaimed: string;
  amountAssessed: string | null;
  amountApproved: string | null;
  description: string | null;
  assignedCaseWorkerId: string | null;
  assessedBy: string | null;
  approvedBy: string | null;
  createdBy: string;
  createdByRole: Role;
  submittedAt: number | null;
  decidedAt: number | null;
  statusChangedAt: number;
  createdAt: number;
  version: number;
}

export interface TransitionRow {
  id: string;
  claimId: string;
  from: S;
  to: S;
  actorId: string;
  actorRole: Role;
  reason: string | null;
  amount: string | null;
  at: number;
  changes: Record<string, unknown>;
}

export interface DocumentRow {
  id: string;
  claimId: string | null;
  claimantId: string | null;
  type: DocumentType;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  status: 'received' | 'verified';
  uploadedBy: string;
  uploaderRole: Role;
  reviewedBy: string | null;
  reviewedAt: number | null;
  createdAt: number;
}

export interface PaymentRow {
  id: string;
  claimId: string;
  kind: 'advance' | 'award';
  amount: string;
  currency: string;
  paidAt: number;
  method: string;
  reference: string;
  idempotencyKey: string;
  recordedBy: string;
}

export interface World {
  incident: IncidentRow;
  programmes: ProgrammeRow[];
  persons: PersonRow[];
  claimants: ClaimantRow[];
  representations: RepresentationRow[];
  claims: ClaimRow[];
  transitions: TransitionRow[];
  documents: DocumentRow[];
  payments: PaymentRow[];
}

// ---- randomness ---------------------------------------------------------------------------

const chance = (p: number): boolean => faker.number.float() < p;
const int = (min: number, max: number): number => faker.number.int({ min, max });
const pick = <T>(items: readonly T[]): T => faker.helpers.arrayElement(items);
const weighted = <T>(items: readonly (readonly [T, number])[]): T =>
  faker.helpers.weightedArrayElement(items.map(([value, weight]) => ({ value, weight })));
const uuid = (): string => faker.string.uuid();
/** A moment in [from, to]; `to` before `from` collapses to `from`. */
const between = (from: number, to: number): number =>
  to <= from ? from : from + Math.floor(faker.number.float() * (to - from));

const personName = (): string => `${faker.person.firstName()} ${faker.person.lastName()}`;
export const iso = (ms: number): string => new Date(ms).toISOString();
const isoDate = (ms: number): string => iso(ms).slice(0, 10);

/** Integer cents as a NUMERIC(15,2) string. */
export function cents(c: number): string {
  if (!Number.isSafeInteger(c) || c < 0) throw new Error(`Not a cent amount: ${c}`);
  return `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
}

// ---- fixed shapes -------------------------------------------------------------------------

interface ProgrammeSpec {
  name: string;
  payer: string;
  currency: string;
  perDeceased: number | null;
  perInjured: number | null;
  limit: number | null;
  advanceMinimum: number | null;
  /** Units of this currency per AZN, roughly, to scale synthetic amounts. */
  scale: number;
  weight: number;
  description: string;
}

const PROGRAMMES: readonly ProgrammeSpec[] = [
  {
    name: 'Airline ex gratia payment',
    payer: 'airline_ex_gratia',
    currency: 'AZN',
    perDeceased: 4_000_000,
    perInjured: 2_000_000,
    limit: null,
    advanceMinimum: null,
    scale: 1,
    weight: 35,
    description: 'Synthetic: fixed ex gratia amounts per deceased and per injured person.',
  },
  {
    name: 'Carrier liability insurance (MC99)',
    payer: 'carrier_insurer',
    currency: 'XDR',
    perDeceased: null,
    perInjured: null,
    limit: 12_882_100,
    advanceMinimum: 1_600_000,
    scale: 0.45,
    weight: 35,
    description: 'Synthetic: Montreal Convention strict-liability tier, assessed per claim.',
  },
  {
    name: 'Host state aid',
    payer: 'host_state',
    currency: 'KZT',
    perDeceased: 500_000_000,
    perInjured: null,
    limit: null,
    advanceMinimum: null,
    scale: 300,
    weight: 15,
    description: 'Synthetic: host-state aid to victims’ families.',
  },
  {
    name: 'State compensation',
    payer: 'russian_federation',
    currency: 'RUB',
    perDeceased: null,
    perInjured: null,
    limit: null,
    advanceMinimum: null,
    scale: 55,
    weight: 15,
    description: 'Synthetic: state compensation, amounts assessed per claim.',
  },
];

/** Claimed amounts in AZN (major units) before scaling to the programme's currency. */
const CLAIMED_RANGE: Record<ClaimType, readonly [number, number]> = {
  [ClaimType.Death]: [20_000, 80_000],
  [ClaimType.Injury]: [5_000, 40_000],
  [ClaimType.FuneralExpenses]: [1_000, 10_000],
  [ClaimType.Advance]: [1_000, 10_000],
  [ClaimType.Property]: [200, 20_000],
  [ClaimType.MedicalExpenses]: [300, 30_000],
};

const TYPES_DECEASED: readonly (readonly [ClaimType, number])[] = [
  [ClaimType.Death, 45],
  [ClaimType.FuneralExpenses, 20],
  [ClaimType.Advance, 15],
  [ClaimType.Property, 15],
  [ClaimType.MedicalExpenses, 5],
];
const TYPES_SURVIVED: readonly (readonly [ClaimType, number])[] = [
  [ClaimType.Injury, 50],
  [ClaimType.MedicalExpenses, 25],
  [ClaimType.Advance, 10],
  [ClaimType.Property, 15],
];

/** Final statuses: every one of the twelve appears. */
const STATUS_WEIGHTS: readonly (readonly [S, number])[] = [
  [S.Draft, 6],
  [S.Submitted, 8],
  [S.UnderReview, 15],
  [S.InformationRequested, 7],
  [S.Assessed, 8],
  [S.Approved, 7],
  [S.OfferAccepted, 8],
  [S.OfferDeclined, 3],
  [S.Rejected, 7],
  [S.Appealed, 3],
  [S.Closed, 20],
  [S.Withdrawn, 8],
];

const NATIONALITIES: readonly (readonly [string, number])[] = [
  ['AZ', 45],
  ['RU', 30],
  ['KZ', 12],
  ['KG', 6],
  ['UZ', 3],
  ['TR', 2],
  ['GE', 2],
];

const REASONS: Partial<Record<S, readonly string[]>> = {
  [S.InformationRequested]: [
    'Please send a certified translation of the death certificate.',
    'The proof of kinship is illegible; please upload a clearer copy.',
    'Please confirm the bank account holder’s name.',
    'A medical report from the treating hospital is needed.',
  ],
  [S.UnderReview]: ['The assessment needs a second look at the medical evidence.'],
  [S.Rejected]: [
    'The claimant is not an heir under the applicable law.',
    'The loss is not covered by this programme.',
  ],
  [S.OfferDeclined]: ['The claimant considers the amount too low.'],
  [S.Appealed]: ['The claimant appeals the decision with new evidence.'],
  [S.Withdrawn]: [
    'The claimant withdrew the claim.',
    'Filed in error; a new claim replaces it.',
    'Settled under another programme.',
  ],
};

const FILE_NAMES: Record<DocumentType, string> = {
  [DocumentType.DeathCertificate]: 'death-certificate.pdf',
  [DocumentType.ProofOfKinship]: 'proof-of-kinship.pdf',
  [DocumentType.IdentityDocument]: 'passport-scan.pdf',
  [DocumentType.MedicalReport]: 'medical-report.pdf',
  [DocumentType.PowerOfAttorney]: 'power-of-attorney.pdf',
  [DocumentType.BankDetails]: 'bank-details.pdf',
  [DocumentType.Other]: 'supporting-letter.pdf',
};

/** Edges whose rule requires a reason, read from the project's transition table. */
const NEEDS_REASON = new Set(
  TRANSITIONS.filter((t) => t.guards.includes('reason')).map((t) => `${t.from}>${t.to}`),
);

// ---- the world ----------------------------------------------------------------------------

export function buildWorld(options: WorldOptions): World {
  const { staff, asOf } = options;
  const admin0 = staff.admins[0]!;
  const occurredAt = asOf - 400 * DAY + 6 * HOUR;
  const deadline = new Date(occurredAt);
  deadline.setUTCFullYear(deadline.getUTCFullYear() + 2);

  const programmes: ProgrammeRow[] = PROGRAMMES.map((p) => ({
    id: uuid(),
    name: p.name,
    payer: p.payer,
    currency: p.currency,
    amountPerDeceased: p.perDeceased === null ? null : cents(p.perDeceased),
    amountPerInjured: p.perInjured === null ? null : cents(p.perInjured),
    liabilityLimit: p.limit === null ? null : cents(p.limit),
    advanceMinimum: p.advanceMinimum === null ? null : cents(p.advanceMinimum),
    description: p.description,
    createdAt: occurredAt + DAY,
  }));

  const persons = buildPersons(
    Math.max(100, Math.round(options.claims / 1.5)),
    occurredAt,
    options,
  );
  const fatalities = persons.filter((p) => p.outcome === 'deceased').length;
  const crew = persons.filter((p) => p.category === 'crew').length;
  const incident: IncidentRow = {
    id: uuid(),
    code: options.incidentCode,
    title: `Synthetic benchmark incident ${options.incidentCode} (not real data)`,
    occurredAt,
    aircraft: 'Synthetic airliner',
    registration: `SYN-${options.claims}`.slice(0, 20),
    operator: 'Benchmark Air',
    origin: 'Origin (SYN)',
    destination: 'Destination (SYN)',
    crashSite: 'Synthetic site',
    limitationDeadline: isoDate(deadline.getTime()),
    declared: {
      onBoard: persons.length,
      passengers: persons.length - crew,
      crew,
      fatalities,
      survivors: persons.length - fatalities,
    },
    createdAt: occurredAt + 12 * HOUR,
    createdBy: admin0,
  };

  const { claimants, representations } = buildClaimants(persons, occurredAt, options);
  const world: World = {
    incident,
    programmes,
    persons,
    claimants,
    representations,
    claims: [],
    transitions: [],
    documents: [],
    payments: [],
  };
  buildClaims(world, options);
  return world;
}

function buildPersons(count: number, occurredAt: number, options: WorldOptions): PersonRow[] {
  const persons: PersonRow[] = [];
  let seatNo = 0;
  for (let i = 0; i < count; i++) {
    const isCrew = chance(0.07);
    const outcome = chance(0.57) ? 'deceased' : 'survived';
    const first = weighted(NATIONALITIES);
    const nationalities = chance(0.05)
      ? [first, pick(NATIONALITIES.map(([n]) => n).filter((n) => n !== first))]
      : [first];
    let seat: string | null = null;
    if (!isCrew) {
      seat = `${Math.floor(seatNo / 6) + 1}${'ABCDEF'[seatNo % 6]}`;
      seatNo++;
    }
    const identity = `passport ${faker.string.alphanumeric({ length: 9, casing: 'upper' })}`;
    persons.push({
      id: uuid(),
      createdAt: occurredAt + DAY + int(0, DAY),
      fullName: personName(),
      category: isCrew ? 'crew' : 'passenger',
      crewRole: isCrew
        ? weighted([
            ['captain', 1],
            ['first_officer', 1],
            ['cabin_crew', 4],
          ] as const)
        : null,
      seat,
      nationalities,
      dateOfBirth: chance(0.05)
        ? null
        : isoDate(between(Date.UTC(1940, 0, 1), Date.UTC(isCrew ? 2000 : 2020, 0, 1))),
      outcome,
      injurySeverity:
        outcome === 'survived'
          ? weighted([
              ['none', 10],
              ['minor', 40],
              ['serious', 35],
              ['critical', 15],
            ] as const)
          : null,
      identityDocumentEnc: options.cipher
        ? options.cipher.encrypt(identity, 'person.identityDocument')
        : null,
    });
  }
  return persons;
}

function buildClaimants(
  persons: readonly PersonRow[],
  occurredAt: number,
  options: WorldOptions,
): { claimants: ClaimantRow[]; representations: RepresentationRow[] } {
  const { staff, cipher } = options;
  const claimants: ClaimantRow[] = [];
  const representations: RepresentationRow[] = [];
  persons.forEach((person, personIdx) => {
    let relationships: string[];
    if (person.outcome === 'survived') {
      relationships = chance(0.75) ? ['self'] : ['self', pick(['spouse', 'parent'])];
    } else {
      const n = int(1, 3);
      relationships = Array.from({ length: n }, () =>
        weighted([
          ['spouse', 30],
          ['child', 30],
          ['parent', 25],
          ['sibling', 8],
          ['dependant', 4],
          ['estate_representative', 3],
        ] as const),
      );
    }
    // Heirs of one deceased person share at most 100 %: an equal split, rounded down.
    const share =
      person.outcome === 'deceased' ? cents(Math.floor(10_000 / relationships.length)) : null;
    for (const relationship of relationships) {
      const createdAt = occurredAt + 2 * DAY + int(0, 60 * DAY);
      const createdBy = pick(staff.caseWorkers);
      const fullName = relationship === 'self' ? person.fullName : personName();
      const claimant: ClaimantRow = {
        id: uuid(),
        personIdx,
        createdAt,
        createdBy,
        fullName,
        relationship,
        dateOfBirth:
          relationship === 'self'
            ? person.dateOfBirth
            : isoDate(between(Date.UTC(1935, 0, 1), Date.UTC(2006, 0, 1))),
        nationality: person.nationalities[0]!,
        contactEnc: cipher
          ? cipher.encryptJson(
              {
                email: faker.internet.email({ provider: 'example.invalid' }).toLowerCase(),
                phone: faker.phone.number({ style: 'international' }),
                address: faker.location.streetAddress(true),
              },
              'claimant.contact',
            )
          : null,
        bankAccountEnc: cipher
          ? cipher.encryptJson(
              { iban: faker.finance.iban(), holder: fullName },
              'claimant.bankAccount',
            )
          : null,
        heirSharePercent: share,
        lawyerId: null,
        readyAt: createdAt + HOUR,
      };
      let repStart = createdAt + int(HOUR, 5 * DAY);
      if (chance(0.04)) {
        // An earlier lawyer whose representation ended before the current one began.
        const former = pick(staff.lawyers);
        const endedAt = repStart + int(DAY, 20 * DAY);
        representations.push({
          id: uuid(),
          claimantId: claimant.id,
          lawyerId: former,
          startedAt: repStart,
          endedAt,
          startedBy: createdBy,
          endedBy: createdBy,
        });
        repStart = endedAt + int(HOUR, 3 * DAY);
        claimant.readyAt = endedAt + HOUR;
      }
      if (chance(0.8)) {
        let lawyer = pick(staff.lawyers);
        const ended = representations[representations.length - 1];
        if (ended?.claimantId === claimant.id && ended.lawyerId === lawyer) {
          lawyer = staff.lawyers[(staff.lawyers.indexOf(lawyer) + 1) % staff.lawyers.length]!;
        }
        representations.push({
          id: uuid(),
          claimantId: claimant.id,
          lawyerId: lawyer,
          startedAt: repStart,
          endedAt: null,
          startedBy: createdBy,
          endedBy: null,
        });
        claimant.lawyerId = lawyer;
        claimant.readyAt = repStart + HOUR;
      }
      claimants.push(claimant);
    }
  });
  return { claimants, representations };
}

// ---- claims -------------------------------------------------------------------------------

/** The statuses a claim passes through after draft to end in `target`. */
function planPath(target: S): S[] {
  const p: S[] = [];
  const infoLoops = () => {
    for (let i = 0; i < 2 && chance(0.2); i++) p.push(S.InformationRequested, S.UnderReview);
  };
  const assess = () => {
    if (chance(0.1)) p.push(S.Assessed, S.UnderReview);
    p.push(S.Assessed);
  };
  const review = (reopenAllowed: boolean) => {
    p.push(S.Submitted, S.UnderReview);
    if (reopenAllowed && chance(0.06)) {
      // An appeal that succeeded: the claim went back to review for a new decision.
      if (chance(0.5)) p.push(S.Rejected);
      else {
        p.push(S.Assessed, S.Approved, S.OfferDeclined);
      }
      p.push(S.Appealed, S.UnderReview);
    }
    infoLoops();
  };
  switch (target) {
    case S.Draft:
      break;
    case S.Submitted:
      p.push(S.Submitted);
      break;
    case S.UnderReview:
      review(true);
      break;
    case S.InformationRequested:
      review(true);
      p.push(S.InformationRequested);
      break;
    case S.Assessed:
      review(true);
      assess();
      break;
    case S.Approved:
      review(true);
      assess();
      p.push(S.Approved);
      break;
    case S.OfferAccepted:
      review(true);
      assess();
      p.push(S.Approved, S.OfferAccepted);
      break;
    case S.OfferDeclined:
      review(false);
      assess();
      p.push(S.Approved, S.OfferDeclined);
      break;
    case S.Rejected:
      review(false);
      p.push(S.Rejected);
      break;
    case S.Appealed:
      review(false);
      if (chance(0.6)) p.push(S.Rejected);
      else {
        assess();
        p.push(S.Approved, S.OfferDeclined);
      }
      p.push(S.Appealed);
      break;
    case S.Closed:
      review(true);
      assess();
      p.push(S.Approved, S.OfferAccepted, S.Closed);
      break;
    case S.Withdrawn: {
      const stage = weighted([
        [S.Draft, 15],
        [S.Submitted, 25],
        [S.UnderReview, 35],
        [S.InformationRequested, 15],
        [S.Assessed, 10],
      ] as const);
      if (stage !== S.Draft) p.push(S.Submitted);
      if (stage === S.UnderReview || stage === S.InformationRequested || stage === S.Assessed) {
        p.push(S.UnderReview);
        infoLoops();
      }
      if (stage === S.InformationRequested) p.push(S.InformationRequested);
      if (stage === S.Assessed) assess();
      p.push(S.Withdrawn);
      break;
    }
  }
  return p;
}

/** Gap before reaching `to`; steps towards an appeal stay well inside its 30-day window. */
function gapBefore(to: S): number {
  if (to === S.OfferDeclined || to === S.Appealed) return int(HOUR, 12 * DAY);
  return int(6 * HOUR, 15 * DAY);
}

function claimedCents(type: ClaimType, programme: ProgrammeSpec): number {
  if (type === ClaimType.Death && programme.perDeceased !== null) return programme.perDeceased;
  if (type === ClaimType.Injury && programme.perInjured !== null) return programme.perInjured;
  const [min, max] = CLAIMED_RANGE[type];
  return Math.max(100, Math.round(int(min * 100, max * 100) * programme.scale));
}

interface ClaimState {
  status: S;
  amountAssessed: string | null;
  amountApproved: string | null;
  assignedCaseWorkerId: string | null;
  assessedBy: string | null;
  approvedBy: string | null;
  decidedAt: number | null;
  submittedAt: number | null;
}

function buildClaims(world: World, options: WorldOptions): void {
  const { staff, asOf, incidentCode } = options;
  const { claimants, persons } = world;

  // Who claims: most claimants file one claim, some file several, some none.
  const order = faker.helpers.shuffle(claimants.map((_, i) => i));
  let cursor = 0;
  const claimantOf: number[] = [];
  for (let i = 0; i < options.claims; i++) {
    claimantOf.push(
      chance(0.75) && cursor < order.length ? order[cursor++]! : int(0, claimants.length - 1),
    );
  }

  // Every represented claimant with a claim has a verified power of attorney on file.
  const activeRep = new Map(
    world.representations.filter((r) => r.endedAt === null).map((r) => [r.claimantId, r]),
  );
  const poaOf = new Map<number, DocumentRow>();
  for (const idx of new Set(claimantOf)) {
    const c = claimants[idx]!;
    const rep = activeRep.get(c.id);
    if (!c.lawyerId || !rep) continue;
    const doc = newDocument({
      claimId: null,
      claimantId: c.id,
      type: DocumentType.PowerOfAttorney,
      uploadedBy: c.lawyerId,
      uploaderRole: Role.Lawyer,
      at: rep.startedAt + 10 * 60_000,
    });
    verify(doc, pick(staff.caseWorkers), rep.startedAt + 30 * 60_000);
    poaOf.set(idx, doc);
    world.documents.push(doc);
  }

  let paymentNo = 0;
  for (let n = 0; n < options.claims; n++) {
    const claimantIdx = claimantOf[n]!;
    const claimant = claimants[claimantIdx]!;
    const person = persons[claimant.personIdx]!;
    const type = weighted(person.outcome === 'deceased' ? TYPES_DECEASED : TYPES_SURVIVED);
    const programmeIdx = PROGRAMMES.indexOf(
      weighted(PROGRAMMES.map((p) => [p, p.weight] as const)),
    );
    const spec = PROGRAMMES[programmeIdx]!;
    const programme = world.programmes[programmeIdx]!;
    const caseWorker = pick(staff.caseWorkers);
    const lawyer = claimant.lawyerId;
    const createdByLawyer = lawyer !== null && chance(0.5);

    // Timeline: the path's gaps, squeezed if needed to fit between readiness and as-of.
    const plan = planPath(weighted(STATUS_WEIGHTS));
    let gaps = plan.map(gapBefore);
    const windowStart = claimant.readyAt;
    const windowEnd = asOf - HOUR;
    const room = windowEnd - windowStart;
    const total = gaps.reduce((a, b) => a + b, 0);
    if (total > room * 0.9)
      gaps = gaps.map((g) => Math.max(1, Math.floor((g * room * 0.85) / total)));
    const span = gaps.reduce((a, b) => a + b, 0);
    const createdAt = between(windowStart, windowEnd - span);
    const times: number[] = [];
    gaps.reduce((t, g) => {
      times.push(t + g);
      return t + g;
    }, createdAt);

    // Amounts decided along the way (integer cents): an assessment is a share of the claim
    // within the liability limit; an approval keeps the assessment or sends a lower amount.
    const claimed = claimedCents(type, spec);
    const stepAmount: (number | null)[] = [];
    const sendsAmount: boolean[] = [];
    let lastAssessed = 0;
    for (const to of plan) {
      if (to === S.Assessed) {
        lastAssessed = Math.max(100, Math.round(claimed * (0.6 + 0.4 * faker.number.float())));
        if (spec.limit !== null) lastAssessed = Math.min(lastAssessed, spec.limit);
        stepAmount.push(lastAssessed);
        sendsAmount.push(true);
      } else if (to === S.Approved) {
        const lower = chance(0.2);
        const factor = 0.85 + 0.14 * faker.number.float();
        stepAmount.push(lower ? Math.max(100, Math.round(lastAssessed * factor)) : lastAssessed);
        sendsAmount.push(lower);
      } else {
        stepAmount.push(null);
        sendsAmount.push(false);
      }
    }

    const claim: ClaimRow = {
      id: uuid(),
      reference: claimReference(incidentCode, n + 1),
      programmeIdx,
      claimantIdx,
      personIdx: claimant.personIdx,
      type,
      status: S.Draft,
      currency: spec.currency,
      amountClaimed: cents(claimed),
      amountAssessed: null,
      amountApproved: null,
      description: chance(0.3) ? faker.lorem.sentence() : null,
      assignedCaseWorkerId: null,
      assessedBy: null,
      approvedBy: null,
      createdBy: createdByLawyer ? lawyer : caseWorker,
      createdByRole: createdByLawyer ? Role.Lawyer : Role.CaseWorker,
      submittedAt: null,
      decidedAt: null,
      statusChangedAt: createdAt,
      createdAt,
      version: 1,
    };

    // Documents: the claim's required ones verified before its first assessment.
    const docs: DocumentRow[] = [];
    const poa = poaOf.get(claimantIdx);
    if (poa) docs.push(poa);
    const firstAssessed = plan.indexOf(S.Assessed);
    const uploader = () =>
      lawyer !== null && chance(0.6)
        ? { uploadedBy: lawyer, uploaderRole: Role.Lawyer }
        : { uploadedBy: caseWorker, uploaderRole: Role.CaseWorker };
    if (firstAssessed >= 0) {
      const by = times[firstAssessed]!;
      for (const docType of requiredDocuments(type, false)) {
        const at = between(createdAt, createdAt + Math.floor((by - createdAt) * 0.6));
        const doc = newDocument({
          claimId: claim.id,
          claimantId: claimant.id,
          type: docType,
          at,
          ...uploader(),
        });
        verify(doc, caseWorker, between(at, by));
        docs.push(doc);
        world.documents.push(doc);
      }
    } else if (plan.length > 0 && chance(0.5)) {
      const [docType = DocumentType.Other] = requiredDocuments(type, false);
      const doc = newDocument({
        claimId: claim.id,
        claimantId: claimant.id,
        type: docType,
        at: between(createdAt, times[times.length - 1]!),
        ...uploader(),
      });
      world.documents.push(doc);
    }

    // Payments: advances and awards within the final approved amount, paid in the statuses
    // the ledger allows; a closed claim is paid in full before it closes.
    const finalStatus = plan[plan.length - 1] ?? S.Draft;
    const payments: PaymentRow[] = [];
    const lastApproval = plan.lastIndexOf(S.Approved);
    // A successful appeal clears the earlier decision: pay only against the last one.
    const reviewFrom = plan.includes(S.Appealed)
      ? plan.lastIndexOf(S.Appealed) + 1
      : plan.indexOf(S.UnderReview);
    if (
      lastApproval >= 0 &&
      (finalStatus === S.Approved || finalStatus === S.OfferAccepted || finalStatus === S.Closed)
    ) {
      const approved = stepAmount[lastApproval]!;
      const pay = (kind: 'advance' | 'award', amount: number, paidAt: number) => {
        paymentNo++;
        payments.push({
          id: uuid(),
          claimId: claim.id,
          kind,
          amount: cents(amount),
          currency: spec.currency,
          paidAt,
          method: 'bank_transfer',
          reference: `${incidentCode}-P-${String(paymentNo).padStart(6, '0')}`,
          idempotencyKey: `seed-${incidentCode}-${paymentNo}`,
          recordedBy: pick(staff.admins),
        });
      };
      let advance = 0;
      if (chance(0.35)) {
        advance = Math.max(1, Math.floor(approved * (0.1 + 0.3 * faker.number.float())));
        pay('advance', advance, between(times[reviewFrom]!, times[lastApproval]!));
      }
      const accepted = plan.lastIndexOf(S.OfferAccepted);
      if (finalStatus === S.Closed) {
        pay('award', approved - advance, between(times[accepted]!, times[plan.length - 1]! - 1));
      } else if (finalStatus === S.OfferAccepted && chance(0.4)) {
        const rest = approved - advance;
        const award = Math.max(1, Math.floor(rest * (0.3 + 0.7 * faker.number.float())));
        pay('award', Math.min(rest, award), between(times[accepted]!, asOf - 1));
      }
    }

    // Walk the path through the service's own decision function.
    const state: ClaimState = {
      status: S.Draft,
      amountAssessed: null,
      amountApproved: null,
      assignedCaseWorkerId: null,
      assessedBy: null,
      approvedBy: null,
      decidedAt: null,
      submittedAt: null,
    };
    const asCaseWorker: TransitionActor = {
      id: caseWorker,
      role: Role.CaseWorker,
      representsClaimant: false,
    };
    const asLawyer: TransitionActor | null = lawyer
      ? { id: lawyer, role: Role.Lawyer, representsClaimant: true }
      : null;
    plan.forEach((to, i) => {
      const at = times[i]!;
      const from = state.status;
      const actor = chooseActor(from, to, asCaseWorker, asLawyer, staff.admins);
      const reason = NEEDS_REASON.has(`${from}>${to}`)
        ? pick(REASONS[to] ?? ['See file.'])
        : undefined;
      const amount = sendsAmount[i]
        ? { amount: cents(stepAmount[i]!), currency: spec.currency }
        : undefined;
      const snapshot: ClaimSnapshot = {
        status: from,
        type,
        claimantId: claimant.id,
        personId: person.id,
        programmeId: programme.id,
        currency: spec.currency,
        amountClaimed: claim.amountClaimed,
        amountAssessed: state.amountAssessed,
        amountApproved: state.amountApproved,
        assignedCaseWorkerId: state.assignedCaseWorkerId,
        assessedBy: state.assessedBy,
        decidedAt: state.decidedAt === null ? null : new Date(state.decidedAt),
        statusChangedAt: new Date(claim.statusChangedAt),
      };
      const onFile: DocumentOnFile[] = docs
        .filter((d) => d.status === 'verified' && d.reviewedAt !== null && d.reviewedAt <= at)
        .map((d) => ({ type: d.type, status: d.status as DocumentStatus }));
      const paid = payments
        .filter((p) => p.paidAt <= at)
        .reduce((s, p) => s + toCents(p.amount), 0);
      const patch = decideTransition(
        snapshot,
        actor,
        { to, reason, amount },
        {
          liabilityLimit: programme.liabilityLimit,
          missingDocuments: missingDocuments(requiredDocuments(type, lawyer !== null), onFile),
          paidTotal: cents(paid),
          now: new Date(at),
        },
      );
      const before = auditableClaim(claim, state);
      if (from === S.Appealed && to === S.UnderReview) {
        Object.assign(state, {
          amountAssessed: null,
          amountApproved: null,
          assessedBy: null,
          approvedBy: null,
          decidedAt: null,
        });
      }
      state.status = patch.status;
      if (patch.amountAssessed !== undefined) state.amountAssessed = patch.amountAssessed;
      if (patch.amountApproved !== undefined) state.amountApproved = patch.amountApproved;
      if (patch.assignedCaseWorkerId !== undefined)
        state.assignedCaseWorkerId = patch.assignedCaseWorkerId;
      if (patch.assessedBy !== undefined) state.assessedBy = patch.assessedBy;
      if (patch.approvedBy !== undefined) state.approvedBy = patch.approvedBy;
      if (patch.decidedAt !== undefined) state.decidedAt = patch.decidedAt.getTime();
      if (to === S.Submitted && state.submittedAt === null) state.submittedAt = at;
      const transitionId = uuid();
      world.transitions.push({
        id: transitionId,
        claimId: claim.id,
        from,
        to,
        actorId: actor.id,
        actorRole: actor.role,
        reason: reason ?? null,
        amount:
          to === S.Assessed
            ? state.amountAssessed
            : to === S.Approved
              ? state.amountApproved
              : null,
        at,
        changes: {
          transitionId,
          ...diffChanges(before, auditableClaim(claim, state), ['description']),
        },
      });
      claim.version++;
      claim.statusChangedAt = at;
    });
    Object.assign(claim, state);
    world.claims.push(claim);
    world.payments.push(...payments);
  }
}

function chooseActor(
  from: S,
  to: S,
  caseWorker: TransitionActor,
  lawyer: TransitionActor | null,
  admins: readonly string[],
): TransitionActor {
  const admin = (): TransitionActor => ({
    id: pick(admins),
    role: Role.Admin,
    representsClaimant: false,
  });
  const lawyerOr = (p: number) => (lawyer && chance(p) ? lawyer : caseWorker);
  switch (to) {
    case S.Submitted:
      return lawyerOr(0.6);
    case S.UnderReview:
      if (from === S.Appealed) return admin();
      return from === S.InformationRequested ? lawyerOr(0.4) : caseWorker;
    case S.Approved:
    case S.Rejected:
      return admin();
    case S.OfferAccepted:
    case S.OfferDeclined:
    case S.Appealed:
      return lawyerOr(1);
    case S.Closed:
      return chance(0.5) ? caseWorker : admin();
    case S.Withdrawn:
      return lawyerOr(0.5);
    case S.Draft:
    case S.InformationRequested:
    case S.Assessed:
      return caseWorker;
  }
}

function toCents(amount: string): number {
  const [whole, frac = ''] = amount.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

function newDocument(input: {
  claimId: string | null;
  claimantId: string | null;
  type: DocumentType;
  uploadedBy: string;
  uploaderRole: Role;
  at: number;
}): DocumentRow {
  return {
    id: uuid(),
    claimId: input.claimId,
    claimantId: input.claimantId,
    type: input.type,
    fileName: FILE_NAMES[input.type],
    mimeType: 'application/pdf',
    sizeBytes: int(40_000, 2_000_000),
    sha256: faker.string.hexadecimal({ length: 64, casing: 'lower', prefix: '' }),
    storageKey: uuid(),
    status: 'received',
    uploadedBy: input.uploadedBy,
    uploaderRole: input.uploaderRole,
    reviewedBy: null,
    reviewedAt: null,
    createdAt: input.at,
  };
}

function verify(doc: DocumentRow, reviewer: string, at: number): void {
  doc.status = 'verified';
  doc.reviewedBy = reviewer;
  doc.reviewedAt = Math.max(at, doc.createdAt);
}

/** Claim fields as the claims service records them in the audit log. */
export function auditableClaim(
  c: ClaimRow,
  state: Pick<
    ClaimRow,
    | 'status'
    | 'amountAssessed'
    | 'amountApproved'
    | 'assignedCaseWorkerId'
    | 'assessedBy'
    | 'approvedBy'
    | 'submittedAt'
    | 'decidedAt'
  >,
  ids?: { programmeId: string; claimantId: string; personId: string },
): Record<string, unknown> {
  return {
    reference: c.reference,
    ...(ids ?? {}),
    type: c.type,
    status: state.status,
    currency: c.currency,
    amountClaimed: c.amountClaimed,
    amountAssessed: state.amountAssessed,
    amountApproved: state.amountApproved,
    description: c.description,
    assignedCaseWorkerId: state.assignedCaseWorkerId,
    assessedBy: state.assessedBy,
    approvedBy: state.approvedBy,
    submittedAt: state.submittedAt === null ? null : iso(state.submittedAt),
    decidedAt: state.decidedAt === null ? null : iso(state.decidedAt),
  };
}
