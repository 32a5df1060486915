import {
  amountPerPerson,
  defaultLiabilityBasis,
  eligibilityFailure,
  heirShareOf,
  LiabilityBasis,
} from './programme-rules';

const passenger = { category: 'passenger', outcome: 'deceased', nationalities: ['AZ'] };
const crew = { category: 'crew', outcome: 'survived', nationalities: ['AZ'] };
const kazakh = { category: 'passenger', outcome: 'deceased', nationalities: ['RU', 'KZ'] };

describe('eligibility', () => {
  it('covers everyone when a programme sets none', () => {
    expect(eligibilityFailure(null, crew)).toBeNull();
    expect(eligibilityFailure({ note: 'everyone on board' }, crew)).toBeNull();
  });

  it('names the failed condition', () => {
    expect(eligibilityFailure({ categories: ['passenger'] }, crew)?.field).toBe(
      'eligibility.categories',
    );
    expect(eligibilityFailure({ outcomes: ['deceased'] }, crew)?.field).toBe(
      'eligibility.outcomes',
    );
    expect(eligibilityFailure({ nationalities: ['KZ'] }, passenger)?.field).toBe(
      'eligibility.nationalities',
    );
  });

  it('covers a person holding any of the nationalities', () => {
    expect(
      eligibilityFailure({ nationalities: ['KZ'], outcomes: ['deceased'] }, kazakh),
    ).toBeNull();
  });
});

describe('programme amounts', () => {
  const programme = { amountPerDeceased: '40000.00', amountPerInjured: '20000.00' };

  it('pays per deceased for the dead and per injured for survivors', () => {
    expect(amountPerPerson(programme, 'deceased')).toBe('40000.00');
    expect(amountPerPerson(programme, 'survived')).toBe('20000.00');
    expect(
      amountPerPerson({ amountPerDeceased: null, amountPerInjured: null }, 'deceased'),
    ).toBeNull();
  });

  it('gives an heir their share, half-even to the cent', () => {
    expect(heirShareOf('40000.00', '50')).toBe('20000.00');
    expect(heirShareOf('128821.00', '33.33')).toBe('42936.04');
    expect(heirShareOf('0.25', '50')).toBe('0.12');
  });

  it('makes a carrier’s limit per person by default', () => {
    expect(defaultLiabilityBasis('carrier_insurer')).toBe(LiabilityBasis.PerPerson);
    expect(defaultLiabilityBasis('airline_ex_gratia')).toBe(LiabilityBasis.PerClaim);
  });
});
