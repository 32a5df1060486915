import { CLAIM_STATUSES, ClaimStatus } from '../../claims/domain/claim-status';
import { DocumentErrorCode, DocumentRuleError } from './document-errors';
import { checkReview, claimAcceptsDocuments, ReviewOutcome } from './document-review';
import { DocumentStatus } from './document-status';

const { Received, Verified, Rejected } = DocumentStatus;

function refusal(fn: () => unknown): DocumentErrorCode | null {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof DocumentRuleError) return error.code;
    throw error;
  }
}

describe('claimAcceptsDocuments', () => {
  it.each(CLAIM_STATUSES.map((s) => [s]))('%s', (status) => {
    const terminal = status === ClaimStatus.Closed || status === ClaimStatus.Withdrawn;
    expect(claimAcceptsDocuments(status)).toBe(!terminal);
  });
});

describe('checkReview', () => {
  const open = ClaimStatus.UnderReview;

  it.each<[DocumentStatus, ReviewOutcome, DocumentErrorCode | null]>([
    [Received, Verified, null],
    [Received, Rejected, null],
    [Verified, Rejected, null],
    [Verified, Verified, DocumentErrorCode.ReviewNotAllowed],
    [Rejected, Verified, DocumentErrorCode.ReviewNotAllowed],
    [Rejected, Rejected, DocumentErrorCode.ReviewNotAllowed],
  ])('%s -> %s: %s', (from, to, expected) => {
    expect(refusal(() => checkReview(from, open, { status: to, reason: 'because' }))).toBe(
      expected,
    );
  });

  it('needs a reason to reject, blank counting as none', () => {
    for (const reason of [undefined, null, '', '   ']) {
      expect(refusal(() => checkReview(Received, open, { status: Rejected, reason }))).toBe(
        DocumentErrorCode.ReasonRequired,
      );
    }
  });

  it('returns the trimmed reason, or null when verifying without one', () => {
    expect(checkReview(Received, open, { status: Rejected, reason: '  Illegible  ' })).toBe(
      'Illegible',
    );
    expect(checkReview(Received, open, { status: Verified })).toBeNull();
  });

  it.each([ClaimStatus.Closed, ClaimStatus.Withdrawn])(
    'freezes the documents of a %s claim',
    (status) => {
      expect(refusal(() => checkReview(Received, status, { status: Verified }))).toBe(
        DocumentErrorCode.ClaimClosed,
      );
    },
  );

  it('reviews a document filed on a claimant, with no claim', () => {
    expect(refusal(() => checkReview(Received, null, { status: Verified }))).toBeNull();
  });

  it('maps its refusals to 400, 409 and 409', () => {
    const status = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as DocumentRuleError).status;
      }
      return 200;
    };
    expect(status(() => checkReview(Received, open, { status: Rejected }))).toBe(400);
    expect(status(() => checkReview(Rejected, open, { status: Verified }))).toBe(409);
    expect(status(() => checkReview(Received, ClaimStatus.Closed, { status: Verified }))).toBe(409);
  });
});
