import { AMOUNT_PATTERN, CURRENCIES } from '../../common/money/money';
import { J2_8243_INCIDENT, J2_8243_PERSONS, J2_8243_PROGRAMMES, SeedPerson } from './j2-8243.data';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isValidIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function count(predicate: (p: SeedPerson) => boolean): number {
  return J2_8243_PERSONS.filter(predicate).length;
}

const passengers = J2_8243_PERSONS.filter((p) => p.category === 'passenger');
const crew = J2_8243_PERSONS.filter((p) => p.category === 'crew');

describe('J2-8243 seed data', () => {
  describe('incident', () => {
    it('has the flight facts and declared counts', () => {
      expect(J2_8243_INCIDENT).toMatchObject({
        code: 'J2-8243',
        aircraft: 'Embraer 190AR',
        registration: '4K-AZ65',
        operator: 'Azerbaijan Airlines',
        origin: 'Baku (GYD)',
        destination: 'Grozny (GRV)',
        crashSite: 'near Aktau, Kazakhstan',
        declared: { onBoard: 67, passengers: 62, crew: 5, fatalities: 38, survivors: 29 },
      });
      expect(J2_8243_INCIDENT.title.length).toBeGreaterThan(0);
    });

    it('occurred on 25 December 2024 (UTC) and its declared counts add up', () => {
      const at = new Date(J2_8243_INCIDENT.occurredAt);
      expect(at.toISOString()).toBe(J2_8243_INCIDENT.occurredAt.replace('Z', '.000Z'));
      expect(J2_8243_INCIDENT.occurredAt.slice(0, 10)).toBe('2024-12-25');
      const d = J2_8243_INCIDENT.declared;
      expect(d.passengers + d.crew).toBe(d.onBoard);
      expect(d.fatalities + d.survivors).toBe(d.onBoard);
    });

    it('has a limitation deadline two years after the accident (MC99 Art. 35)', () => {
      expect(isValidIsoDate(J2_8243_INCIDENT.limitationDeadline)).toBe(true);
      const at = new Date(J2_8243_INCIDENT.occurredAt);
      at.setUTCFullYear(at.getUTCFullYear() + 2);
      expect(J2_8243_INCIDENT.limitationDeadline).toBe(at.toISOString().slice(0, 10));
    });
  });

  describe('persons on board', () => {
    it('has 67 people: 62 passengers and 5 crew', () => {
      expect(J2_8243_PERSONS).toHaveLength(67);
      expect(passengers).toHaveLength(62);
      expect(crew).toHaveLength(5);
    });

    it('matches the declared counts of the incident', () => {
      const d = J2_8243_INCIDENT.declared;
      expect(J2_8243_PERSONS).toHaveLength(d.onBoard);
      expect(passengers).toHaveLength(d.passengers);
      expect(crew).toHaveLength(d.crew);
      expect(count((p) => p.outcome === 'deceased')).toBe(d.fatalities);
      expect(count((p) => p.outcome === 'survived')).toBe(d.survivors);
    });

    it('has 38 deceased and 29 survivors', () => {
      expect(count((p) => p.outcome === 'deceased')).toBe(38);
      expect(count((p) => p.outcome === 'survived')).toBe(29);
    });

    it.each([
      ['AZ', 22, 15],
      ['RU', 7, 9],
      ['KZ', 6, 0],
      ['KG', 0, 3],
    ])('has passengers of nationality %s: %i deceased, %i survived', (nat, deceased, survived) => {
      const ofNat = passengers.filter((p) => p.nationalities.includes(nat));
      expect(ofNat.filter((p) => p.outcome === 'deceased')).toHaveLength(deceased);
      expect(ofNat.filter((p) => p.outcome === 'survived')).toHaveLength(survived);
    });

    it('gives every person exactly one nationality, from AZ, RU, KZ, KG', () => {
      for (const p of J2_8243_PERSONS) {
        expect(p.nationalities).toHaveLength(1);
        expect(['AZ', 'RU', 'KZ', 'KG']).toContain(p.nationalities[0]);
      }
      const byNat = (nat: string) => count((p) => p.nationalities.includes(nat));
      expect(byNat('AZ')).toBe(37 + 5);
      expect(byNat('RU')).toBe(16);
      expect(byNat('KZ')).toBe(6);
      expect(byNat('KG')).toBe(3);
    });

    it('has five Azerbaijani crew: captain, first officer and one cabin crew died, two cabin crew survived', () => {
      for (const c of crew) expect(c.nationalities).toEqual(['AZ']);
      const roles = (outcome: SeedPerson['outcome']) =>
        crew
          .filter((c) => c.outcome === outcome)
          .map((c) => c.crewRole)
          .sort();
      expect(roles('deceased')).toEqual(['cabin_crew', 'captain', 'first_officer']);
      expect(roles('survived')).toEqual(['cabin_crew', 'cabin_crew']);
    });

    it('gives crew a role and no seat, passengers a seat and no role', () => {
      for (const c of crew) {
        expect(['captain', 'first_officer', 'cabin_crew']).toContain(c.crewRole);
        expect(c.seat).toBeNull();
      }
      for (const p of passengers) {
        expect(p.crewRole).toBeNull();
        expect(p.seat).not.toBeNull();
      }
    });

    it('has unique names', () => {
      const names = J2_8243_PERSONS.map((p) => p.fullName);
      expect(new Set(names).size).toBe(names.length);
      for (const n of names) {
        expect(n).toBe(n.trim());
        expect(n.split(' ').length).toBeGreaterThanOrEqual(2);
      }
    });

    it('seats passengers in unique, plausible Embraer 190 seats', () => {
      const seats = passengers.map((p) => p.seat as string);
      expect(new Set(seats).size).toBe(seats.length);
      for (const seat of seats) {
        const m = /^([1-9]|1\d|2[0-5])([ACDF])$/.exec(seat);
        expect(m).not.toBeNull();
      }
    });

    it('gives every survivor an injury (all were hospitalised) and the deceased none', () => {
      for (const p of J2_8243_PERSONS) {
        if (p.outcome === 'survived') {
          expect(['minor', 'serious', 'critical']).toContain(p.injurySeverity);
        } else {
          expect(p.injurySeverity).toBeNull();
        }
      }
    });

    it('spreads survivor severities, mostly minor or serious, a few critical', () => {
      const survivors = J2_8243_PERSONS.filter((p) => p.outcome === 'survived');
      const by = (s: SeedPerson['injurySeverity']) =>
        survivors.filter((p) => p.injurySeverity === s).length;
      expect(by('none')).toBe(0);
      expect(by('critical')).toBeGreaterThan(0);
      expect(by('critical')).toBeLessThan(by('serious'));
      expect(by('minor') + by('serious')).toBeGreaterThan(survivors.length / 2);
    });

    it('has valid ISO dates of birth before the accident, a few unknown, a few minors', () => {
      const occurred = J2_8243_INCIDENT.occurredAt.slice(0, 10);
      const known = J2_8243_PERSONS.filter((p) => p.dateOfBirth !== null);
      for (const p of known) {
        expect(isValidIsoDate(p.dateOfBirth as string)).toBe(true);
        expect(p.dateOfBirth! < occurred).toBe(true);
      }
      expect(J2_8243_PERSONS.length - known.length).toBeGreaterThan(0);

      const eighteenYearsBefore = `${Number(occurred.slice(0, 4)) - 18}${occurred.slice(4)}`;
      const minors = known.filter((p) => p.dateOfBirth! > eighteenYearsBefore);
      expect(minors.length).toBeGreaterThanOrEqual(2);
      for (const m of minors) expect(m.category).toBe('passenger');
    });
  });

  describe('programmes', () => {
    it('has the four payer streams', () => {
      expect(J2_8243_PROGRAMMES).toHaveLength(4);
      expect(J2_8243_PROGRAMMES.map((p) => p.payer).sort()).toEqual([
        'airline_ex_gratia',
        'carrier_insurer',
        'host_state',
        'russian_federation',
      ]);
      const names = J2_8243_PROGRAMMES.map((p) => p.name);
      expect(new Set(names).size).toBe(names.length);
    });

    it('uses allowed currencies and well-formed amounts', () => {
      for (const p of J2_8243_PROGRAMMES) {
        // Only a programme that is not open may lack a currency (the Russian pledge).
        if (p.currency === null) expect(p.status).not.toBe('open');
        else expect(CURRENCIES).toContain(p.currency);
        expect(p.description.length).toBeGreaterThan(0);
        for (const amount of [
          p.amountPerDeceased,
          p.amountPerInjured,
          p.liabilityLimit,
          p.advanceMinimum,
        ]) {
          if (amount !== null) {
            expect(amount).toMatch(AMOUNT_PATTERN);
            expect(amount).toMatch(/\.\d{2}$/);
          }
        }
      }
    });

    it('has the exact amounts of each programme', () => {
      const byPayer = Object.fromEntries(J2_8243_PROGRAMMES.map((p) => [p.payer, p]));
      expect(byPayer.airline_ex_gratia).toMatchObject({
        name: 'AZAL ex gratia payment',
        currency: 'AZN',
        amountPerDeceased: '40000.00',
        amountPerInjured: '20000.00',
        liabilityLimit: null,
        advanceMinimum: null,
      });
      expect(byPayer.carrier_insurer).toMatchObject({
        name: 'Carrier liability insurance (MC99)',
        currency: 'XDR',
        amountPerDeceased: null,
        amountPerInjured: null,
        liabilityLimit: '128821.00',
        advanceMinimum: null,
      });
      expect(byPayer.carrier_insurer.description).toMatch(/Art\. 28/);
      expect(byPayer.host_state).toMatchObject({
        name: 'Kazakhstan state aid',
        currency: 'KZT',
        amountPerDeceased: '5000000.00',
      });
      expect(byPayer.russian_federation).toMatchObject({
        name: 'Russian Federation compensation',
        currency: null,
        amountPerDeceased: null,
        amountPerInjured: null,
        liabilityLimit: null,
        advanceMinimum: null,
      });
    });

    it('opens the airline, insurer and state aid programmes; the Russian one is pledged since 9 October 2025', () => {
      const byPayer = Object.fromEntries(J2_8243_PROGRAMMES.map((p) => [p.payer, p]));
      expect(byPayer.airline_ex_gratia!.status).toBe('open');
      expect(byPayer.carrier_insurer!.status).toBe('open');
      expect(byPayer.host_state!.status).toBe('open');
      expect(byPayer.russian_federation).toMatchObject({
        status: 'pledged',
        pledgedAt: '2025-10-09',
      });
      expect(byPayer.russian_federation!.events).toEqual([
        expect.objectContaining({
          occurredOn: '2025-10-09',
          kind: 'pledge',
          source: expect.objectContaining({
            publishedOn: '2025-10-09',
            url: expect.stringMatching(/^https:/),
          }),
        }),
      ]);
    });

    it('gives every programme at least one event, each with a dated, published source', () => {
      for (const p of J2_8243_PROGRAMMES) {
        expect(p.events.length).toBeGreaterThan(0);
        for (const e of p.events) {
          expect(isValidIsoDate(e.occurredOn)).toBe(true);
          expect(isValidIsoDate(e.source.publishedOn)).toBe(true);
          expect(e.source.publishedOn >= e.occurredOn).toBe(true);
          expect(e.source.title.length).toBeGreaterThan(5);
          expect(e.source.publisher.length).toBeGreaterThan(2);
        }
      }
    });
  });

  describe('sources of the incident’s facts', () => {
    it('lists published sources, and the first count of 69 aboard as an alternative figure', () => {
      expect(J2_8243_INCIDENT.sources.length).toBeGreaterThanOrEqual(2);
      for (const source of J2_8243_INCIDENT.sources) {
        expect(isValidIsoDate(source.publishedOn)).toBe(true);
        expect(source.url).toMatch(/^https:\/\//);
      }
      expect(J2_8243_INCIDENT.alternativeCounts).toEqual([
        expect.objectContaining({ onBoard: 69, reportedOn: '2024-12-25' }),
      ]);
    });
  });
});
