import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions get an absolute end (SESSION_MAX_SECONDS); users get a TOTP second factor. Sessions
 * open when this runs end no later than their current refresh token would have.
 */
export class AddSessionLimitAndMfa1795972455112 implements MigrationInterface {
  name = 'AddSessionLimitAndMfa1795972455112';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "mfa_secret_enc" character varying(200)`);
    await queryRunner.query(`ALTER TABLE "users" ADD "mfa_enabled_at" TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "users" ADD "mfa_last_step" bigint`);
    await queryRunner.query(
      `ALTER TABLE "refresh_tokens" ADD "session_expires_at" TIMESTAMP(3) WITH TIME ZONE`,
    );
    await queryRunner.query(`UPDATE "refresh_tokens" SET "session_expires_at" = "expires_at"`);
    await queryRunner.query(
      `ALTER TABLE "refresh_tokens" ALTER COLUMN "session_expires_at" SET NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP COLUMN "session_expires_at"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "mfa_last_step"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "mfa_enabled_at"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "mfa_secret_enc"`);
  }
}
