import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Denied requests counted per caller, route and minute until they are appended to the audit
 * chain as aggregated access.denied events (AccessDenialsService).
 */
export class CreateAccessDenials1795972214863 implements MigrationInterface {
  name = 'CreateAccessDenials1795972214863';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "access_denials" ("minute" TIMESTAMP(0) WITH TIME ZONE NOT NULL, "subject" character varying(100) NOT NULL, "route" character varying(200) NOT NULL, "actor_id" uuid, "actor_role" character varying(20), "ip" character varying(64), "unauthenticated" integer NOT NULL DEFAULT '0', "forbidden" integer NOT NULL DEFAULT '0', "not_found" integer NOT NULL DEFAULT '0', "rate_limited" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_20d6df6969c28a082d17abda4cd" PRIMARY KEY ("minute", "subject", "route"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "access_denials"`);
  }
}
