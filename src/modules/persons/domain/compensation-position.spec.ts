import { ClaimStatus } from '../../claims/domain/claim-status';
import { addPositions, position, PositionClaim } from './compensation-position';

const claim = (overrides: Partial<PositionClaim>): PositionClaim => ({
  status: ClaimStatus.Approved,
  amountClaimed: '40000.00',
  amountApproved: null,
  coveredByPrincipal: false,
  paid: '0.00',
  advancePaid: '0.00',
  linkedAdvancesPaid: '0.00',
  ...overrides,
});

describe('a person’s position in a programme', () => {
  it('is all zeros without claims', () => {
    expect(position([])).toEqual({
      claimed: '0.00',
      approved: '0.00',
      paid: '0.00',
      outstanding: '0.00',
      toRecover: '0.00',
    });
  });

  it('claims what is lodged, approves what stands, owes what is approved and unpaid', () => {
    const p = position([
      claim({ status: ClaimStatus.Draft, amountClaimed: '5000.00' }),
      claim({
        status: ClaimStatus.UnderReview,
        amountClaimed: '20000.00',
        paid: '2000.00',
        advancePaid: '2000.00',
      }),
      claim({
        status: ClaimStatus.OfferAccepted,
        amountClaimed: '30000.00',
        amountApproved: '25000.00',
        paid: '10000.00',
      }),
    ]);
    expect(p).toEqual({
      claimed: '50000.00',
      approved: '25000.00',
      paid: '12000.00',
      outstanding: '15000.00',
      toRecover: '0.00',
    });
  });

  it('offsets linked advances against the principal and counts the award once', () => {
    const p = position([
      claim({
        status: ClaimStatus.OfferAccepted,
        amountApproved: '40000.00',
        paid: '25000.00',
        linkedAdvancesPaid: '15000.00',
      }),
      claim({
        status: ClaimStatus.Closed,
        amountApproved: '15000.00',
        coveredByPrincipal: true,
        paid: '15000.00',
        advancePaid: '15000.00',
      }),
    ]);
    expect(p).toMatchObject({ approved: '40000.00', paid: '40000.00', outstanding: '0.00' });
  });

  it('asks back the advances of claims that ended without an award', () => {
    const p = position([
      claim({ status: ClaimStatus.Withdrawn, paid: '3000.00', advancePaid: '3000.00' }),
      claim({
        status: ClaimStatus.Rejected,
        amountApproved: null,
        paid: '1000.00',
        advancePaid: '1000.00',
      }),
    ]);
    expect(p).toMatchObject({
      claimed: '40000.00',
      approved: '0.00',
      paid: '4000.00',
      toRecover: '4000.00',
    });
  });

  it('adds positions of one currency exactly', () => {
    const a = position([claim({ status: ClaimStatus.Approved, amountApproved: '0.10' })]);
    const b = position([claim({ status: ClaimStatus.Approved, amountApproved: '0.20' })]);
    expect(addPositions([a, b]).approved).toBe('0.30');
  });
});
