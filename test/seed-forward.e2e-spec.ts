import { randomBytes } from 'node:crypto';

import { Client } from 'pg';
import { DataSource } from 'typeorm';

import { CreateFoundation1795238582630 } from '../migrations/1795238582630-CreateFoundation';
import { CreateCaseworkSchema1795238790312 } from '../migrations/1795238790312-CreateCaseworkSchema';
import { queryRows, sql } from '../src/common/database/sql';
import { loadConfig } from '../src/config/app-config';
import { createDataSource, dataSourceOptions } from '../src/database/data-source-options';
import {
  J2_8243_INCIDENT,
  J2_8243_PERSONS,
  J2_8243_PROGRAMMES,
} from '../src/database/seeds/j2-8243.data';
import { seedJ28243 } from '../src/database/seeds/seed-j2-8243';
import { describeOnServer } from './utils/reliability';

/**
 * A database seeded by the first release is brought forward by the migrations, not by seeding
 * again (docs/api.md#programme-status): the Russian programme becomes a pledge without a currency, every
 * programme gets the events its facts come from, the incident its sources and the early count
 * of 69 aboard, and no survivor keeps an injury severity of `none`. A seed run afterwards
 * changes nothing. Needs a database of its own, so a PostgreSQL server.
 */
describeOnServer('bringing a first-release database forward', () => {
  const config = loadConfig(process.env);
  const name = `j2_forward_test_${randomBytes(4).toString('hex')}`;
  const serverUrl = new URL(config.databaseUrl);
  const url = new URL(serverUrl.toString());
  url.pathname = `/${name}`;
  /** Survivors the first release seeded with no injury. */
  const UNINJURED = ['Fidan Zeynalbəyova', 'Svetlana Ozerskikh', 'Eldiyar Mamatkulov'];
  let ds: DataSource;

  async function admin(sql: string): Promise<void> {
    const client = new Client({ connectionString: serverUrl.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    await admin(`CREATE DATABASE "${name}"`);
    // The first release's schema, and J2-8243 as its seed wrote it.
    const old = new DataSource({
      ...dataSourceOptions(config, url.toString(), { poolSize: 1 }),
      migrations: [CreateFoundation1795238582630, CreateCaseworkSchema1795238790312],
    });
    await old.initialize();
    await old.runMigrations({ transaction: 'each' });
    const [incident] = await old.query(
      `INSERT INTO incidents (code, title, occurred_at, declared_on_board, declared_passengers,
         declared_crew, declared_fatalities, declared_survivors, limitation_deadline)
       VALUES ($1, $2, $3, 67, 62, 5, 38, 29, $4) RETURNING id`,
      [
        J2_8243_INCIDENT.code,
        J2_8243_INCIDENT.title,
        J2_8243_INCIDENT.occurredAt,
        J2_8243_INCIDENT.limitationDeadline,
      ],
    );
    for (const p of J2_8243_PERSONS) {
      await old.query(
        `INSERT INTO persons_on_board (incident_id, full_name, category, crew_role, seat, nationalities,
           date_of_birth, outcome, injury_severity)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          incident.id,
          p.fullName,
          p.category,
          p.crewRole,
          p.seat,
          p.nationalities,
          p.dateOfBirth,
          p.outcome,
          UNINJURED.includes(p.fullName) ? 'none' : p.injurySeverity,
        ],
      );
    }
    for (const p of J2_8243_PROGRAMMES) {
      await old.query(
        `INSERT INTO compensation_programmes (incident_id, name, payer, currency, amount_per_deceased,
           amount_per_injured, liability_limit, advance_minimum, description)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          incident.id,
          p.name,
          p.payer,
          p.currency ?? 'RUB',
          p.amountPerDeceased,
          p.amountPerInjured,
          p.liabilityLimit,
          p.advanceMinimum,
          p.description,
        ],
      );
    }
    await old.destroy();

    ds = createDataSource(config, url.toString(), { poolSize: 2 });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
  }, 60_000);

  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  it('makes the Russian programme a pledge since 9 October 2025, without a currency', async () => {
    const [russia] = await queryRows(
      ds,
      sql(`SELECT status::text, currency, pledged_at::text AS pledged FROM compensation_programmes
        WHERE payer = 'russian_federation'`),
    );
    expect(russia).toEqual({ status: 'pledged', currency: null, pledged: '2025-10-09' });
    const open = await queryRows<{ name: string }>(
      ds,
      sql(`SELECT name FROM compensation_programmes WHERE status = 'open' ORDER BY name`),
    );
    expect(open.map((p: { name: string }) => p.name)).toEqual(
      J2_8243_PROGRAMMES.filter((p) => p.status === 'open')
        .map((p) => p.name)
        .sort(),
    );
  });

  it('writes each programme’s events and the money rules of the seed', async () => {
    for (const p of J2_8243_PROGRAMMES) {
      const rows = await queryRows(
        ds,
        sql(
          `SELECT e.kind::text AS kind, e.occurred_on::text AS "occurredOn", e.source, e.summary
           FROM programme_events e JOIN compensation_programmes pr ON pr.id = e.programme_id
          WHERE pr.name = :name ORDER BY e.occurred_on`,
          { name: p.name },
        ),
      );
      expect(rows).toEqual(
        p.events.map((e) => ({
          kind: e.kind,
          occurredOn: e.occurredOn,
          source: e.source,
          summary: e.summary,
        })),
      );
      const [rules] = await queryRows(
        ds,
        sql(
          `SELECT eligibility, limitation_deadline::text AS deadline, liability_basis::text AS basis
           FROM compensation_programmes WHERE name = :name`,
          { name: p.name },
        ),
      );
      expect(rules).toEqual({
        eligibility: p.eligibility,
        deadline: p.limitationDeadline,
        basis: p.liabilityBasis,
      });
    }
  });

  it('gives the incident its sources and alternative counts, and every survivor an injury', async () => {
    const [incident] = await queryRows(
      ds,
      sql(`SELECT sources, alternative_counts AS "alternativeCounts" FROM incidents`),
    );
    expect(incident).toEqual({
      sources: J2_8243_INCIDENT.sources,
      alternativeCounts: J2_8243_INCIDENT.alternativeCounts,
    });
    const severities = await queryRows<{ s: string }>(
      ds,
      sql(
        `SELECT full_name, injury_severity::text AS s FROM persons_on_board WHERE full_name = ANY(:names)`,
        { names: UNINJURED },
      ),
    );
    expect(severities.map((r: { s: string }) => r.s)).toEqual(['minor', 'minor', 'minor']);
  });

  it('leaves nothing for a seed run to do', async () => {
    const count = async () =>
      (
        await queryRows(
          ds,
          sql(`SELECT
          (SELECT count(*) FROM programme_events)::int AS events,
          (SELECT count(*) FROM compensation_programmes)::int AS programmes,
          (SELECT count(*) FROM persons_on_board)::int AS persons,
          (SELECT count(*) FROM audit_events)::int AS audit`),
        )
      )[0];
    const before = await count();
    const result = await seedJ28243(ds);
    expect(result).toMatchObject({ incidentCreated: false, persons: 0, programmes: 0 });
    expect(await count()).toEqual(before);
  });
});
