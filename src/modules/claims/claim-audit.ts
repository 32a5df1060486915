import { Claim } from './claim.entity';

/** Claim fields as the audit log records them. */
export function auditable(c: Claim): Record<string, unknown> {
  return {
    reference: c.reference,
    programmeId: c.programmeId,
    claimantId: c.claimantId,
    personId: c.personId,
    type: c.type,
    status: c.status,
    currency: c.currency,
    amountClaimed: c.amountClaimed,
    amountAssessed: c.amountAssessed,
    amountApproved: c.amountApproved,
    description: c.description,
    principalClaimId: c.principalClaimId,
    assignedCaseWorkerId: c.assignedCaseWorkerId,
    assessedBy: c.assessedBy,
    approvedBy: c.approvedBy,
    submittedAt: c.submittedAt,
    decidedAt: c.decidedAt,
    exceedsLiabilityLimit: c.exceedsLiabilityLimit,
  };
}
