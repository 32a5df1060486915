/**
 * Seed data for Azerbaijan Airlines flight J2-8243 (25 December 2024): the incident, the people on
 * board and the compensation programmes. Pure data: no Nest or TypeORM imports, so the seed runner,
 * reports and tests can all read it.
 *
 * The incident facts, the manifest breakdown, the programme amounts and the programmes' events
 * are real, each with the published source it comes from (the README, and docs/api.md#programme-status).
 * EVERY DETAIL OF A PERSON BELOW IS FICTIONAL: names are invented combinations, plausible for
 * each nationality, and no real victim, survivor or crew member is named; dates of birth (hence
 * ages and who is a minor), seats and injury severities are invented too. Only the breakdown by
 * category, nationality and outcome is real.
 */
import type { Currency } from '../../common/money/money';

export interface SeedIncident {
  code: string;
  title: string;
  /** UTC, ISO 8601. */
  occurredAt: string;
  aircraft: string;
  registration: string;
  operator: string;
  origin: string;
  destination: string;
  crashSite: string;
  declared: {
    onBoard: number;
    passengers: number;
    crew: number;
    fatalities: number;
    survivors: number;
  };
  /** ISO date (YYYY-MM-DD): occurredAt + 2 years (MC99 Art. 35). */
  limitationDeadline: string;
  sources: readonly SeedSource[];
  alternativeCounts: readonly SeedAlternativeCount[];
}

export interface SeedSource {
  title: string;
  publisher: string;
  /** ISO date. */
  publishedOn: string;
  url?: string;
  note?: string;
}

export interface SeedAlternativeCount {
  onBoard?: number;
  fatalities?: number;
  survivors?: number;
  reportedBy: string;
  reportedOn: string;
  note: string;
}

const TREND_2024_12_26 = {
  title: 'AZAL to provide financial assistance to victims and families of Aktau crash',
  publisher: 'Trend News Agency',
  publishedOn: '2024-12-26',
  url: 'https://en.trend.az/azerbaijan/society/3987248.html',
};

export const J2_8243_INCIDENT = {
  code: 'J2-8243',
  title: 'Azerbaijan Airlines flight J2-8243, Baku to Grozny, crashed near Aktau',
  // Approximate crash time: about 11:28 local time in Aktau (UTC+5), i.e. 06:28 UTC. The flight
  // left Baku at about 07:55 local (UTC+4), 03:55 UTC.
  occurredAt: '2024-12-25T06:28:00Z',
  aircraft: 'Embraer 190AR',
  registration: '4K-AZ65',
  operator: 'Azerbaijan Airlines',
  origin: 'Baku (GYD)',
  destination: 'Grozny (GRV)',
  crashSite: 'near Aktau, Kazakhstan',
  declared: { onBoard: 67, passengers: 62, crew: 5, fatalities: 38, survivors: 29 },
  limitationDeadline: '2026-12-25',
  sources: [
    {
      ...TREND_2024_12_26,
      note: '67 on board: 62 passengers and 5 crew; both pilots and a flight attendant died, two crew members survived',
    },
    {
      title:
        'Putin says Russian air defenses were responsible for Azerbaijani jet’s crash last year, killing 38',
      publisher: 'Associated Press',
      publishedOn: '2025-10-09',
      url: 'https://www.journal-news.com/news/nation-world/putin-says-russian-air-defenses-were-responsible-for-azerbaijani-jets-crash-last-year-killing-38/QAA7O5UJUZMSFNXH65PWFCXB3M/',
      note: '38 of the 67 people aboard died; the aircraft was hit by Russian air-defence fire',
    },
  ],
  alternativeCounts: [
    {
      onBoard: 69,
      survivors: 29,
      reportedBy: 'Ministry of Emergency Situations of Kazakhstan (reported by Tengrinews.kz)',
      reportedOn: '2024-12-25',
      note:
        'First figures on the day of the crash: 69 on board including 5 crew (42 Azerbaijani, 16 ' +
        'Russian, 6 Kazakh and 3 Kyrgyz citizens, and two unidentified women); later corrected ' +
        'to 67 on board, 62 passengers and 5 crew',
    },
  ],
} as const satisfies SeedIncident;

export type SeedPersonCategory = 'passenger' | 'crew';
export type SeedCrewRole = 'captain' | 'first_officer' | 'cabin_crew';
export type SeedOutcome = 'deceased' | 'survived';
export type SeedInjurySeverity = 'none' | 'minor' | 'serious' | 'critical';

export interface SeedPerson {
  fullName: string;
  category: SeedPersonCategory;
  /** `captain`, `first_officer` or `cabin_crew` for crew; null for passengers. */
  crewRole: string | null;
  /** Embraer 190 cabin seat (rows 1-25, letters A, C, D, F) for passengers; null for crew. */
  seat: string | null;
  /** ISO 3166-1 alpha-2 codes. */
  nationalities: string[];
  /** ISO date (YYYY-MM-DD), or null when unknown. */
  dateOfBirth: string | null;
  outcome: SeedOutcome;
  /** Survivors only; null for the deceased. */
  injurySeverity: SeedInjurySeverity | null;
}

/**
 * The 67 people on board: 62 passengers (37 Azerbaijani: 22 died, 15 survived; 16 Russian: 7 died,
 * 9 survived; 6 Kazakh: 6 died; 3 Kyrgyz: 3 survived) and 5 Azerbaijani crew (captain, first officer
 * and one cabin crew died; two cabin crew survived). 38 died, 29 survived.
 *
 * All names are fictional; no real person on board is named.
 */
export const J2_8243_PERSONS: readonly SeedPerson[] = [
  // Crew: five Azerbaijani nationals.
  {
    fullName: 'Vahid Səfərbəyli',
    category: 'crew',
    crewRole: 'captain',
    seat: null,
    nationalities: ['AZ'],
    dateOfBirth: '1969-04-17',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Rüfət Əlimərdanlı',
    category: 'crew',
    crewRole: 'first_officer',
    seat: null,
    nationalities: ['AZ'],
    dateOfBirth: '1991-11-02',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Məleykə Hüseynzadə',
    category: 'crew',
    crewRole: 'cabin_crew',
    seat: null,
    nationalities: ['AZ'],
    dateOfBirth: '1996-02-28',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Arzu Qəmbərbəyova',
    category: 'crew',
    crewRole: 'cabin_crew',
    seat: null,
    nationalities: ['AZ'],
    dateOfBirth: '1998-07-09',
    outcome: 'survived',
    injurySeverity: 'serious',
  },
  {
    fullName: 'Elnur Baxşəliyev',
    category: 'crew',
    crewRole: 'cabin_crew',
    seat: null,
    nationalities: ['AZ'],
    dateOfBirth: '1994-05-21',
    outcome: 'survived',
    injurySeverity: 'minor',
  },
  // Azerbaijani passengers: 22 died, 15 survived.
  {
    fullName: 'Elvin Qaraxanlı',
    category: 'passenger',
    crewRole: null,
    seat: '1A',
    nationalities: ['AZ'],
    dateOfBirth: '1982-03-14',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Günel Nəsibzadə',
    category: 'passenger',
    crewRole: null,
    seat: '5C',
    nationalities: ['AZ'],
    dateOfBirth: '1990-08-05',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Rauf Sarıcalı',
    category: 'passenger',
    crewRole: null,
    seat: '9C',
    nationalities: ['AZ'],
    dateOfBirth: '1975-12-01',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Aynur Mirzəbəyova',
    category: 'passenger',
    crewRole: null,
    seat: '13D',
    nationalities: ['AZ'],
    dateOfBirth: '1987-06-19',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Tural Bəhramzadə',
    category: 'passenger',
    crewRole: null,
    seat: '4D',
    nationalities: ['AZ'],
    dateOfBirth: '1993-01-27',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Leyla Ağaverdiyeva',
    category: 'passenger',
    crewRole: null,
    seat: '8D',
    nationalities: ['AZ'],
    dateOfBirth: '1968-10-11',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Kamran Dəmirçizadə',
    category: 'passenger',
    crewRole: null,
    seat: '12F',
    nationalities: ['AZ'],
    dateOfBirth: '1979-04-08',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Səbinə Xanbabayeva',
    category: 'passenger',
    crewRole: null,
    seat: '3F',
    nationalities: ['AZ'],
    dateOfBirth: null,
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Nihad Qurbanəliyev',
    category: 'passenger',
    crewRole: null,
    seat: '7F',
    nationalities: ['AZ'],
    dateOfBirth: '1985-09-30',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Nərgiz Şahmarova',
    category: 'passenger',
    crewRole: null,
    seat: '12A',
    nationalities: ['AZ'],
    dateOfBirth: '1972-02-16',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Orxan Yelmarlı',
    category: 'passenger',
    crewRole: null,
    seat: '3A',
    nationalities: ['AZ'],
    dateOfBirth: '1997-07-22',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Könül Vəliqızı',
    category: 'passenger',
    crewRole: null,
    seat: '7A',
    nationalities: ['AZ'],
    dateOfBirth: '1983-11-03',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Vüqar Sadıqlı',
    category: 'passenger',
    crewRole: null,
    seat: '11C',
    nationalities: ['AZ'],
    dateOfBirth: '1966-05-25',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Lalə Təhmasibova',
    category: 'passenger',
    crewRole: null,
    seat: '2C',
    nationalities: ['AZ'],
    dateOfBirth: '1995-03-09',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Ramil Cəlilbəyli',
    category: 'passenger',
    crewRole: null,
    seat: '6C',
    nationalities: ['AZ'],
    dateOfBirth: '1988-12-18',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Aysel Nurəddinova',
    category: 'passenger',
    crewRole: null,
    seat: '10D',
    nationalities: ['AZ'],
    dateOfBirth: '1992-04-29',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Samir Əmirxanov',
    category: 'passenger',
    crewRole: null,
    seat: '1D',
    nationalities: ['AZ'],
    dateOfBirth: '1977-08-13',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Xədicə Səlimzadə',
    category: 'passenger',
    crewRole: null,
    seat: '5D',
    nationalities: ['AZ'],
    dateOfBirth: '1959-01-06',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Elçin Bayramlı',
    category: 'passenger',
    crewRole: null,
    seat: '9F',
    nationalities: ['AZ'],
    dateOfBirth: '1981-06-02',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Nigar Hacıbalayeva',
    category: 'passenger',
    crewRole: null,
    seat: '13F',
    nationalities: ['AZ'],
    dateOfBirth: '1999-10-24',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Fərid Əsgərzadə',
    category: 'passenger',
    crewRole: null,
    seat: '4F',
    nationalities: ['AZ'],
    dateOfBirth: null,
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Şəbnəm Kərimbəyova',
    category: 'passenger',
    crewRole: null,
    seat: '9A',
    nationalities: ['AZ'],
    dateOfBirth: '1986-02-07',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Anar Göyçaylı',
    category: 'passenger',
    crewRole: null,
    seat: '14A',
    nationalities: ['AZ'],
    dateOfBirth: '1980-05-12',
    outcome: 'survived',
    injurySeverity: 'minor',
  },
  {
    fullName: 'Ülviyyə Rüstəmxanova',
    category: 'passenger',
    crewRole: null,
    seat: '17A',
    nationalities: ['AZ'],
    dateOfBirth: '1974-09-03',
    outcome: 'survived',
    injurySeverity: 'serious',
  },
  {
    fullName: 'Rəşad Xəlilbəyov',
    category: 'passenger',
    crewRole: null,
    seat: '20A',
    nationalities: ['AZ'],
    dateOfBirth: '1989-01-20',
    outcome: 'survived',
    injurySeverity: 'critical',
  },
  {
    fullName: 'Türkan Mehdizadə',
    category: 'passenger',
    crewRole: null,
    seat: '22F',
    nationalities: ['AZ'],
    dateOfBirth: '1996-12-15',
    outcome: 'survived',
    injurySeverity: 'minor',
  },
  {
    fullName: 'İlkin Ağalarzadə',
    category: 'passenger',
    crewRole: null,
    seat: '14D',
    nationalities: ['AZ'],
    dateOfBirth: '1991-03-31',
    outcome: 'survived',
    injurySeverity: 'serious',
  },
  {
    fullName: 'Fidan Zeynalbəyova',
    category: 'passenger',
    crewRole: null,
    seat: '17D',
    nationalities: ['AZ'],
    dateOfBirth: '1984-07-07',
    outcome: 'survived',
    injurySeverity: 'minor',
  },
  {
    fullName: 'Murad Şirvanlı',
    category: 'passenger',
    crewRole: null,
    seat: '20C',
    nationalities: ['AZ'],
    dateOfBirth: '1978-10-26',
    outcome: 'survived',
    injurySeverity: 'serious',
  },
  {
    fullName: 'Sevinc Babaxanova',
    category: 'passenger',
    crewRole: null,
    seat: '23C',
    nationalities: ['AZ'],
    dateOfBirth: '1970-04-14',
    outcome: 'survived',
    injurySeverity: 'minor',
  },
  {
    fullName: 'Emin Tapdıqov',
    category: 'passenger',
    crewRole: null,
    seat: '15A',
    nationalities: ['AZ'],
    dateOfBirth: '1994-08-19',
    outcome: 'survived',
    injurySeverity: 'serious',
  },
  {
    fullName: 'Jalə Məmmədbəyli',
    category: 'passenger',
    crewRole: null,
    seat: '17F',
    nationalities: ['AZ'],
    dateOfBirth: '1987-02-23',
    outcome: 'survived',
    injurySeverity: 'minor',
  },
  {
    fullName: 'Cavid Əhmədzadə',
    category: 'passenger',
    crewRole: null,
    seat: '20F',
    nationalities: ['AZ'],
    dateOfBirth: '1983-05-05',
    outcome: 'survived',
    injurySeverity: 'critical',
  },
  {
    fullName: 'Gülnar Ələkbərova',
    category: 'passenger',
    crewRole: null,
    seat: '24A',
    nationalities: ['AZ'],
    dateOfBirth: null,
    outcome: 'survived',
    injurySeverity: 'serious',
  },
  {
    fullName: 'Toğrul Həsənbəyli',
    category: 'passenger',
    crewRole: null,
    seat: '15C',
    nationalities: ['AZ'],
    dateOfBirth: '1976-11-29',
    outcome: 'survived',
    injurySeverity: 'minor',
  },
  {
    fullName: 'Ayan Kərimzadə',
    category: 'passenger',
    crewRole: null,
    seat: '18C',
    nationalities: ['AZ'],
    dateOfBirth: '2014-06-03',
    outcome: 'survived',
    injurySeverity: 'minor',
  },
  {
    fullName: 'Zaur Novruzlu',
    category: 'passenger',
    crewRole: null,
    seat: '21C',
    nationalities: ['AZ'],
    dateOfBirth: '1990-09-08',
    outcome: 'survived',
    injurySeverity: 'serious',
  },
  // Russian passengers: 7 died, 9 survived.
  {
    fullName: 'Gennadiy Prokhvatilov',
    category: 'passenger',
    crewRole: null,
    seat: '13A',
    nationalities: ['RU'],
    dateOfBirth: '1964-07-15',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Larisa Sverbeeva',
    category: 'passenger',
    crewRole: null,
    seat: '4A',
    nationalities: ['RU'],
    dateOfBirth: '1971-03-22',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Magomed Tsurgaev',
    category: 'passenger',
    crewRole: null,
    seat: '8C',
    nationalities: ['RU'],
    dateOfBirth: '1986-10-04',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Zarema Baysultanova',
    category: 'passenger',
    crewRole: null,
    seat: '12C',
    nationalities: ['RU'],
    dateOfBirth: '1993-05-17',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Artyom Zhuravushkin',
    category: 'passenger',
    crewRole: null,
    seat: '3C',
    nationalities: ['RU'],
    dateOfBirth: '1989-12-09',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Khava Edilsultanova',
    category: 'passenger',
    crewRole: null,
    seat: '7D',
    nationalities: ['RU'],
    dateOfBirth: null,
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Vladislav Pechorkin',
    category: 'passenger',
    crewRole: null,
    seat: '11D',
    nationalities: ['RU'],
    dateOfBirth: '1980-02-11',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Islam Dadashkhanov',
    category: 'passenger',
    crewRole: null,
    seat: '24D',
    nationalities: ['RU'],
    dateOfBirth: '1992-06-26',
    outcome: 'survived',
    injurySeverity: 'serious',
  },
  {
    fullName: 'Tatyana Merzlyakova',
    category: 'passenger',
    crewRole: null,
    seat: '15F',
    nationalities: ['RU'],
    dateOfBirth: '1967-01-30',
    outcome: 'survived',
    injurySeverity: 'minor',
  },
  {
    fullName: 'Arbi Tashukhadzhiev',
    category: 'passenger',
    crewRole: null,
    seat: '18F',
    nationalities: ['RU'],
    dateOfBirth: '1985-08-08',
    outcome: 'survived',
    injurySeverity: 'critical',
  },
  {
    fullName: 'Svetlana Ozerskikh',
    category: 'passenger',
    crewRole: null,
    seat: '21D',
    nationalities: ['RU'],
    dateOfBirth: '1979-11-14',
    outcome: 'survived',
    injurySeverity: 'minor',
  },
  {
    fullName: 'Denis Shchegolkov',
    category: 'passenger',
    crewRole: null,
    seat: '25C',
    nationalities: ['RU'],
    dateOfBirth: '1995-04-02',
    outcome: 'survived',
    injurySeverity: 'serious',
  },
  {
    fullName: 'Madina Khaskhanova',
    category: 'passenger',
    crewRole: null,
    seat: '16C',
    nationalities: ['RU'],
    dateOfBirth: '1988-03-18',
    outcome: 'survived',
    injurySeverity: 'minor',
  },
  {
    fullName: 'Timur Vakhaev',
    category: 'passenger',
    crewRole: null,
    seat: '19A',
    nationalities: ['RU'],
    dateOfBirth: '1984-09-12',
    outcome: 'survived',
    injurySeverity: 'serious',
  },
  {
    fullName: 'Amina Vakhaeva',
    category: 'passenger',
    crewRole: null,
    seat: '22A',
    nationalities: ['RU'],
    dateOfBirth: '2017-09-21',
    outcome: 'survived',
    injurySeverity: 'minor',
  },
  {
    fullName: 'Yelena Bogomazova',
    category: 'passenger',
    crewRole: null,
    seat: '25F',
    nationalities: ['RU'],
    dateOfBirth: '1973-12-27',
    outcome: 'survived',
    injurySeverity: 'serious',
  },
  // Kazakh passengers: 6 died.
  {
    fullName: 'Nurlan Zhaksylykbayev',
    category: 'passenger',
    crewRole: null,
    seat: '2D',
    nationalities: ['KZ'],
    dateOfBirth: '1977-05-09',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Aigerim Tolegenkyzy',
    category: 'passenger',
    crewRole: null,
    seat: '6F',
    nationalities: ['KZ'],
    dateOfBirth: '1994-10-13',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Yerzhan Kulmagambetov',
    category: 'passenger',
    crewRole: null,
    seat: '10F',
    nationalities: ['KZ'],
    dateOfBirth: '1982-01-25',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Dana Akbilekova',
    category: 'passenger',
    crewRole: null,
    seat: '1F',
    nationalities: ['KZ'],
    dateOfBirth: '1990-07-31',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Bolat Yessimkhanov',
    category: 'passenger',
    crewRole: null,
    seat: '6A',
    nationalities: ['KZ'],
    dateOfBirth: '1969-03-04',
    outcome: 'deceased',
    injurySeverity: null,
  },
  {
    fullName: 'Saule Utegenova',
    category: 'passenger',
    crewRole: null,
    seat: '10A',
    nationalities: ['KZ'],
    dateOfBirth: '1985-11-20',
    outcome: 'deceased',
    injurySeverity: null,
  },
  // Kyrgyz passengers: 3 survived.
  {
    fullName: 'Azamat Kydyraliev',
    category: 'passenger',
    crewRole: null,
    seat: '16D',
    nationalities: ['KG'],
    dateOfBirth: '1987-04-16',
    outcome: 'survived',
    injurySeverity: 'critical',
  },
  {
    fullName: 'Nurgul Sadyrbaeva',
    category: 'passenger',
    crewRole: null,
    seat: '19D',
    nationalities: ['KG'],
    dateOfBirth: '1983-08-22',
    outcome: 'survived',
    injurySeverity: 'minor',
  },
  {
    fullName: 'Eldiyar Mamatkulov',
    category: 'passenger',
    crewRole: null,
    seat: '22D',
    nationalities: ['KG'],
    dateOfBirth: '2008-02-05',
    outcome: 'survived',
    injurySeverity: 'minor',
  },
];

export type SeedPayer =
  'russian_federation' | 'carrier_insurer' | 'airline_ex_gratia' | 'host_state' | 'other';

export interface SeedEligibility {
  categories?: SeedPersonCategory[];
  outcomes?: SeedOutcome[];
  nationalities?: string[];
  note?: string;
}

export type SeedProgrammeStatus = 'announced' | 'pledged' | 'open' | 'suspended' | 'closed';

export interface SeedProgrammeEvent {
  occurredOn: string;
  kind: 'announcement' | 'pledge' | 'statement' | 'amount_set' | 'opened' | 'payment_batch';
  summary: string;
  source: { title: string; publisher: string; publishedOn: string; url?: string };
}

export interface SeedProgramme {
  name: string;
  payer: SeedPayer;
  /** Null while the programme has none (a pledge). */
  currency: Currency | null;
  status: SeedProgrammeStatus;
  pledgedAt: string | null;
  openedAt: string | null;
  /** Its public record, each entry with the source it comes from. */
  events: readonly SeedProgrammeEvent[];
  /** Decimal strings with two fraction digits, in `currency`; null when not set. */
  amountPerDeceased: string | null;
  amountPerInjured: string | null;
  liabilityLimit: string | null;
  advanceMinimum: string | null;
  liabilityBasis: 'per_person' | 'per_claim';
  /** Who the programme covers (docs/money.md); null: everyone on board. */
  eligibility: SeedEligibility | null;
  /** ISO date after which claims are time-barred; null: none. */
  limitationDeadline: string | null;
  description: string;
}

export const J2_8243_PROGRAMMES: readonly SeedProgramme[] = [
  {
    name: 'AZAL ex gratia payment',
    payer: 'airline_ex_gratia',
    currency: 'AZN',
    status: 'open',
    pledgedAt: null,
    openedAt: '2024-12-26',
    events: [
      {
        occurredOn: '2024-12-26',
        kind: 'amount_set',
        summary:
          'The supervisory board of Azerbaijan Airlines decided to pay AZN 20,000 to each ' +
          'injured passenger and AZN 40,000 to the family of each person who died.',
        source: TREND_2024_12_26,
      },
    ],
    amountPerDeceased: '40000.00',
    amountPerInjured: '20000.00',
    liabilityLimit: null,
    advanceMinimum: null,
    liabilityBasis: 'per_claim',
    // Everyone on board: the injured passengers and the families of all who died, crew included.
    eligibility: null,
    limitationDeadline: null,
    description:
      'Ex gratia payment by Azerbaijan Airlines: AZN 40,000 to the family of each person who died, ' +
      'AZN 20,000 to each injured survivor. Paid without admission of liability.',
  },
  {
    name: 'Carrier liability insurance (MC99)',
    payer: 'carrier_insurer',
    currency: 'XDR',
    status: 'open',
    pledgedAt: null,
    // Payments began in February 2025 (see the payment_batch event); the day is not published.
    openedAt: null,
    events: [
      {
        occurredOn: '2024-12-26',
        kind: 'announcement',
        summary:
          'Azerbaijan Airlines said every passenger would also receive the insurance payment due ' +
          'under Azerbaijani law and international practice.',
        source: TREND_2024_12_26,
      },
      {
        occurredOn: '2025-09-04',
        kind: 'payment_batch',
        summary:
          'The Russian Foreign Ministry said the carrier’s insurer, AlfaStrakhovanie, had paid ' +
          'since February 2025 and had fully settled the claims for 46 of the 62 passengers (7 of ' +
          '15 Russian, 35 of 38 Azerbaijani, all 3 Kyrgyz and 1 of 6 Kazakh citizens): RUB 358.4 ' +
          'million to injured passengers and relatives of the dead so far.',
        source: {
          title: 'Rusya düşürülen Azerbaycan uçağı için tazminat ödedi',
          publisher: 'Ensonhaber',
          publishedOn: '2025-09-05',
          url: 'https://www.ensonhaber.com/dunya/rusya-dusurulen-azerbaycan-ucagi-icin-tazminat-odedi',
        },
      },
    ],
    amountPerDeceased: null,
    amountPerInjured: null,
    // MC99 Art. 21 first tier as revised by ICAO with effect from 28 December 2019: 128,821 SDR
    // per passenger. The next revision (151,880 SDR) took effect on 28 December 2024, three days
    // after the accident, so 128,821 SDR is the tier in force on 25 December 2024.
    liabilityLimit: '128821.00',
    advanceMinimum: null,
    // The limit is per passenger, whoever claims and for whatever head of damage.
    liabilityBasis: 'per_person',
    eligibility: {
      categories: ['passenger'],
      note: 'MC99 Art. 17 covers passengers; crew are covered by their employer',
    },
    // MC99 Art. 35: two years from the date of the crash.
    limitationDeadline: '2026-12-25',
    description:
      "Carrier's liability insurer under the Montreal Convention 1999. Strict liability up to " +
      '128,821 SDR per passenger for death or bodily injury (Art. 21, first tier in force on ' +
      '25 December 2024); above it the carrier is liable unless it proves the damage was not due ' +
      'to its negligence or was solely due to a third party. Art. 28: advance payments without ' +
      'delay where national law requires them, to meet immediate economic needs, not an ' +
      'admission of liability and offset against later payments. Claims are time-barred after ' +
      'two years (Art. 35).',
  },
  {
    name: 'Kazakhstan state aid',
    payer: 'host_state',
    currency: 'KZT',
    status: 'open',
    pledgedAt: null,
    openedAt: null,
    events: [
      {
        occurredOn: '2025-01-24',
        kind: 'statement',
        summary:
          'Deputy Prime Minister Kanat Bozumbayev said the family of each victim receives KZT ' +
          '5,000,000, that social assistance had been paid to every family, and that burial and ' +
          'travel costs were covered by the regional administrations.',
        source: {
          title: 'Preliminary findings on AZAL plane crash near Aktau to be announced next week',
          publisher: 'The Astana Times',
          publishedOn: '2025-01-24',
          url: 'https://astanatimes.com/2025/01/preliminary-findings-on-azal-plane-crash-near-aktau-to-be-announced-next-week/',
        },
      },
    ],
    amountPerDeceased: '5000000.00',
    amountPerInjured: null,
    liabilityLimit: null,
    advanceMinimum: null,
    liabilityBasis: 'per_claim',
    eligibility: {
      outcomes: ['deceased'],
      nationalities: ['KZ'],
      note:
        'Families of the Kazakh citizens who died receive KZT 5,000,000 each (Deputy Prime ' +
        'Minister Kanat Bozumbayev, government briefing of 24 January 2025, The Astana Times)',
    },
    limitationDeadline: null,
    description:
      "State aid from the Republic of Kazakhstan: KZT 5,000,000 to each Kazakh victim's family.",
  },
  {
    name: 'Russian Federation compensation',
    payer: 'russian_federation',
    // Pledged, not yet a payment scheme: no currency, no amounts, no channel (section 10).
    currency: null,
    status: 'pledged',
    pledgedAt: '2025-10-09',
    openedAt: null,
    events: [
      {
        occurredOn: '2025-10-09',
        kind: 'pledge',
        summary:
          'Meeting President Aliyev in Dushanbe, President Putin said two Russian air-defence ' +
          'missiles had exploded metres from the aircraft, and that Russia would do everything ' +
          'required to provide compensation and give a legal assessment of the officials’ actions.',
        source: {
          title: 'Putin vows full compensation for AZAL plane crash victims',
          publisher: 'A News',
          publishedOn: '2025-10-09',
          url: 'https://www.anews.com.tr/world/2025/10/09/putin-vows-full-compensation-for-azal-plane-crash-victims',
        },
      },
    ],
    amountPerDeceased: null,
    amountPerInjured: null,
    liabilityLimit: null,
    advanceMinimum: null,
    liabilityBasis: 'per_claim',
    eligibility: null,
    limitationDeadline: null,
    description:
      'Compensation pledged by the Russian Federation on 9 October 2025. Amounts not yet set; ' +
      'the programme records claims until they are.',
  },
];
