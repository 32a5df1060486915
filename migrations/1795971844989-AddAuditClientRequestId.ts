import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit events keep the caller's X-Request-Id beside the server's own request id. Existing
 * events get null, which the chain leaves out of the hashed form: their hashes still hold.
 */
export class AddAuditClientRequestId1795971844989 implements MigrationInterface {
  name = 'AddAuditClientRequestId1795971844989';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "audit_events" ADD "client_request_id" character varying(64)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_events" DROP COLUMN "client_request_id"`);
  }
}
