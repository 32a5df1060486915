import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed checkpoints of the audit chain's head (Ed25519, AUDIT_SIGNING_KEY), append-only like
 * the chain itself.
 */
export class CreateAuditCheckpoints1795972763236 implements MigrationInterface {
  name = 'CreateAuditCheckpoints1795972763236';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_checkpoints" ("seq" bigint NOT NULL, "hash" character(64) NOT NULL, "signed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "signature" character varying(100) NOT NULL, CONSTRAINT "PK_00d27c519361818fba5bb6602de" PRIMARY KEY ("seq"))`,
    );
    await queryRunner.query(`CREATE FUNCTION audit_checkpoints_refuse_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_checkpoints is append-only: % refused', TG_OP USING ERRCODE = '42501';
      END $$`);
    await queryRunner.query(`CREATE TRIGGER audit_checkpoints_no_update_delete BEFORE UPDATE OR DELETE
      ON "audit_checkpoints" FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_refuse_change()`);
    await queryRunner.query(`CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE
      ON "audit_checkpoints" FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoints_refuse_change()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "audit_checkpoints_no_truncate" ON "audit_checkpoints"`);
    await queryRunner.query(
      `DROP TRIGGER "audit_checkpoints_no_update_delete" ON "audit_checkpoints"`,
    );
    await queryRunner.query(`DROP TABLE "audit_checkpoints"`);
    await queryRunner.query(`DROP FUNCTION audit_checkpoints_refuse_change()`);
  }
}
