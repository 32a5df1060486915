import fc from 'fast-check';

import { Role } from '../../../common/auth/role';
import { DOCUMENT_TYPES, DocumentType } from '../../documents/domain/document-type';
import { ClaimErrorCode, ClaimRuleError } from './claim-errors';
import {
  allowedTransitions,
  ClaimPatch,
  ClaimSnapshot,
  decideTransition,
  TransitionActor,
  TransitionContext,
  TransitionRequest,
  TRANSITIONS,
} from './claim-state-machine';
import { CLAIM_STATUSES, ClaimStatus } from './claim-status';
import { ClaimType } from './claim-type';

const S = ClaimStatus;
const DAY_MS = 24 * 60 * 60 * 1000;
const TERMINAL = new Set<ClaimStatus>([S.Closed, S.Withdrawn]);
// Statuses reached only through a decision (approval or rejection).
const DECIDED = new Set<ClaimStatus>([
  S.Approved,
  S.OfferAccepted,
  S.OfferDeclined,
  S.Rejected,
  S.Appealed,
  S.Closed,
]);
// Statuses whose current approval is in force.
const AWARDED = new Set<ClaimStatus>([S.Approved, S.OfferAccepted, S.OfferDeclined, S.Closed]);

// Two admins so four eyes can pass, two case workers so assignment varies.
const ACTORS: Record<string, TransitionActor> = {
  admin1: { id: 'admin-1', role: Role.Admin, representsClaimant: false },
  admin2: { id: 'admin-2', role: Role.Admin, representsClaimant: false },
  cw1: { id: 'cw-1', role: Role.CaseWorker, representsClaimant: false },
  cw2: { id: 'cw-2', role: Role.CaseWorker, representsClaimant: false },
  lawyerOwn: { id: 'lawyer-own', role: Role.Lawyer, representsClaimant: true },
  lawyerForeign: { id: 'lawyer-foreign', role: Role.Lawyer, representsClaimant: false },
  auditor: { id: 'auditor-1', role: Role.Auditor, representsClaimant: false },
};

interface Model {
  claim: ClaimSnapshot;
  approvedBy: string | null;
}

/** A positive two-decimal amount built from whole cents: no float ever touches the value. */
const amountArb = fc
  .integer({ min: 1, max: 30_000_000 })
  .map((cents) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`);

const actionArb = fc.record({
  actor: fc.constantFrom(...Object.keys(ACTORS)),
  // Mostly a status the machine lists (withdrawal aside, which would end most walks early), so
  // walks reach deep states; sometimes any status at all.
  target: fc.oneof(
    { weight: 1, arbitrary: fc.record({ any: fc.constantFrom(...CLAIM_STATUSES) }) },
    { weight: 4, arbitrary: fc.record({ listedIndex: fc.nat() }) },
  ),
  reason: fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(undefined, '', '  \t') },
    { weight: 2, arbitrary: fc.constant('a documented reason') },
  ),
  amount: fc.option(
    fc.record({ amount: amountArb, currency: fc.constantFrom('AZN', 'AZN', 'AZN', 'USD') }),
    { nil: undefined },
  ),
  advanceMs: fc.oneof(
    fc.constant(0),
    fc.integer({ min: 0, max: 2 * DAY_MS }),
    fc.integer({ min: 0, max: 40 * DAY_MS }),
  ),
  missingDocuments: fc.oneof(
    { weight: 3, arbitrary: fc.constant<DocumentType[]>([]) },
    { weight: 1, arbitrary: fc.subarray([...DOCUMENT_TYPES], { minLength: 1, maxLength: 2 }) },
  ),
  payments: fc.constantFrom('exact', 'exact', 'none', 'short'),
});

const startArb = fc.record({
  // One draft in ten lacks a required field and can never be submitted.
  blankField: fc.oneof(
    { weight: 9, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('claimantId', 'personId', 'programmeId', 'type', 'amountClaimed'),
    },
  ),
  liabilityLimit: fc.option(amountArb, { nil: null }),
  actions: fc.array(actionArb, { minLength: 1, maxLength: 60, size: 'max' }),
});

function draft(blankField: string | undefined): ClaimSnapshot {
  const claim: ClaimSnapshot = {
    status: S.Draft,
    type: ClaimType.Death,
    claimantId: 'claimant-1',
    personId: 'person-1',
    programmeId: 'programme-1',
    currency: 'AZN',
    amountClaimed: '50000.00',
    amountAssessed: null,
    amountApproved: null,
    assignedCaseWorkerId: null,
    assessedBy: null,
    decidedAt: null,
    statusChangedAt: new Date('2026-01-15T09:00:00.000Z'),
  };
  return blankField ? { ...claim, [blankField]: null } : claim;
}

/** The status an action aims at: its own pick, or one the machine lists (withdrawal aside). */
function targetOf(
  target: { any: ClaimStatus } | { listedIndex: number },
  listed: readonly ClaimStatus[],
): ClaimStatus {
  if ('any' in target) return target.any;
  const onward = listed.filter((status) => status !== S.Withdrawn);
  // Nothing onward: try to close, which the machine must refuse or accept consistently.
  return onward.length > 0 ? onward[target.listedIndex % onward.length] : S.Closed;
}

function paidTotal(claim: ClaimSnapshot, payments: string): string {
  if (payments === 'none' || claim.amountApproved === null) return '0.00';
  return payments === 'exact' ? claim.amountApproved : '0.01';
}

function succeeds(run: () => unknown): boolean {
  try {
    run();
    return true;
  } catch (err) {
    if (err instanceof ClaimRuleError) return false;
    throw err;
  }
}

function checkInvariants({ claim, approvedBy }: Model): void {
  expect(CLAIM_STATUSES).toContain(claim.status);
  if (DECIDED.has(claim.status)) expect(claim.decidedAt).toBeInstanceOf(Date);
  if (AWARDED.has(claim.status)) {
    expect(claim.amountApproved).toMatch(/^\d+\.\d{2}$/);
    expect(approvedBy).not.toBeNull();
    expect(approvedBy).not.toBe(claim.assessedBy);
  }
}

/**
 * allowedTransitions lists a status iff deciding it, with a reason and a valid amount, succeeds.
 * Checked over the edges from the current status plus whatever is listed: any other target is
 * refused as NOT_ALLOWED, which the table-driven spec covers triple by triple.
 */
function checkAgreement(claim: ClaimSnapshot, actor: TransitionActor, ctx: TransitionContext) {
  const listed = allowedTransitions(claim, actor, ctx);
  const candidates = new Set([
    ...TRANSITIONS.filter((r) => r.from === claim.status).map((r) => r.to),
    ...listed,
  ]);
  const disagreements = [...candidates].filter((to) => {
    const request: TransitionRequest = {
      to,
      reason: 'a documented reason',
      amount: { amount: '1000.00', currency: claim.currency },
    };
    return succeeds(() => decideTransition(claim, actor, request, ctx)) !== listed.includes(to);
  });
  expect(disagreements).toEqual([]);
  return listed;
}

describe('claim state machine (property)', () => {
  it('keeps its invariants over 1,000 random action sequences from draft', () => {
    const reached = new Set<ClaimStatus>();

    fc.assert(
      fc.property(startArb, ({ blankField, liabilityLimit, actions }) => {
        let model: Model = { claim: draft(blankField), approvedBy: null };
        let now = new Date('2026-01-15T09:00:00.000Z');
        for (const action of actions) {
          const before = model.claim;
          const actor = ACTORS[action.actor];
          now = new Date(now.getTime() + action.advanceMs);
          const ctx: TransitionContext = {
            liabilityLimit,
            missingDocuments: action.missingDocuments,
            paidTotal: paidTotal(before, action.payments),
            now,
          };

          const listed = checkAgreement(before, actor, ctx);
          const to = targetOf(action.target, listed);
          const request: TransitionRequest = { to, reason: action.reason, amount: action.amount };

          let patch: ClaimPatch;
          try {
            patch = decideTransition(before, actor, request, ctx);
          } catch (err) {
            expect(err).toBeInstanceOf(ClaimRuleError);
            if (TERMINAL.has(before.status)) {
              expect((err as ClaimRuleError).code).toBe(ClaimErrorCode.TransitionNotAllowed);
            }
            continue;
          }

          expect(TERMINAL.has(before.status)).toBe(false);
          expect(TRANSITIONS.some((r) => r.from === before.status && r.to === patch.status)).toBe(
            true,
          );
          expect(patch.status).toBe(to);

          const { approvedBy, exceedsLiabilityLimit: _flag, ...claimFields } = patch;
          // As the service does: a re-opened appeal clears the old decision, and every
          // transition stamps the time the claim entered its new status.
          const reopened = before.status === S.Appealed && patch.status === S.UnderReview;
          const cleared = reopened
            ? { amountAssessed: null, amountApproved: null, assessedBy: null, decidedAt: null }
            : {};
          model = {
            claim: { ...before, ...cleared, ...claimFields, statusChangedAt: now },
            approvedBy: reopened ? null : (approvedBy ?? model.approvedBy),
          };
          reached.add(model.claim.status);
          checkInvariants(model);
        }
      }),
      { numRuns: 1000 },
    );

    // Guards against a vacuous property: the walks must actually visit the whole lifecycle.
    expect([...reached].sort()).toEqual(CLAIM_STATUSES.filter((s) => s !== S.Draft).sort());
  }, 60_000);
});
