import { EntityManager } from 'typeorm';

import { queryRows, sql } from '../../common/database/sql';
import { sumAmounts } from '../../common/money/money';
import { utcDate } from '../exchange-rates/domain/exchange-rate';
import { ExchangeRatesService } from '../exchange-rates/exchange-rates.service';
import { PersonOutcome } from '../persons/domain/person-kinds';
import { amountPerPerson, LiabilityBasis } from '../programmes/domain/programme-rules';
import { Claim } from './claim.entity';
import { ApprovalLimits } from './domain/claim-state-machine';

interface ProgrammeRow {
  currency: string;
  liabilityLimit: string | null;
  liabilityBasis: LiabilityBasis;
  amountPerDeceased: string | null;
  amountPerInjured: string | null;
  outcome: PersonOutcome;
  heirSharePercent: string | null;
}

interface ElsewhereRow {
  currency: string;
  sameClaimant: boolean;
  approved: string;
}

export interface LoadedApprovalLimits {
  limits: ApprovalLimits;
  /** The programme's liability limit in the claim's currency. */
  liabilityLimit: string | null;
}

/**
 * What an approval of `claim` is measured against (docs/money.md), converted into the
 * claim's currency at the rates of the decision's date. Read after lockPersonInProgramme.
 *
 * The approvals "elsewhere" are those of the person's other claims in the programme that
 * count: not withdrawn or rejected, and not an advance claim whose principal is approved (the
 * principal's award covers its advances, and counting both would count the money twice). The
 * claim's own linked advances are left out for the same reason.
 */
export async function loadApprovalLimits(
  manager: EntityManager,
  rates: ExchangeRatesService,
  claim: Claim,
  now: Date,
): Promise<LoadedApprovalLimits> {
  const [programme] = await queryRows<ProgrammeRow>(
    manager,
    sql(
      `SELECT pr.currency, pr.liability_limit::text AS "liabilityLimit",
            pr.liability_basis::text AS "liabilityBasis",
            pr.amount_per_deceased::text AS "amountPerDeceased",
            pr.amount_per_injured::text AS "amountPerInjured",
            p.outcome::text AS outcome, cl.heir_share_percent::text AS "heirSharePercent"
       FROM compensation_programmes pr, persons_on_board p, claimants cl
      WHERE pr.id = :programmeId AND p.id = :personId AND cl.id = :claimantId`,
      { programmeId: claim.programmeId, personId: claim.personId, claimantId: claim.claimantId },
    ),
  );
  const elsewhere = await queryRows<ElsewhereRow>(
    manager,
    sql(
      `SELECT c.currency, c.claimant_id = :claimantId AS "sameClaimant",
            SUM(c.amount_approved)::numeric(20,2)::text AS approved
       FROM claims c LEFT JOIN claims pc ON pc.id = c.principal_claim_id
      WHERE c.programme_id = :programmeId AND c.person_id = :personId AND c.id <> :claimId
        AND c.principal_claim_id IS DISTINCT FROM :claimId
        AND c.amount_approved IS NOT NULL
        AND c.status::text NOT IN ('withdrawn', 'rejected')
        AND NOT (pc.id IS NOT NULL AND pc.amount_approved IS NOT NULL
                 AND pc.status::text NOT IN ('withdrawn', 'rejected'))
      GROUP BY c.currency, c.claimant_id = :claimantId`,
      {
        programmeId: claim.programmeId,
        personId: claim.personId,
        claimId: claim.id,
        claimantId: claim.claimantId,
      },
    ),
  );

  const onDate = utcDate(now);
  const inClaimCurrency = async (amount: string | null, from: string): Promise<string | null> =>
    amount === null
      ? null
      : (await rates.convert(manager, amount, from.trim(), claim.currency, onDate)).amount;
  const p = programme!;
  // One at a time: the transaction's queries share its single connection.
  const converted: { sameClaimant: boolean; amount: string }[] = [];
  for (const row of elsewhere) {
    const amount = (await inClaimCurrency(row.approved, row.currency))!;
    converted.push({ sameClaimant: row.sameClaimant, amount });
  }
  return {
    liabilityLimit: await inClaimCurrency(p.liabilityLimit, p.currency),
    limits: {
      liabilityBasis: p.liabilityBasis,
      personApprovedElsewhere: sumAmounts(converted.map((c) => c.amount)),
      claimantApprovedElsewhere: sumAmounts(
        converted.filter((c) => c.sameClaimant).map((c) => c.amount),
      ),
      programmeAmount: await inClaimCurrency(amountPerPerson(p, p.outcome), p.currency),
      heirSharePercent: p.heirSharePercent,
    },
  };
}
