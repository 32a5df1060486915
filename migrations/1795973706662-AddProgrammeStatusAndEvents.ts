import { MigrationInterface, QueryRunner } from 'typeorm';

import { J2_8243_INCIDENT, J2_8243_PROGRAMMES } from '../src/database/seeds/j2-8243.data';

/**
 * Programme status and public record (DESIGN.md section 10). A database seeded before it is
 * brought forward here, not by seeding again: J2-8243's sources and alternative counts, the
 * Russian pledge as `pledged` without a currency, every programme's events, and survivors'
 * injury severities (every survivor was hospitalised, so none is `none`). On a database without
 * J2-8243 yet these statements match nothing, and the seed writes the same facts.
 */

export class AddProgrammeStatusAndEvents1795973706662 implements MigrationInterface {
  name = 'AddProgrammeStatusAndEvents1795973706662';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."programme_event_kind" AS ENUM('announcement', 'pledge', 'statement', 'amount_set', 'mechanism_agreed', 'opened', 'payment_batch', 'suspended', 'closed', 'other')`,
    );
    await queryRunner.query(
      `CREATE TABLE "programme_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "programme_id" uuid NOT NULL, "occurred_on" date NOT NULL, "kind" "public"."programme_event_kind" NOT NULL, "summary" character varying(2000) NOT NULL, "source" jsonb NOT NULL, "created_by" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_346eebbfd87222bb6a9de0be52b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_programme_events_programme_created_id" ON "programme_events"  ("programme_id", "created_at", "id") `,
    );
    await queryRunner.query(`ALTER TABLE "incidents" ADD "sources" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(
      `ALTER TABLE "incidents" ADD "alternative_counts" jsonb NOT NULL DEFAULT '[]'`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."programme_status" AS ENUM('announced', 'pledged', 'open', 'suspended', 'closed')`,
    );
    await queryRunner.query(
      `ALTER TABLE "compensation_programmes" ADD "status" "public"."programme_status" NOT NULL DEFAULT 'open'`,
    );
    await queryRunner.query(`ALTER TABLE "compensation_programmes" ADD "announced_at" date`);
    await queryRunner.query(`ALTER TABLE "compensation_programmes" ADD "pledged_at" date`);
    await queryRunner.query(`ALTER TABLE "compensation_programmes" ADD "opened_at" date`);
    await queryRunner.query(`ALTER TABLE "compensation_programmes" ADD "closed_at" date`);
    await queryRunner.query(
      `ALTER TABLE "compensation_programmes" ALTER COLUMN "currency" DROP NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "compensation_programmes" ADD CONSTRAINT "ck_programmes_open_currency" CHECK ("status" <> 'open' OR "currency" IS NOT NULL)`,
    );
    await queryRunner.query(
      `ALTER TABLE "programme_events" ADD CONSTRAINT "fk_programme_events_programme" FOREIGN KEY ("programme_id") REFERENCES "compensation_programmes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // The public record is never edited: a correction is a new event.
    await queryRunner.query(`CREATE FUNCTION programme_events_refuse_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'programme_events is append-only: record a correction as a new event';
      END $$`);
    await queryRunner.query(`CREATE TRIGGER programme_events_no_update_delete BEFORE UPDATE OR DELETE ON "programme_events"
      FOR EACH ROW EXECUTE FUNCTION programme_events_refuse_change()`);
    await this.bringJ28243Forward(queryRunner);
  }

  private async bringJ28243Forward(queryRunner: QueryRunner): Promise<void> {
    const code = J2_8243_INCIDENT.code;
    await queryRunner.query(
      `UPDATE "incidents" SET "sources" = $2, "alternative_counts" = $3
        WHERE "code" = $1 AND "sources" = '[]'::jsonb`,
      [
        code,
        JSON.stringify(J2_8243_INCIDENT.sources),
        JSON.stringify(J2_8243_INCIDENT.alternativeCounts),
      ],
    );
    await queryRunner.query(
      `UPDATE "persons_on_board" p SET "injury_severity" = 'minor'
         FROM "incidents" i
        WHERE i.id = p.incident_id AND i.code = $1
          AND p.outcome = 'survived' AND p.injury_severity = 'none'`,
      [code],
    );
    for (const programme of J2_8243_PROGRAMMES) {
      const [row] = (await queryRunner.query(
        `SELECT p.id FROM "compensation_programmes" p JOIN "incidents" i ON i.id = p.incident_id
          WHERE i.code = $1 AND p.name = $2`,
        [code, programme.name],
      )) as { id: string }[];
      if (!row) continue;
      await queryRunner.query(
        `UPDATE "compensation_programmes"
            SET "status" = $2, "currency" = $3, "pledged_at" = $4, "opened_at" = $5
          WHERE "id" = $1`,
        [row.id, programme.status, programme.currency, programme.pledgedAt, programme.openedAt],
      );
      for (const event of programme.events) {
        await queryRunner.query(
          `INSERT INTO "programme_events" ("programme_id", "occurred_on", "kind", "summary", "source")
           SELECT $1, $2, $3, $4, $5
            WHERE NOT EXISTS (SELECT 1 FROM "programme_events" WHERE "programme_id" = $1 AND "kind" = $3 AND "occurred_on" = $2)`,
          [row.id, event.occurredOn, event.kind, event.summary, JSON.stringify(event.source)],
        );
      }
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP TRIGGER "programme_events_no_update_delete" ON "programme_events"`,
    );
    await queryRunner.query(`DROP FUNCTION programme_events_refuse_change()`);
    await queryRunner.query(
      `ALTER TABLE "programme_events" DROP CONSTRAINT "fk_programme_events_programme"`,
    );
    await queryRunner.query(
      `ALTER TABLE "compensation_programmes" DROP CONSTRAINT "ck_programmes_open_currency"`,
    );
    // Before this release every programme had a currency: a pledge takes its claims' (or RUB,
    // what the first release seeded for the Russian pledge).
    await queryRunner.query(
      `UPDATE "compensation_programmes" p
          SET "currency" = COALESCE((SELECT c.currency FROM "claims" c WHERE c.programme_id = p.id LIMIT 1), 'RUB')
        WHERE p.currency IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "compensation_programmes" ALTER COLUMN "currency" SET NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE "compensation_programmes" DROP COLUMN "closed_at"`);
    await queryRunner.query(`ALTER TABLE "compensation_programmes" DROP COLUMN "opened_at"`);
    await queryRunner.query(`ALTER TABLE "compensation_programmes" DROP COLUMN "pledged_at"`);
    await queryRunner.query(`ALTER TABLE "compensation_programmes" DROP COLUMN "announced_at"`);
    await queryRunner.query(`ALTER TABLE "compensation_programmes" DROP COLUMN "status"`);
    await queryRunner.query(`DROP TYPE "public"."programme_status"`);
    await queryRunner.query(`ALTER TABLE "incidents" DROP COLUMN "alternative_counts"`);
    await queryRunner.query(`ALTER TABLE "incidents" DROP COLUMN "sources"`);
    await queryRunner.query(`DROP INDEX "public"."ix_programme_events_programme_created_id"`);
    await queryRunner.query(`DROP TABLE "programme_events"`);
    await queryRunner.query(`DROP TYPE "public"."programme_event_kind"`);
  }
}
