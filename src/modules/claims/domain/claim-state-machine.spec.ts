import { Role } from '../../../common/auth/role';
import { DomainError } from '../../../common/errors/domain-error';
import { sumAmounts } from '../../../common/money/money';
import { DocumentType } from '../../documents/domain/document-type';
import { LiabilityBasis } from '../../programmes/domain/programme-rules';
import { ProgrammeStatus } from '../../programmes/domain/programme-status';
import { CLAIM_ERROR_STATUS, ClaimErrorCode, ClaimRuleError } from './claim-errors';
import {
  allowedTransitions,
  APPEAL_WINDOW_DAYS,
  appealClosesOn,
  ApprovalLimits,
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
const NOW = new Date('2026-03-01T12:00:00.000Z');
const DAY_MS = 24 * 60 * 60 * 1000;

type ActorKey = 'admin' | 'cw_assigned' | 'cw_other' | 'lawyer_own' | 'lawyer_foreign' | 'auditor';
const ACTOR_KEYS: ActorKey[] = [
  'admin',
  'cw_assigned',
  'cw_other',
  'lawyer_own',
  'lawyer_foreign',
  'auditor',
];

const ACTORS: Record<ActorKey, TransitionActor> = {
  admin: { id: 'admin-1', role: Role.Admin, representsClaimant: false },
  cw_assigned: { id: 'cw-assigned', role: Role.CaseWorker, representsClaimant: false },
  cw_other: { id: 'cw-other', role: Role.CaseWorker, representsClaimant: false },
  lawyer_own: { id: 'lawyer-own', role: Role.Lawyer, representsClaimant: true },
  lawyer_foreign: { id: 'lawyer-foreign', role: Role.Lawyer, representsClaimant: false },
  auditor: { id: 'auditor-1', role: Role.Auditor, representsClaimant: false },
};
const SECOND_ADMIN: TransitionActor = {
  id: 'admin-2',
  role: Role.Admin,
  representsClaimant: false,
};

/** A claim that passes every data guard, so only the edge and the actor decide the outcome. */
function claim(status: ClaimStatus, overrides: Partial<ClaimSnapshot> = {}): ClaimSnapshot {
  return {
    status,
    type: ClaimType.Death,
    claimantId: 'claimant-1',
    personId: 'person-1',
    programmeId: 'programme-1',
    currency: 'AZN',
    amountClaimed: '50000.00',
    amountAssessed: '40000.00',
    amountApproved: '40000.00',
    assignedCaseWorkerId: 'cw-assigned',
    assessedBy: 'cw-assigned',
    decidedAt: NOW,
    statusChangedAt: NOW,
    ...overrides,
  };
}

function context(overrides: Partial<TransitionContext> = {}): TransitionContext {
  return {
    liabilityLimit: null,
    missingDocuments: [],
    paidTotal: '40000.00',
    now: NOW,
    ...overrides,
  };
}

function fullRequest(to: ClaimStatus): TransitionRequest {
  return { to, reason: 'documented reason', amount: { amount: '40000.00', currency: 'AZN' } };
}

/** 'allowed' or the error code thrown; anything other than a ClaimRuleError fails the test. */
function outcome(run: () => unknown): 'allowed' | ClaimErrorCode {
  try {
    run();
    return 'allowed';
  } catch (err) {
    if (err instanceof ClaimRuleError) return err.code;
    throw err;
  }
}

function errorOf(run: () => unknown): ClaimRuleError {
  try {
    run();
  } catch (err) {
    if (err instanceof ClaimRuleError) return err;
    throw err;
  }
  throw new Error('expected a ClaimRuleError');
}

// docs/api.md#the-claim-lifecycle, typed out by hand: every edge and exactly who may take it.
const EXPECTED_EDGES: Record<string, ActorKey[]> = {
  'draft -> submitted': ['cw_assigned', 'cw_other', 'lawyer_own'],
  'draft -> withdrawn': ['cw_assigned', 'cw_other', 'lawyer_own'],
  'submitted -> under_review': ['admin', 'cw_assigned', 'cw_other'],
  'submitted -> withdrawn': ['cw_assigned', 'cw_other', 'lawyer_own'],
  'under_review -> information_requested': ['admin', 'cw_assigned'],
  'under_review -> assessed': ['admin', 'cw_assigned'],
  'under_review -> rejected': ['admin'],
  'under_review -> withdrawn': ['cw_assigned', 'cw_other', 'lawyer_own'],
  'information_requested -> under_review': ['admin', 'cw_assigned', 'lawyer_own'],
  'information_requested -> withdrawn': ['cw_assigned', 'cw_other', 'lawyer_own'],
  'assessed -> approved': ['admin'],
  'assessed -> under_review': ['admin', 'cw_assigned'],
  'assessed -> withdrawn': ['cw_assigned', 'cw_other', 'lawyer_own'],
  'approved -> offer_accepted': ['cw_assigned', 'lawyer_own'],
  'approved -> offer_declined': ['cw_assigned', 'lawyer_own'],
  'offer_declined -> appealed': ['cw_assigned', 'cw_other', 'lawyer_own'],
  'rejected -> appealed': ['cw_assigned', 'cw_other', 'lawyer_own'],
  'appealed -> under_review': ['admin'],
  'offer_accepted -> closed': ['admin', 'cw_assigned'],
};

function expectedOutcome(from: ClaimStatus, to: ClaimStatus, actor: ActorKey) {
  const who = EXPECTED_EDGES[`${from} -> ${to}`];
  if (!who) return ClaimErrorCode.TransitionNotAllowed;
  return who.includes(actor) ? 'allowed' : ClaimErrorCode.TransitionForbidden;
}

const TRIPLES = CLAIM_STATUSES.flatMap((from) =>
  CLAIM_STATUSES.flatMap((to) =>
    ACTOR_KEYS.map((actor) => [from, to, actor, expectedOutcome(from, to, actor)] as const),
  ),
);

describe('claim state machine: every (from, to, actor)', () => {
  it('walks all 12 x 12 x 6 triples', () => {
    expect(TRIPLES).toHaveLength(12 * 12 * 6);
  });

  it('has exactly the edges of the design, each once', () => {
    const edges = TRANSITIONS.map((r) => `${r.from} -> ${r.to}`);
    expect(new Set(edges).size).toBe(edges.length);
    expect([...edges].sort()).toEqual(Object.keys(EXPECTED_EDGES).sort());
  });

  it.each(TRIPLES)('%s -> %s by %s: %s', (from, to, actor, expected) => {
    const result = outcome(() =>
      decideTransition(claim(from), ACTORS[actor], fullRequest(to), context()),
    );
    expect(result).toBe(expected);
  });

  it.each(CLAIM_STATUSES.flatMap((from) => ACTOR_KEYS.map((actor) => [from, actor] as const)))(
    'allowedTransitions from %s for %s matches the table',
    (from, actor) => {
      const expected = CLAIM_STATUSES.filter(
        (to) => expectedOutcome(from, to, actor) === 'allowed',
      ).sort();
      expect(allowedTransitions(claim(from), ACTORS[actor], context()).sort()).toEqual(expected);
    },
  );
});

describe('claim state machine: check order', () => {
  it('reports a missing edge before a forbidden actor', () => {
    const err = errorOf(() =>
      decideTransition(claim(S.Draft), ACTORS.auditor, { to: S.Closed }, context()),
    );
    expect(err.code).toBe(ClaimErrorCode.TransitionNotAllowed);
    expect(err.status).toBe(409);
  });

  it('reports a forbidden actor before a failing guard', () => {
    const err = errorOf(() =>
      decideTransition(claim(S.Draft), ACTORS.lawyer_foreign, { to: S.Withdrawn }, context()),
    );
    expect(err.code).toBe(ClaimErrorCode.TransitionForbidden);
    expect(err.status).toBe(403);
  });

  it('checks four eyes before the amount', () => {
    const request: TransitionRequest = {
      to: S.Approved,
      amount: { amount: '1.00', currency: 'USD' },
    };
    const assessed = claim(S.Assessed, { assessedBy: ACTORS.admin.id });
    expect(outcome(() => decideTransition(assessed, ACTORS.admin, request, context()))).toBe(
      ClaimErrorCode.FourEyesRequired,
    );
  });

  it('leaves terminal states for nobody', () => {
    for (const from of [S.Closed, S.Withdrawn]) {
      for (const to of CLAIM_STATUSES) {
        expect(
          outcome(() => decideTransition(claim(from), ACTORS.admin, fullRequest(to), context())),
        ).toBe(ClaimErrorCode.TransitionNotAllowed);
      }
    }
  });
});

describe('claim state machine: guards', () => {
  const REASON_EDGES = TRANSITIONS.filter((r) => r.guards.includes('reason')).map(
    (r) => [r.from, r.to] as const,
  );

  it('knows which edges need a reason', () => {
    expect(REASON_EDGES.map(([from, to]) => `${from} -> ${to}`).sort()).toEqual(
      [
        'under_review -> information_requested',
        'assessed -> under_review',
        'under_review -> rejected',
        'approved -> offer_declined',
        'offer_declined -> appealed',
        'rejected -> appealed',
        'draft -> withdrawn',
        'submitted -> withdrawn',
        'under_review -> withdrawn',
        'information_requested -> withdrawn',
        'assessed -> withdrawn',
      ].sort(),
    );
  });

  it.each(
    REASON_EDGES.flatMap(([from, to]) =>
      [undefined, '', '   \n\t'].map((reason) => [from, to, JSON.stringify(reason)] as const),
    ),
  )('%s -> %s with reason %s is REASON_REQUIRED (400)', (from, to, reasonJson) => {
    const reason = reasonJson === undefined ? undefined : (JSON.parse(reasonJson) as string);
    const actor = from === S.UnderReview && to === S.Rejected ? ACTORS.admin : ACTORS.cw_assigned;
    const err = errorOf(() =>
      decideTransition(
        claim(from),
        actor,
        { to, reason, amount: fullRequest(to).amount },
        context(),
      ),
    );
    expect(err.code).toBe(ClaimErrorCode.ReasonRequired);
    expect(err.status).toBe(400);
  });

  it.each(['claimantId', 'personId', 'programmeId', 'type', 'amountClaimed'] as const)(
    'refuses to submit a draft without %s (CLAIM_INCOMPLETE)',
    (field) => {
      const draft = claim(S.Draft, { [field]: null });
      const err = errorOf(() =>
        decideTransition(draft, ACTORS.lawyer_own, { to: S.Submitted }, context()),
      );
      expect(err.code).toBe(ClaimErrorCode.ClaimIncomplete);
      expect(err.status).toBe(422);
      expect(err.message).toContain(field);
    },
  );

  it('submits a complete draft with only the status in the patch', () => {
    expect(
      decideTransition(claim(S.Draft), ACTORS.lawyer_own, { to: S.Submitted }, context()),
    ).toEqual({ status: S.Submitted });
  });

  it('assigns the acting case worker when a submitted claim has none', () => {
    const submitted = claim(S.Submitted, { assignedCaseWorkerId: null });
    expect(decideTransition(submitted, ACTORS.cw_other, { to: S.UnderReview }, context())).toEqual({
      status: S.UnderReview,
      assignedCaseWorkerId: 'cw-other',
    });
  });

  it('keeps an existing assignment when another case worker picks the claim up', () => {
    expect(
      decideTransition(claim(S.Submitted), ACTORS.cw_other, { to: S.UnderReview }, context()),
    ).toEqual({ status: S.UnderReview });
  });

  it('assigns nobody when an admin picks up an unassigned claim', () => {
    const submitted = claim(S.Submitted, { assignedCaseWorkerId: null });
    expect(decideTransition(submitted, ACTORS.admin, { to: S.UnderReview }, context())).toEqual({
      status: S.UnderReview,
    });
  });

  it('treats a case worker on an unassigned claim as not assigned', () => {
    const review = claim(S.UnderReview, { assignedCaseWorkerId: null });
    expect(
      outcome(() =>
        decideTransition(review, ACTORS.cw_assigned, fullRequest(S.Assessed), context()),
      ),
    ).toBe(ClaimErrorCode.TransitionForbidden);
  });

  it('records the assessed amount with two decimals and the assessor', () => {
    const request: TransitionRequest = {
      to: S.Assessed,
      amount: { amount: '1234.5', currency: 'AZN' },
    };
    expect(decideTransition(claim(S.UnderReview), ACTORS.cw_assigned, request, context())).toEqual({
      status: S.Assessed,
      amountAssessed: '1234.50',
      assessedBy: 'cw-assigned',
    });
  });

  it('assesses with the amount already on the claim when none is sent', () => {
    const review = claim(S.UnderReview, { amountAssessed: '777.00' });
    expect(decideTransition(review, ACTORS.admin, { to: S.Assessed }, context())).toEqual({
      status: S.Assessed,
      amountAssessed: '777.00',
      assessedBy: 'admin-1',
    });
  });

  it('requires an amount to assess when the claim has none (AMOUNT_REQUIRED)', () => {
    const review = claim(S.UnderReview, { amountAssessed: null });
    const err = errorOf(() =>
      decideTransition(review, ACTORS.admin, { to: S.Assessed }, context()),
    );
    expect(err.code).toBe(ClaimErrorCode.AmountRequired);
    expect(err.status).toBe(422);
  });

  it.each(['0', '0.00', '-5.00', '1.234', 'abc', ''])(
    'refuses a malformed or non-positive amount %j (AMOUNT_REQUIRED)',
    (amount) => {
      const request: TransitionRequest = { to: S.Assessed, amount: { amount, currency: 'AZN' } };
      expect(
        outcome(() => decideTransition(claim(S.UnderReview), ACTORS.admin, request, context())),
      ).toBe(ClaimErrorCode.AmountRequired);
    },
  );

  it('refuses an assessed amount in another currency (AMOUNT_CURRENCY_MISMATCH)', () => {
    const request: TransitionRequest = {
      to: S.Assessed,
      amount: { amount: '100.00', currency: 'USD' },
    };
    const err = errorOf(() =>
      decideTransition(claim(S.UnderReview), ACTORS.admin, request, context()),
    );
    expect(err.code).toBe(ClaimErrorCode.AmountCurrencyMismatch);
    expect(err.status).toBe(422);
  });

  it('refuses an approved amount in another currency (AMOUNT_CURRENCY_MISMATCH)', () => {
    const request: TransitionRequest = {
      to: S.Approved,
      amount: { amount: '100.00', currency: 'XDR' },
    };
    expect(
      outcome(() => decideTransition(claim(S.Assessed), ACTORS.admin, request, context())),
    ).toBe(ClaimErrorCode.AmountCurrencyMismatch);
  });

  it('refuses assessment while required documents are unverified, naming them', () => {
    const ctx = context({
      missingDocuments: [DocumentType.DeathCertificate, DocumentType.ProofOfKinship],
    });
    const err = errorOf(() =>
      decideTransition(claim(S.UnderReview), ACTORS.cw_assigned, fullRequest(S.Assessed), ctx),
    );
    expect(err.code).toBe(ClaimErrorCode.RequiredDocumentsMissing);
    expect(err.status).toBe(422);
    expect(err.message).toContain('death_certificate, proof_of_kinship');
  });

  it('refuses approval by the assessor (FOUR_EYES_REQUIRED)', () => {
    const assessed = claim(S.Assessed, { assessedBy: 'admin-1' });
    const err = errorOf(() =>
      decideTransition(assessed, ACTORS.admin, { to: S.Approved }, context()),
    );
    expect(err.code).toBe(ClaimErrorCode.FourEyesRequired);
    expect(err.status).toBe(422);
  });

  it('lets a second admin approve what the first assessed', () => {
    const assessed = claim(S.Assessed, { assessedBy: 'admin-1', amountApproved: null });
    expect(decideTransition(assessed, SECOND_ADMIN, { to: S.Approved }, context())).toEqual({
      status: S.Approved,
      amountApproved: '40000.00',
      approvedBy: 'admin-2',
      decidedAt: NOW,
      exceedsLiabilityLimit: false,
    });
  });

  it('defaults the approved amount to the assessed amount', () => {
    const assessed = claim(S.Assessed, { amountAssessed: '12345.6', amountApproved: null });
    const patch = decideTransition(
      assessed,
      ACTORS.admin,
      { to: S.Approved },
      context({ paidTotal: '0.00' }),
    );
    expect(patch.amountApproved).toBe('12345.60');
  });

  it('approves a different amount when one is sent', () => {
    const request: TransitionRequest = {
      to: S.Approved,
      amount: { amount: '30000', currency: 'AZN' },
    };
    const patch = decideTransition(
      claim(S.Assessed),
      ACTORS.admin,
      request,
      context({ paidTotal: '0.00' }),
    );
    expect(patch.amountApproved).toBe('30000.00');
  });

  it('refuses approval above the liability limit without a reason', () => {
    const assessed = claim(S.Assessed, { amountAssessed: '128821.01' });
    const err = errorOf(() =>
      decideTransition(
        assessed,
        ACTORS.admin,
        { to: S.Approved, reason: '  ' },
        context({ liabilityLimit: '128821.00' }),
      ),
    );
    expect(err.code).toBe(ClaimErrorCode.AmountExceedsLiabilityLimit);
    expect(err.status).toBe(422);
  });

  it('approves above the liability limit when a reason is given', () => {
    const assessed = claim(S.Assessed, { amountAssessed: '200000.00' });
    const patch = decideTransition(
      assessed,
      ACTORS.admin,
      { to: S.Approved, reason: 'court-ordered: wilful misconduct' },
      context({ liabilityLimit: '128821.00' }),
    );
    expect(patch.amountApproved).toBe('200000.00');
  });

  it('approves exactly the liability limit without a reason', () => {
    const assessed = claim(S.Assessed, { amountAssessed: '128821' });
    const patch = decideTransition(
      assessed,
      ACTORS.admin,
      { to: S.Approved },
      context({ liabilityLimit: '128821.00' }),
    );
    expect(patch.amountApproved).toBe('128821.00');
  });

  it('records the decision time when rejecting', () => {
    const at = new Date('2026-04-01T00:00:00.000Z');
    expect(
      decideTransition(
        claim(S.UnderReview, { decidedAt: null }),
        ACTORS.admin,
        { to: S.Rejected, reason: 'not on the manifest' },
        context({ now: at }),
      ),
    ).toEqual({ status: S.Rejected, decidedAt: at });
  });

  describe.each([S.Rejected, S.OfferDeclined])('appeal from %s', (from) => {
    const request: TransitionRequest = { to: S.Appealed, reason: 'new evidence' };
    // The claim entered `from` at NOW, 2026-03-01T12:00Z: the window's last day is 2026-03-31.
    const at = (iso: string) => context({ now: new Date(iso) });

    it(`is open to the end of the ${APPEAL_WINDOW_DAYS}th calendar day after it`, () => {
      expect(
        decideTransition(claim(from), ACTORS.lawyer_own, request, at('2026-03-31T23:59:59.999Z')),
      ).toEqual({ status: S.Appealed });
      expect(appealClosesOn(NOW)).toBe('2026-03-31');
    });

    it('is closed from the next day on (APPEAL_WINDOW_CLOSED)', () => {
      const err = errorOf(() =>
        decideTransition(claim(from), ACTORS.lawyer_own, request, at('2026-04-01T00:00:00.000Z')),
      );
      expect(err.code).toBe(ClaimErrorCode.AppealWindowClosed);
      expect(err.status).toBe(422);
    });

    it('is closed when no status time was recorded', () => {
      expect(
        outcome(() =>
          decideTransition(
            claim(from, { statusChangedAt: null }),
            ACTORS.cw_other,
            request,
            context(),
          ),
        ),
      ).toBe(ClaimErrorCode.AppealWindowClosed);
    });
  });

  it('runs the window from the decline, not the approval: a decline on day 29 leaves 30 days', () => {
    const approvedAt = new Date('2026-03-01T12:00:00.000Z');
    const declinedAt = new Date(approvedAt.getTime() + 29 * DAY_MS);
    const declined = claim(S.OfferDeclined, { decidedAt: approvedAt, statusChangedAt: declinedAt });
    const request: TransitionRequest = { to: S.Appealed, reason: 'the offer ignores lost income' };
    const dayThirty = context({ now: new Date(declinedAt.getTime() + 30 * DAY_MS) });
    expect(decideTransition(declined, ACTORS.lawyer_own, request, dayThirty)).toEqual({
      status: S.Appealed,
    });
  });

  it('closes when payments 0.10 + 0.20 equal an approved 0.30 (decimal, not float)', () => {
    expect(0.1 + 0.2 === 0.3).toBe(false); // why floats are banned
    const accepted = claim(S.OfferAccepted, { amountApproved: '0.30' });
    const ctx = context({ paidTotal: sumAmounts(['0.10', '0.20']) });
    expect(decideTransition(accepted, ACTORS.admin, { to: S.Closed }, ctx)).toEqual({
      status: S.Closed,
    });
  });

  it('compares payment totals by value, not by string', () => {
    const accepted = claim(S.OfferAccepted, { amountApproved: '0.30' });
    expect(
      decideTransition(
        accepted,
        ACTORS.cw_assigned,
        { to: S.Closed },
        context({ paidTotal: '0.3' }),
      ).status,
    ).toBe(S.Closed);
  });

  it.each(['0.29', '0.31', '0'])(
    'refuses to close with payments of %s against 0.30 (PAYMENTS_INCOMPLETE)',
    (paidTotal) => {
      const accepted = claim(S.OfferAccepted, { amountApproved: '0.30' });
      const err = errorOf(() =>
        decideTransition(accepted, ACTORS.admin, { to: S.Closed }, context({ paidTotal })),
      );
      expect(err.code).toBe(ClaimErrorCode.PaymentsIncomplete);
      expect(err.status).toBe(422);
    },
  );

  it('refuses to close a claim with no approved amount (PAYMENTS_INCOMPLETE)', () => {
    const accepted = claim(S.OfferAccepted, { amountApproved: null });
    expect(
      outcome(() =>
        decideTransition(accepted, ACTORS.admin, { to: S.Closed }, context({ paidTotal: '0' })),
      ),
    ).toBe(ClaimErrorCode.PaymentsIncomplete);
  });
});

describe('allowedTransitions', () => {
  it('lists nothing for an auditor or a lawyer without representation, in any status', () => {
    for (const status of CLAIM_STATUSES) {
      expect(allowedTransitions(claim(status), ACTORS.auditor, context())).toEqual([]);
      expect(allowedTransitions(claim(status), ACTORS.lawyer_foreign, context())).toEqual([]);
    }
  });

  it('lists nothing from a terminal status', () => {
    for (const actor of ACTOR_KEYS) {
      expect(allowedTransitions(claim(S.Closed), ACTORS[actor], context())).toEqual([]);
      expect(allowedTransitions(claim(S.Withdrawn), ACTORS[actor], context())).toEqual([]);
    }
  });

  it('leaves errors their stack traces after guards refused, and refuses with a full error', () => {
    const limit = Error.stackTraceLimit;
    // Missing documents refuse the assessment while allowedTransitions lists the rest.
    const ctx = context({ missingDocuments: [DocumentType.DeathCertificate] });
    expect(allowedTransitions(claim(S.UnderReview), ACTORS.admin, ctx)).not.toContain(S.Assessed);
    expect(Error.stackTraceLimit).toBe(limit);
    const refused = errorOf(() =>
      decideTransition(claim(S.UnderReview), ACTORS.admin, fullRequest(S.Assessed), ctx),
    );
    expect(refused.stack).toMatch(/\n\s+at /);
  });

  it('does not check a reason the request would supply', () => {
    const review = claim(S.UnderReview);
    expect(allowedTransitions(review, ACTORS.admin, context())).toEqual([
      S.InformationRequested,
      S.Assessed,
      S.Rejected,
    ]);
  });

  it('does not check an amount the request would supply', () => {
    const review = claim(S.UnderReview, { amountAssessed: null });
    expect(allowedTransitions(review, ACTORS.admin, context())).toContain(S.Assessed);
  });

  it('hides approval from the admin who assessed the claim', () => {
    const assessed = claim(S.Assessed, { assessedBy: 'admin-1' });
    expect(allowedTransitions(assessed, ACTORS.admin, context())).toEqual([S.UnderReview]);
    expect(allowedTransitions(assessed, SECOND_ADMIN, context())).toEqual([
      S.Approved,
      S.UnderReview,
    ]);
  });

  it('still lists approval above the liability limit, since a reason unlocks it', () => {
    const assessed = claim(S.Assessed, { amountAssessed: '999999.00' });
    expect(
      allowedTransitions(assessed, ACTORS.admin, context({ liabilityLimit: '1.00' })),
    ).toContain(S.Approved);
  });

  it('hides assessment while documents are missing', () => {
    const ctx = context({ missingDocuments: [DocumentType.PowerOfAttorney] });
    expect(allowedTransitions(claim(S.UnderReview), ACTORS.cw_assigned, ctx)).toEqual([
      S.InformationRequested,
      S.Withdrawn,
    ]);
  });

  it('hides submission of an incomplete draft', () => {
    const draft = claim(S.Draft, { programmeId: null });
    expect(allowedTransitions(draft, ACTORS.lawyer_own, context())).toEqual([S.Withdrawn]);
  });

  it('hides an appeal once the window has closed', () => {
    const late = context({ now: new Date(NOW.getTime() + 31 * DAY_MS) });
    expect(allowedTransitions(claim(S.Rejected), ACTORS.cw_other, late)).toEqual([]);
    expect(allowedTransitions(claim(S.Rejected), ACTORS.cw_other, context())).toEqual([S.Appealed]);
  });

  it('hides closing until payments equal the approved amount', () => {
    const accepted = claim(S.OfferAccepted);
    expect(allowedTransitions(accepted, ACTORS.admin, context({ paidTotal: '39999.99' }))).toEqual(
      [],
    );
    expect(allowedTransitions(accepted, ACTORS.admin, context())).toEqual([S.Closed]);
  });
});

describe('ClaimRuleError', () => {
  it.each(Object.values(ClaimErrorCode))('%s carries the status from the table', (code) => {
    const err = new ClaimRuleError(code, 'message');
    expect(err).toBeInstanceOf(DomainError);
    expect(err.code).toBe(code);
    expect(err.status).toBe(CLAIM_ERROR_STATUS[code]);
    expect(err.message).toBe('message');
  });
});

describe('claim state machine: approval within what the programme allows (section 9)', () => {
  const assessed = (amountAssessed: string) =>
    claim(S.Assessed, { amountAssessed, amountApproved: null, assessedBy: 'cw-assigned' });
  const limits = (overrides: Partial<ApprovalLimits> = {}): ApprovalLimits => ({
    liabilityBasis: LiabilityBasis.PerClaim,
    personApprovedElsewhere: '0.00',
    claimantApprovedElsewhere: '0.00',
    programmeAmount: null,
    heirSharePercent: null,
    ...overrides,
  });
  const approve =
    (c: ClaimSnapshot, ctx: Partial<TransitionContext>, request: Partial<TransitionRequest> = {}) =>
    () =>
      decideTransition(
        c,
        ACTORS.admin,
        { to: S.Approved, ...request },
        context({ paidTotal: '0.00', ...ctx }),
      );

  it('refuses an approval below what was already paid (APPROVED_BELOW_PAID)', () => {
    const err = errorOf(approve(assessed('10000.00'), { paidTotal: '15000.00' }));
    expect(err.code).toBe(ClaimErrorCode.ApprovedBelowPaid);
    expect(err.status).toBe(422);
    expect(outcome(approve(assessed('15000.00'), { paidTotal: '15000.00' }))).toBe('allowed');
  });

  it('needs a reason above the assessed amount (422 REASON_REQUIRED), then flags nothing else', () => {
    const err = errorOf(
      approve(assessed('10000.00'), {}, { amount: { amount: '10000.01', currency: 'AZN' } }),
    );
    expect(err.code).toBe(ClaimErrorCode.ReasonRequired);
    expect(err.status).toBe(422);
    const patch = approve(
      assessed('10000.00'),
      {},
      { amount: { amount: '12000.00', currency: 'AZN' }, reason: 'lost income proven' },
    )();
    expect(patch).toMatchObject({ amountApproved: '12000.00', exceedsLiabilityLimit: false });
  });

  it('caps the person’s approvals at the programme amount, whatever the reason', () => {
    const ctx = {
      limits: limits({ programmeAmount: '40000.00', personApprovedElsewhere: '30000.00' }),
    };
    expect(outcome(approve(assessed('10000.00'), ctx))).toBe('allowed');
    const err = errorOf(approve(assessed('10000.01'), ctx, { reason: 'any reason at all' }));
    expect(err.code).toBe(ClaimErrorCode.ProgrammeAmountExceeded);
    expect(err.status).toBe(422);
  });

  it('caps an heir at their share of the programme amount', () => {
    const ctx = {
      limits: limits({
        programmeAmount: '40000.00',
        heirSharePercent: '25',
        claimantApprovedElsewhere: '4000.00',
        personApprovedElsewhere: '4000.00',
      }),
    };
    expect(outcome(approve(assessed('6000.00'), ctx))).toBe('allowed');
    expect(outcome(approve(assessed('6000.01'), ctx))).toBe(ClaimErrorCode.ProgrammeAmountExceeded);
  });

  it('measures a per_person liability limit against all the person’s approvals, and flags the excess', () => {
    const ctx = {
      liabilityLimit: '128821.00',
      limits: limits({
        liabilityBasis: LiabilityBasis.PerPerson,
        personApprovedElsewhere: '100000.00',
      }),
    };
    expect(approve(assessed('28821.00'), ctx)()).toMatchObject({ exceedsLiabilityLimit: false });
    expect(outcome(approve(assessed('28821.01'), ctx))).toBe(
      ClaimErrorCode.AmountExceedsLiabilityLimit,
    );
    expect(
      approve(assessed('28821.01'), ctx, { reason: 'damages proven above the first tier' })(),
    ).toMatchObject({ exceedsLiabilityLimit: true });
  });

  it('measures a per_claim limit against the claim alone', () => {
    const ctx = {
      liabilityLimit: '128821.00',
      limits: limits({ personApprovedElsewhere: '100000.00' }),
    };
    expect(approve(assessed('128821.00'), ctx)()).toMatchObject({ exceedsLiabilityLimit: false });
  });
});

describe('claim state machine: a programme that is not open (section 10)', () => {
  const pledged = (overrides: Partial<TransitionContext> = {}) =>
    context({ programmeStatus: ProgrammeStatus.Pledged, paidTotal: '0.00', ...overrides });

  it.each([
    [S.UnderReview, S.Assessed, ACTORS.cw_assigned],
    [S.Assessed, S.Approved, SECOND_ADMIN],
  ])('refuses %s -> %s with 409 PROGRAMME_NOT_OPEN', (from, to, actor) => {
    const err = errorOf(() => decideTransition(claim(from), actor, fullRequest(to), pledged()));
    expect([err.code, err.status]).toEqual([ClaimErrorCode.ProgrammeNotOpen, 409]);
  });

  it('still files, submits, reviews, asks for information and withdraws', () => {
    const ctx = pledged();
    expect(allowedTransitions(claim(S.Draft), ACTORS.lawyer_own, ctx)).toEqual([
      S.Submitted,
      S.Withdrawn,
    ]);
    expect(allowedTransitions(claim(S.Submitted), ACTORS.cw_other, ctx)).toEqual([
      S.UnderReview,
      S.Withdrawn,
    ]);
    expect(allowedTransitions(claim(S.UnderReview), ACTORS.cw_assigned, ctx)).toEqual([
      S.InformationRequested,
      S.Withdrawn,
    ]);
    expect(allowedTransitions(claim(S.Assessed), SECOND_ADMIN, ctx)).toEqual([S.UnderReview]);
  });
});
