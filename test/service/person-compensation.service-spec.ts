import { randomUUID } from 'node:crypto';

import { Role } from '../../src/common/auth/role';
import { DomainError } from '../../src/common/errors/domain-error';
import { ClaimStatus } from '../../src/modules/claims/domain/claim-status';
import { PaymentKind, PaymentMethod } from '../../src/modules/payments/domain/payment-kind';
import { PaymentsService } from '../../src/modules/payments/payments.service';
import { PersonCompensationService } from '../../src/modules/persons/person-compensation.service';
import { createClaimFixture, insertIncident, insertPerson } from '../utils/fixtures';
import { actorFor, ServiceContext, startServiceContext } from './service-context';

/**
 * A person's compensation position is arithmetic over the ledger: the service tier checks it
 * against payments recorded and reversed through PaymentsService, without HTTP in the way.
 */
describe('PersonCompensationService.position', () => {
  let s: ServiceContext;

  beforeAll(async () => {
    s = await startServiceContext();
  });
  afterAll(() => s.close());

  it('nets advances, awards and reversals per programme, in the programme currency', async () => {
    const admin = await actorFor(s.ds, Role.Admin);
    const { incidentId, programmes } = await insertIncident(s.ds);
    const personId = await insertPerson(s.ds, incidentId, { fullName: 'Position Deceased' });
    const claim = await createClaimFixture(s.ds, {
      person: { incidentId, personId },
      status: ClaimStatus.OfferAccepted,
      amountAssessed: '40000.00',
      amountApproved: '40000.00',
    });
    expect(claim.programmeId).toBe(programmes.airline_ex_gratia);
    const payments = s.app.get(PaymentsService);
    const pay = (kind: PaymentKind, amount: string) =>
      payments.record(admin, claim.claimId, randomUUID(), {
        kind,
        amount: { amount, currency: 'AZN' },
        method: PaymentMethod.BankTransfer,
      });
    const advance = await pay(PaymentKind.Advance, '10000.00');
    await pay(PaymentKind.Award, '25000.00');
    await payments.reverse(admin, advance.payment.id, { reason: 'Paid twice by the bank' });

    const position = await s.app.get(PersonCompensationService).position(admin, personId, {});
    const exGratia = position.programmes.find((p) => p.programmeId === claim.programmeId);
    expect(exGratia).toMatchObject({
      currency: 'AZN',
      claimed: '40000.00',
      approved: '40000.00',
      paid: '25000.00',
      outstanding: '15000.00',
      toRecover: '0.00',
      claims: [{ id: claim.claimId, status: ClaimStatus.OfferAccepted }],
    });
    // The other programmes of the incident are listed with nothing claimed in them.
    expect(position.programmes.filter((p) => p.claims.length === 0).length).toBe(
      position.programmes.length - 1,
    );
  });

  it('answers not found to a lawyer who represents none of the person’s claimants', async () => {
    const lawyer = await actorFor(s.ds, Role.Lawyer);
    const { incidentId } = await insertIncident(s.ds);
    const personId = await insertPerson(s.ds, incidentId, { fullName: 'Out Of Scope' });
    await createClaimFixture(s.ds, { person: { incidentId, personId } });
    const refused = s.app.get(PersonCompensationService).position(lawyer, personId, {});
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toMatchObject({ status: 404 });
  });
});
