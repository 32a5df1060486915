import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateFoundation1795238582630 implements MigrationInterface {
  name = 'CreateFoundation1795238582630';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_events" ("seq" bigint NOT NULL, "occurred_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "actor_id" uuid, "actor_role" character varying(20), "action" character varying(60) NOT NULL, "entity_type" character varying(40) NOT NULL, "entity_id" character varying(64), "request_id" character varying(64), "ip" character varying(64), "changes" jsonb NOT NULL DEFAULT '{}', "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_6e299f5706e715265416fefe53e" PRIMARY KEY ("seq"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_audit_occurred_at" ON "audit_events"  ("occurred_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_audit_actor" ON "audit_events"  ("actor_id", "seq") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_audit_entity" ON "audit_events"  ("entity_type", "entity_id", "seq") `,
    );
    await queryRunner.query(
      `CREATE TABLE "incidents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "code" character varying(32) NOT NULL, "title" character varying(300) NOT NULL, "occurred_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "aircraft" character varying(120), "registration" character varying(20), "operator" character varying(120), "origin" character varying(120), "destination" character varying(120), "crash_site" character varying(200), "limitation_deadline" date NOT NULL, "declared_on_board" integer NOT NULL, "declared_passengers" integer NOT NULL, "declared_crew" integer NOT NULL, "declared_fatalities" integer NOT NULL, "declared_survivors" integer NOT NULL, CONSTRAINT "PK_ccb34c01719889017e2246469f9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_incidents_created_at_id" ON "incidents"  ("created_at", "id") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_incidents_code" ON "incidents"  ("code") `);
    await queryRunner.query(`CREATE TYPE "public"."person_category" AS ENUM('passenger', 'crew')`);
    await queryRunner.query(
      `CREATE TYPE "public"."person_outcome" AS ENUM('deceased', 'survived')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."injury_severity" AS ENUM('none', 'minor', 'serious', 'critical')`,
    );
    await queryRunner.query(
      `CREATE TABLE "persons_on_board" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "incident_id" uuid NOT NULL, "full_name" character varying(200) NOT NULL, "category" "public"."person_category" NOT NULL, "crew_role" character varying(40), "seat" character varying(8), "nationalities" character varying(2) array NOT NULL, "date_of_birth" date, "outcome" "public"."person_outcome" NOT NULL, "injury_severity" "public"."injury_severity", "identity_document_enc" text, CONSTRAINT "PK_0508f464d9490bf63c80fe631fb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_persons_nationalities" ON "persons_on_board" USING gin ("nationalities")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_persons_incident_created_id" ON "persons_on_board"  ("incident_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."programme_payer" AS ENUM('russian_federation', 'carrier_insurer', 'airline_ex_gratia', 'host_state', 'other')`,
    );
    await queryRunner.query(
      `CREATE TABLE "compensation_programmes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "incident_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "payer" "public"."programme_payer" NOT NULL, "currency" character(3) NOT NULL, "amount_per_deceased" numeric(15,2), "amount_per_injured" numeric(15,2), "liability_limit" numeric(15,2), "advance_minimum" numeric(15,2), "description" character varying(2000), CONSTRAINT "PK_f99960dd1ec04deb63aca0a952a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_programmes_incident_name" ON "compensation_programmes"  ("incident_id", "name") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_programmes_incident_created_id" ON "compensation_programmes"  ("incident_id", "created_at", "id") `,
    );
    // The audit log is append-only for every role, the owner included.
    await queryRunner.query(`CREATE FUNCTION audit_events_refuse_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = '42501';
      END $$`);
    await queryRunner.query(`CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON "audit_events"
      FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()`);
    await queryRunner.query(`CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "audit_events"
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()`);
    await queryRunner.query(
      `ALTER TABLE "persons_on_board" ADD CONSTRAINT "fk_persons_incident" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "compensation_programmes" ADD CONSTRAINT "fk_programmes_incident" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "compensation_programmes" DROP CONSTRAINT "fk_programmes_incident"`,
    );
    await queryRunner.query(`ALTER TABLE "persons_on_board" DROP CONSTRAINT "fk_persons_incident"`);
    await queryRunner.query(`DROP INDEX "public"."ix_programmes_incident_created_id"`);
    await queryRunner.query(`DROP INDEX "public"."uq_programmes_incident_name"`);
    await queryRunner.query(`DROP TABLE "compensation_programmes"`);
    await queryRunner.query(`DROP TYPE "public"."programme_payer"`);
    await queryRunner.query(`DROP INDEX "public"."ix_persons_incident_created_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_persons_nationalities"`);
    await queryRunner.query(`DROP TABLE "persons_on_board"`);
    await queryRunner.query(`DROP TYPE "public"."injury_severity"`);
    await queryRunner.query(`DROP TYPE "public"."person_outcome"`);
    await queryRunner.query(`DROP TYPE "public"."person_category"`);
    await queryRunner.query(`DROP INDEX "public"."uq_incidents_code"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incidents_created_at_id"`);
    await queryRunner.query(`DROP TABLE "incidents"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_entity"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_actor"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_occurred_at"`);
    await queryRunner.query(`DROP TRIGGER "audit_events_no_truncate" ON "audit_events"`);
    await queryRunner.query(`DROP TRIGGER "audit_events_no_update_delete" ON "audit_events"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
    await queryRunner.query(`DROP FUNCTION audit_events_refuse_change()`);
  }
}
