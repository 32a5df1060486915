import { PersonCategory, PersonOutcome } from '../../persons/domain/person-kinds';
import { Payer } from './payer';
import {
  amountPerPerson,
  defaultLiabilityBasis,
  eligibilityFailure,
  heirShareOf,
  LiabilityBasis,
} from './programme-rules';

const passenger = {
  category: PersonCategory.Passenger,
  outcome: PersonOutcome.Deceased,
  nationalities: ['AZ'],
};
const crew = {
  category: PersonCategory.Crew,
  outcome: PersonOutcome.Survived,
  nationalities: ['AZ'],
};
const kazakh = {
  category: PersonCategory.Passenger,
  outcome: PersonOutcome.Deceased,
  nationalities: ['RU', 'KZ'],
};

describe('eligibility', () => {
  it('covers everyone when a programme sets none', () => {
    expect(eligibilityFailure(null, crew)).toBeNull();
    expect(eligibilityFailure({ note: 'everyone on board' }, crew)).toBeNull();
  });

  it('names the failed condition', () => {
    expect(eligibilityFailure({ categories: [PersonCategory.Passenger] }, crew)?.field).toBe(
      'eligibility.categories',
    );
    expect(eligibilityFailure({ outcomes: [PersonOutcome.Deceased] }, crew)?.field).toBe(
      'eligibility.outcomes',
    );
    expect(eligibilityFailure({ nationalities: ['KZ'] }, passenger)?.field).toBe(
      'eligibility.nationalities',
    );
  });

  it('covers a person holding any of the nationalities', () => {
    expect(
      eligibilityFailure({ nationalities: ['KZ'], outcomes: [PersonOutcome.Deceased] }, kazakh),
    ).toBeNull();
  });
});

describe('programme amounts', () => {
  const programme = { amountPerDeceased: '40000.00', amountPerInjured: '20000.00' };

  it('pays per deceased for the dead and per injured for survivors', () => {
    expect(amountPerPerson(programme, PersonOutcome.Deceased)).toBe('40000.00');
    expect(amountPerPerson(programme, PersonOutcome.Survived)).toBe('20000.00');
    expect(
      amountPerPerson({ amountPerDeceased: null, amountPerInjured: null }, PersonOutcome.Deceased),
    ).toBeNull();
  });

  it('gives an heir their share, half-even to the cent', () => {
    expect(heirShareOf('40000.00', '50')).toBe('20000.00');
    expect(heirShareOf('128821.00', '33.33')).toBe('42936.04');
    expect(heirShareOf('0.25', '50')).toBe('0.12');
  });

  it('makes a carrier’s limit per person by default', () => {
    expect(defaultLiabilityBasis(Payer.CarrierInsurer)).toBe(LiabilityBasis.PerPerson);
    expect(defaultLiabilityBasis(Payer.AirlineExGratia)).toBe(LiabilityBasis.PerClaim);
  });
});
