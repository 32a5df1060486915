import { Role } from '../../../common/auth/role';
import {
  compareAmounts,
  dec,
  formatAmount,
  isPositiveAmount,
  sumAmounts,
} from '../../../common/money/money';
import { DocumentType } from '../../documents/domain/document-type';
import { heirShareOf, LiabilityBasis } from '../../programmes/domain/programme-rules';
import { ProgrammeStatus } from '../../programmes/domain/programme-status';
import { ClaimErrorCode, ClaimRuleError } from './claim-errors';
import { ClaimStatus } from './claim-status';
import { ClaimType } from './claim-type';

/** Claim lifecycle (docs/api.md#the-claim-lifecycle) as pure code: the service loads, decides, then saves. */

export const APPEAL_WINDOW_DAYS = 30;

/**
 * The last day (UTC calendar date) an appeal may be lodged: 30 calendar days after the day of
 * the rejection or of the declined offer, whatever the hour it happened.
 */
export function appealClosesOn(since: Date): string {
  const d = new Date(
    Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate() + APPEAL_WINDOW_DAYS),
  );
  return d.toISOString().slice(0, 10);
}

export function appealWindowOpen(since: Date, now: Date): boolean {
  return now.toISOString().slice(0, 10) <= appealClosesOn(since);
}

export interface TransitionActor {
  id: string;
  role: Role;
  /** The actor is a lawyer with an active representation of the claim's claimant. */
  representsClaimant: boolean;
}

export interface ClaimSnapshot {
  status: ClaimStatus;
  type: ClaimType | null;
  claimantId: string | null;
  personId: string | null;
  programmeId: string | null;
  currency: string;
  amountClaimed: string | null;
  amountAssessed: string | null;
  amountApproved: string | null;
  assignedCaseWorkerId: string | null;
  assessedBy: string | null;
  decidedAt: Date | null;
  /** When the claim entered its current status: a rejection or a decline starts the appeal window. */
  statusChangedAt: Date | null;
}

/**
 * What an approval is measured against beyond the claim itself (docs/money.md), every
 * amount already in the claim's currency. "Elsewhere" sums the approvals of the other claims
 * in the same programme for the same person that count (withdrawn and rejected claims do
 * not, nor advance claims covered by their approved principal).
 */
export interface ApprovalLimits {
  liabilityBasis: LiabilityBasis;
  /** Approvals of the person's other counting claims in the programme, every claimant. */
  personApprovedElsewhere: string;
  /** Approvals of this claimant's other counting claims for the person in the programme. */
  claimantApprovedElsewhere: string;
  /** What the programme pays per person (amountPerDeceased or amountPerInjured), or null. */
  programmeAmount: string | null;
  /** The claimant's heir share of the person's estate, percent, when recorded. */
  heirSharePercent: string | null;
}

export interface TransitionContext {
  /** The programme's liability limit in the claim's currency, if it has one. */
  liabilityLimit: string | null;
  /** Loaded for approvals only; without it, only this claim's own amounts are checked. */
  limits?: ApprovalLimits;
  /** The claim's programme status; assessment and approval need `open` (absent: open). */
  programmeStatus?: ProgrammeStatus;
  /** Required document types with no verified document (see required-documents.ts). */
  missingDocuments: DocumentType[];
  /** Net payments on the claim and on the advance claims linked to it, in its currency. */
  paidTotal: string;
  now: Date;
}

export interface TransitionRequest {
  to: ClaimStatus;
  reason?: string;
  amount?: { amount: string; currency: string };
}

/** What to write back to the claim; fields left out are unchanged. */
export interface ClaimPatch {
  status: ClaimStatus;
  amountAssessed?: string;
  amountApproved?: string;
  assignedCaseWorkerId?: string;
  assessedBy?: string;
  approvedBy?: string;
  decidedAt?: Date;
  exceedsLiabilityLimit?: boolean;
}

/**
 * Who may take an edge. `case_worker` is any case worker, `assigned_case_worker` only the one
 * assigned to the claim, `own_lawyer` a lawyer representing the claimant. Auditors take none.
 */
export type TransitionActorKind = 'admin' | 'case_worker' | 'assigned_case_worker' | 'own_lawyer';

export type TransitionGuard =
  | 'programme_open'
  | 'claim_complete'
  | 'reason'
  | 'assessed_amount'
  | 'documents_verified'
  | 'four_eyes'
  | 'approved_amount'
  | 'not_below_paid'
  | 'reason_above_assessed'
  | 'programme_amount'
  | 'liability_limit'
  | 'appeal_window'
  | 'payments_complete';

/** What an accepted transition writes besides the new status. */
export type TransitionEffect =
  'assign_case_worker' | 'record_assessment' | 'record_approval' | 'record_decision';

export interface TransitionRule {
  from: ClaimStatus;
  to: ClaimStatus;
  who: readonly TransitionActorKind[];
  /** Checked in this order; the first failure is the error reported. */
  guards: readonly TransitionGuard[];
  effect?: TransitionEffect;
}

const S = ClaimStatus;

// A claimant may walk away at any point before a decision is made.
const WITHDRAWABLE = [S.Draft, S.Submitted, S.UnderReview, S.InformationRequested, S.Assessed];

export const TRANSITIONS: readonly TransitionRule[] = [
  {
    from: S.Draft,
    to: S.Submitted,
    who: ['case_worker', 'own_lawyer'],
    guards: ['claim_complete'],
  },
  {
    from: S.Submitted,
    to: S.UnderReview,
    who: ['case_worker', 'admin'],
    guards: [],
    effect: 'assign_case_worker',
  },
  {
    from: S.UnderReview,
    to: S.InformationRequested,
    who: ['assigned_case_worker', 'admin'],
    guards: ['reason'],
  },
  {
    from: S.InformationRequested,
    to: S.UnderReview,
    who: ['assigned_case_worker', 'own_lawyer', 'admin'],
    guards: [],
  },
  {
    from: S.UnderReview,
    to: S.Assessed,
    who: ['assigned_case_worker', 'admin'],
    guards: ['programme_open', 'assessed_amount', 'documents_verified'],
    effect: 'record_assessment',
  },
  {
    from: S.Assessed,
    to: S.Approved,
    who: ['admin'],
    guards: [
      'programme_open',
      'four_eyes',
      'approved_amount',
      'not_below_paid',
      'reason_above_assessed',
      'programme_amount',
      'liability_limit',
    ],
    effect: 'record_approval',
  },
  {
    from: S.Assessed,
    to: S.UnderReview,
    who: ['assigned_case_worker', 'admin'],
    guards: ['reason'],
  },
  {
    from: S.UnderReview,
    to: S.Rejected,
    who: ['admin'],
    guards: ['reason'],
    effect: 'record_decision',
  },
  {
    from: S.Approved,
    to: S.OfferAccepted,
    who: ['own_lawyer', 'assigned_case_worker'],
    guards: [],
  },
  {
    from: S.Approved,
    to: S.OfferDeclined,
    who: ['own_lawyer', 'assigned_case_worker'],
    guards: ['reason'],
  },
  {
    from: S.OfferDeclined,
    to: S.Appealed,
    who: ['own_lawyer', 'case_worker'],
    guards: ['reason', 'appeal_window'],
  },
  {
    from: S.Rejected,
    to: S.Appealed,
    who: ['own_lawyer', 'case_worker'],
    guards: ['reason', 'appeal_window'],
  },
  { from: S.Appealed, to: S.UnderReview, who: ['admin'], guards: [] },
  {
    from: S.OfferAccepted,
    to: S.Closed,
    who: ['admin', 'assigned_case_worker'],
    guards: ['payments_complete'],
  },
  ...WITHDRAWABLE.map((from): TransitionRule => ({
    from,
    to: S.Withdrawn,
    who: ['own_lawyer', 'case_worker'],
    guards: ['reason'],
  })),
];

/**
 * Decides one transition. Order: the edge exists (409), the actor may take it (403), then the
 * rule's guards in table order. Returns the patch to save; throws ClaimRuleError.
 */
export function decideTransition(
  claim: ClaimSnapshot,
  actor: TransitionActor,
  request: TransitionRequest,
  ctx: TransitionContext,
): ClaimPatch {
  const rule = TRANSITIONS.find((r) => r.from === claim.status && r.to === request.to);
  if (!rule) {
    throw new ClaimRuleError(
      ClaimErrorCode.TransitionNotAllowed,
      `A claim in status ${claim.status} cannot move to ${request.to}`,
    );
  }
  if (!mayTake(rule, claim, actor)) {
    throw new ClaimRuleError(
      ClaimErrorCode.TransitionForbidden,
      `Role ${actor.role} may not move this claim from ${rule.from} to ${rule.to}`,
    );
  }
  const input: GuardInput = { rule, claim, actor, request, ctx };
  for (const guard of rule.guards) GUARDS[guard].check(input);
  return { status: rule.to, ...(rule.effect ? EFFECTS[rule.effect](input) : {}) };
}

/**
 * The statuses this actor could move the claim to now: edges they may take whose guards on claim
 * and context state pass. Guards the request itself satisfies (a reason, an amount) are assumed met.
 */
export function allowedTransitions(
  claim: ClaimSnapshot,
  actor: TransitionActor,
  ctx: TransitionContext,
): ClaimStatus[] {
  return TRANSITIONS.filter((rule) => {
    if (rule.from !== claim.status || !mayTake(rule, claim, actor)) return false;
    const input: GuardInput = { rule, claim, actor, request: { to: rule.to }, ctx };
    return rule.guards.every(
      (guard) => GUARDS[guard].satisfiedByRequest || passes(() => GUARDS[guard].check(input)),
    );
  }).map((rule) => rule.to);
}

function mayTake(rule: TransitionRule, claim: ClaimSnapshot, actor: TransitionActor): boolean {
  return rule.who.some((kind) => isActorKind(kind, claim, actor));
}

function isActorKind(
  kind: TransitionActorKind,
  claim: ClaimSnapshot,
  actor: TransitionActor,
): boolean {
  switch (kind) {
    case 'admin':
      return actor.role === Role.Admin;
    case 'case_worker':
      return actor.role === Role.CaseWorker;
    case 'assigned_case_worker':
      return actor.role === Role.CaseWorker && claim.assignedCaseWorkerId === actor.id;
    case 'own_lawyer':
      return actor.role === Role.Lawyer && actor.representsClaimant;
  }
}

/**
 * Whether a guard lets the transition through. A refusal here is an answer, not a fault, so its
 * error is built without a stack trace: capturing one cost more than the rest of a claim's view
 * (a page lists fifty). The same guards refuse with their full error in decideTransition.
 */
function passes(check: () => void): boolean {
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    check();
    return true;
  } catch (err) {
    if (err instanceof ClaimRuleError) return false;
    throw err;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

// ---- guards -------------------------------------------------------------------------------

interface GuardInput {
  rule: TransitionRule;
  claim: ClaimSnapshot;
  actor: TransitionActor;
  request: TransitionRequest;
  ctx: TransitionContext;
}

interface GuardSpec {
  /** The caller can always meet it by sending a reason or an amount, so listings skip it. */
  satisfiedByRequest: boolean;
  /** Throws ClaimRuleError when the guard fails. */
  check(input: GuardInput): void;
}

const GUARDS: Record<TransitionGuard, GuardSpec> = {
  programme_open: { satisfiedByRequest: false, check: requireProgrammeOpen },
  claim_complete: { satisfiedByRequest: false, check: requireComplete },
  reason: { satisfiedByRequest: true, check: requireReason },
  assessed_amount: { satisfiedByRequest: true, check: (i) => assessedAmount(i) },
  documents_verified: { satisfiedByRequest: false, check: requireDocuments },
  four_eyes: { satisfiedByRequest: false, check: requireFourEyes },
  approved_amount: { satisfiedByRequest: true, check: (i) => approvedAmount(i) },
  not_below_paid: { satisfiedByRequest: true, check: requireNotBelowPaid },
  reason_above_assessed: { satisfiedByRequest: true, check: requireReasonAboveAssessed },
  programme_amount: { satisfiedByRequest: true, check: requireWithinProgrammeAmount },
  liability_limit: { satisfiedByRequest: true, check: requireWithinLiabilityLimit },
  appeal_window: { satisfiedByRequest: false, check: requireAppealWindowOpen },
  payments_complete: { satisfiedByRequest: false, check: requirePaymentsComplete },
};

/** docs/api.md#the-claim-lifecycle: a pledge takes claims, but nothing is decided until it opens. */
function requireProgrammeOpen({ rule, ctx }: GuardInput): void {
  const status = ctx.programmeStatus ?? 'open';
  if (status !== 'open') {
    throw new ClaimRuleError(
      ClaimErrorCode.ProgrammeNotOpen,
      `The claim's programme is ${status}: ${rule.to === ClaimStatus.Assessed ? 'assessment' : 'approval'} ` +
        'waits until it is open. Claims can still be filed, submitted, reviewed, asked for ' +
        'information and withdrawn',
    );
  }
}

function requireComplete({ claim }: GuardInput): void {
  const required = {
    claimantId: claim.claimantId,
    personId: claim.personId,
    programmeId: claim.programmeId,
    type: claim.type,
    amountClaimed: claim.amountClaimed,
  };
  const missing = Object.entries(required)
    .filter(([, value]) => value === null || value === '')
    .map(([field]) => field);
  if (missing.length > 0) {
    throw new ClaimRuleError(
      ClaimErrorCode.ClaimIncomplete,
      `The claim cannot be submitted without: ${missing.join(', ')}`,
    );
  }
}

function hasReason(request: TransitionRequest): boolean {
  return (request.reason ?? '').trim().length > 0;
}

function requireReason({ rule, request }: GuardInput): void {
  if (!hasReason(request)) {
    throw new ClaimRuleError(
      ClaimErrorCode.ReasonRequired,
      `A reason is required to move a claim from ${rule.from} to ${rule.to}`,
    );
  }
}

/** The amount being assessed: the one sent, else the one already on the claim. */
function assessedAmount(input: GuardInput): string {
  return requireAmount(input, input.claim.amountAssessed, 'amountAssessed');
}

/** The amount being approved: the one sent, else the assessed amount (docs/api.md#the-claim-lifecycle). */
function approvedAmount(input: GuardInput): string {
  return requireAmount(input, input.claim.amountAssessed, 'amountApproved');
}

function requireAmount(
  { claim, request }: GuardInput,
  fallback: string | null,
  field: string,
): string {
  if (request.amount && request.amount.currency !== claim.currency) {
    throw new ClaimRuleError(
      ClaimErrorCode.AmountCurrencyMismatch,
      `${field} must be in the claim's currency ${claim.currency}, not ${request.amount.currency}`,
    );
  }
  const amount = request.amount?.amount ?? fallback;
  if (amount === null) {
    throw new ClaimRuleError(ClaimErrorCode.AmountRequired, `${field} is required`);
  }
  // Checked here too so a malformed amount is a 422, not a decimal.js crash.
  if (!isPositiveAmount(amount)) {
    throw new ClaimRuleError(
      ClaimErrorCode.AmountRequired,
      `${field} must be a positive amount with at most two fraction digits`,
    );
  }
  return amount;
}

function requireDocuments({ ctx }: GuardInput): void {
  if (ctx.missingDocuments.length > 0) {
    throw new ClaimRuleError(
      ClaimErrorCode.RequiredDocumentsMissing,
      `Required documents are not verified: ${ctx.missingDocuments.join(', ')}`,
    );
  }
}

function requireFourEyes({ claim, actor }: GuardInput): void {
  if (claim.assessedBy === actor.id) {
    throw new ClaimRuleError(
      ClaimErrorCode.FourEyesRequired,
      'The claim must be approved by someone other than its assessor',
    );
  }
}

function requireNotBelowPaid(input: GuardInput): void {
  const amount = approvedAmount(input);
  if (compareAmounts(amount, input.ctx.paidTotal) < 0) {
    throw new ClaimRuleError(
      ClaimErrorCode.ApprovedBelowPaid,
      `Approving ${formatAmount(amount)} ${input.claim.currency} is below the ` +
        `${formatAmount(input.ctx.paidTotal)} already paid on the claim (advances included, net ` +
        'of reversals); approve at least that, or record the recovery of the excess first',
    );
  }
}

function requireReasonAboveAssessed(input: GuardInput): void {
  const { claim, request } = input;
  if (claim.amountAssessed === null || hasReason(request)) return;
  const amount = approvedAmount(input);
  if (compareAmounts(amount, claim.amountAssessed) > 0) {
    throw new ClaimRuleError(
      ClaimErrorCode.ReasonRequired,
      `Approving ${formatAmount(amount)} ${claim.currency} is above the assessed ` +
        `${formatAmount(claim.amountAssessed)}; give a reason to approve above the assessment`,
      { status: 422 },
    );
  }
}

function requireWithinProgrammeAmount(input: GuardInput): void {
  const limits = input.ctx.limits;
  if (!limits || limits.programmeAmount === null) return;
  const { claim } = input;
  const amount = approvedAmount(input);
  const personTotal = sumAmounts([limits.personApprovedElsewhere, amount]);
  if (compareAmounts(personTotal, limits.programmeAmount) > 0) {
    throw new ClaimRuleError(
      ClaimErrorCode.ProgrammeAmountExceeded,
      `Approving ${formatAmount(amount)} ${claim.currency} would take the approvals for this ` +
        `person in the programme to ${personTotal}, over the programme’s ` +
        `${formatAmount(limits.programmeAmount)} per person (already approved: ` +
        `${formatAmount(limits.personApprovedElsewhere)})`,
    );
  }
  if (limits.heirSharePercent === null) return;
  const share = heirShareOf(limits.programmeAmount, limits.heirSharePercent);
  const claimantTotal = sumAmounts([limits.claimantApprovedElsewhere, amount]);
  if (compareAmounts(claimantTotal, share) > 0) {
    throw new ClaimRuleError(
      ClaimErrorCode.ProgrammeAmountExceeded,
      `Approving ${formatAmount(amount)} ${claim.currency} would take this heir’s approvals to ` +
        `${claimantTotal}, over their ${dec(limits.heirSharePercent).toFixed()} % share ` +
        `(${share}) of the programme’s ${formatAmount(limits.programmeAmount)} per person`,
    );
  }
}

/** The total the liability limit is measured against once `amount` is approved. */
function liabilityTotal(input: GuardInput, amount: string): string {
  const limits = input.ctx.limits;
  const elsewhere =
    limits?.liabilityBasis === LiabilityBasis.PerPerson ? limits.personApprovedElsewhere : '0';
  return sumAmounts([elsewhere, amount]);
}

function exceedsLiabilityLimit(input: GuardInput, amount: string): boolean {
  const limit = input.ctx.liabilityLimit;
  return limit !== null && compareAmounts(liabilityTotal(input, amount), limit) > 0;
}

function requireWithinLiabilityLimit(input: GuardInput): void {
  const { claim, request, ctx } = input;
  if (ctx.liabilityLimit === null || hasReason(request)) return;
  const amount = approvedAmount(input);
  if (exceedsLiabilityLimit(input, amount)) {
    const perPerson = ctx.limits?.liabilityBasis === LiabilityBasis.PerPerson;
    throw new ClaimRuleError(
      ClaimErrorCode.AmountExceedsLiabilityLimit,
      `Approving ${formatAmount(amount)} ${claim.currency} ` +
        (perPerson
          ? `takes the approvals for this person to ${liabilityTotal(input, amount)}, over `
          : 'exceeds ') +
        `the programme's liability limit of ${formatAmount(ctx.liabilityLimit)}` +
        (perPerson ? ' per person' : '') +
        '; give a reason to approve above it',
    );
  }
}

function requireAppealWindowOpen({ claim, ctx }: GuardInput): void {
  // The window runs from the rejection or the declined offer: the claim's current status.
  const since = claim.statusChangedAt;
  if (since === null || !appealWindowOpen(since, ctx.now)) {
    throw new ClaimRuleError(
      ClaimErrorCode.AppealWindowClosed,
      `An appeal must be lodged within ${APPEAL_WINDOW_DAYS} calendar days of the ` +
        (claim.status === ClaimStatus.OfferDeclined ? 'declined offer' : 'rejection') +
        (since ? `: the window closed at the end of ${appealClosesOn(since)} (UTC)` : ''),
    );
  }
}

function requirePaymentsComplete({ claim, ctx }: GuardInput): void {
  if (claim.amountApproved === null || compareAmounts(ctx.paidTotal, claim.amountApproved) !== 0) {
    throw new ClaimRuleError(
      ClaimErrorCode.PaymentsIncomplete,
      `Payments of ${formatAmount(ctx.paidTotal)} ${claim.currency} do not equal the approved ` +
        `amount ${claim.amountApproved === null ? '(none)' : formatAmount(claim.amountApproved)}`,
    );
  }
}

// ---- effects ------------------------------------------------------------------------------

const EFFECTS: Record<TransitionEffect, (input: GuardInput) => Omit<ClaimPatch, 'status'>> = {
  // The first case worker to pick a claim up owns it; an admin picking it up assigns no one.
  assign_case_worker: ({ claim, actor }) =>
    claim.assignedCaseWorkerId === null && actor.role === Role.CaseWorker
      ? { assignedCaseWorkerId: actor.id }
      : {},
  record_assessment: (input) => ({
    amountAssessed: formatAmount(assessedAmount(input)),
    assessedBy: input.actor.id,
  }),
  record_approval: (input) => ({
    amountApproved: formatAmount(approvedAmount(input)),
    approvedBy: input.actor.id,
    decidedAt: input.ctx.now,
    exceedsLiabilityLimit: exceedsLiabilityLimit(input, approvedAmount(input)),
  }),
  record_decision: ({ ctx }) => ({ decidedAt: ctx.now }),
};
