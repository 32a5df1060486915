import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Claimant } from '../../src/modules/claimants/claimant.entity';
import { Relationship } from '../../src/modules/claimants/domain/relationship';
import { Representation } from '../../src/modules/claimants/representation.entity';
import { Claim } from '../../src/modules/claims/claim.entity';
import { ClaimStatus } from '../../src/modules/claims/domain/claim-status';
import { ClaimType } from '../../src/modules/claims/domain/claim-type';
import { PersonOutcome } from '../../src/modules/persons/domain/person-kinds';
import { CompensationProgramme } from '../../src/modules/programmes/compensation-programme.entity';
import { seededIncidentId } from './test-app';

/*
 * Claims for the documents and payments suites, inserted straight into the database in the
 * state a test needs. The claims API (issue 4) is being built at the same time as these
 * suites; once it lands, suites that exercise the lifecycle should create claims through it.
 */

export interface ClaimFixture {
  claimId: string;
  claimantId: string;
  personId: string;
  programmeId: string;
  currency: string;
}

export interface ClaimOptions {
  status?: ClaimStatus;
  type?: ClaimType;
  /** Programme chosen by currency among J2-8243's programmes, copied to the fixture incident (AZN by default). */
  currency?: 'AZN' | 'XDR' | 'KZT' | 'RUB';
  amountClaimed?: string | null;
  amountAssessed?: string | null;
  amountApproved?: string | null;
  /** A lawyer user who actively represents the claimant. */
  lawyerId?: string;
}

/**
 * An incident of the fixtures' own, with J2-8243's programmes copied and a few deceased
 * persons, so claims made here never touch the seeded manifest that reports count.
 */
async function fixtureIncidentId(ds: DataSource): Promise<string> {
  const code = 'FIXTURE-CLAIMS';
  const existing = (await ds.query(`SELECT id FROM incidents WHERE code = $1`, [code])) as {
    id: string;
  }[];
  if (existing[0]) return existing[0].id;
  const seeded = await seededIncidentId(ds);
  const [incident] = (await ds.query(
    `INSERT INTO incidents (code, title, occurred_at, declared_on_board, declared_passengers, declared_crew,
       declared_fatalities, declared_survivors, limitation_deadline)
     VALUES ($1, 'Claims fixture', '2024-12-25T06:28:00Z', 5, 5, 0, 5, 0, '2026-12-25')
     ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id`,
    [code],
  )) as { id: string }[];
  await ds.query(
    `INSERT INTO compensation_programmes (incident_id, name, payer, currency, status, pledged_at,
       opened_at, amount_per_deceased, amount_per_injured, liability_limit, advance_minimum,
       description, liability_basis, eligibility, limitation_deadline)
     SELECT $1, name, payer, currency, status, pledged_at, opened_at, amount_per_deceased,
            amount_per_injured, liability_limit, advance_minimum, description, liability_basis,
            eligibility, limitation_deadline
       FROM compensation_programmes WHERE incident_id = $2
     ON CONFLICT (incident_id, name) DO NOTHING`,
    [incident!.id, seeded],
  );
  for (let i = 0; i < 5; i++) {
    await ds.query(
      `INSERT INTO persons_on_board (incident_id, full_name, category, nationalities, outcome)
       VALUES ($1, $2, 'passenger', ARRAY['AZ'], 'deceased')`,
      [incident!.id, `Fixture Deceased ${i}`],
    );
  }
  return incident!.id;
}

export async function createClaimFixture(
  ds: DataSource,
  options: ClaimOptions = {},
): Promise<ClaimFixture> {
  const incidentId = await fixtureIncidentId(ds);
  const currency = options.currency ?? 'AZN';
  const programme = await ds.manager.findOneByOrFail(CompensationProgramme, {
    incidentId,
    currency,
  });
  const [person] = (await ds.query(
    `SELECT id FROM persons_on_board WHERE incident_id = $1 AND outcome = $2 ORDER BY random() LIMIT 1`,
    [incidentId, PersonOutcome.Deceased],
  )) as { id: string }[];
  if (!person) throw new Error('The seeded manifest has no deceased person');

  const claimant = ds.manager.create(Claimant, {
    personId: person.id,
    fullName: 'Leyla Testova',
    relationship: Relationship.Spouse,
  });
  await ds.manager.insert(Claimant, claimant);
  if (options.lawyerId) await representClaimant(ds, claimant.id, options.lawyerId);

  const status = options.status ?? ClaimStatus.UnderReview;
  const claim = ds.manager.create(Claim, {
    reference: `FIXTURE-C-${randomUUID().replace(/-/g, '')}`,
    incidentId,
    programmeId: programme.id,
    claimantId: claimant.id,
    personId: person.id,
    type: options.type ?? ClaimType.Death,
    status,
    currency,
    amountClaimed: options.amountClaimed === undefined ? '40000.00' : options.amountClaimed,
    amountAssessed: options.amountAssessed ?? null,
    amountApproved: options.amountApproved ?? null,
    submittedAt: status === ClaimStatus.Draft ? null : new Date(),
  });
  await ds.manager.insert(Claim, claim);
  return {
    claimId: claim.id,
    claimantId: claimant.id,
    personId: person.id,
    programmeId: programme.id,
    currency,
  };
}

export async function representClaimant(
  ds: DataSource,
  claimantId: string,
  lawyerId: string,
): Promise<void> {
  await ds.manager.insert(Representation, { claimantId, lawyerId, startedBy: null });
}

/** Moves a fixture claim to another status (the lifecycle itself is not under test here). */
export async function setClaimStatus(
  ds: DataSource,
  claimId: string,
  status: ClaimStatus,
): Promise<void> {
  await ds.manager.update(Claim, { id: claimId }, { status });
}
