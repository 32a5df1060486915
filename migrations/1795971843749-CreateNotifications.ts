import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Second release, notifications (DESIGN.md section 11): the outbox, webhook subscriptions,
 * fired reminders and audit verification runs; claimants' language and consent; the due date
 * of information requests on the claim (open request) and on its transition (history).
 */
export class CreateNotifications1795971843749 implements MigrationInterface {
  name = 'CreateNotifications1795971843749';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."audit_verification_status" AS ENUM('queued', 'running', 'done', 'failed')`,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_verifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "requested_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "status" "public"."audit_verification_status" NOT NULL DEFAULT 'queued', "requested_by" uuid, "started_at" TIMESTAMP(3) WITH TIME ZONE, "finished_at" TIMESTAMP(3) WITH TIME ZONE, "up_to_seq" bigint, "checked" integer NOT NULL DEFAULT '0', "valid" boolean, "first_invalid_seq" bigint, "error" character varying(500), CONSTRAINT "PK_b0d662ddbb3679bb08f61a6e4d4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_audit_verifications_status_requested" ON "audit_verifications"  ("status", "requested_at") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."notification_channel" AS ENUM('email', 'webhook')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."notification_recipient_type" AS ENUM('user', 'claimant', 'webhook_subscription')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."notification_language" AS ENUM('en', 'ru', 'az', 'kk')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."notification_status" AS ENUM('pending', 'sent', 'failed', 'dead')`,
    );
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "channel" "public"."notification_channel" NOT NULL, "template" character varying(60) NOT NULL, "recipient_type" "public"."notification_recipient_type" NOT NULL, "recipient_id" uuid NOT NULL, "language" "public"."notification_language" NOT NULL, "payload" jsonb NOT NULL, "related_entity_type" character varying(40) NOT NULL, "related_entity_id" uuid NOT NULL, "status" "public"."notification_status" NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_error" character varying(500), "next_attempt_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "locked_until" TIMESTAMP(3) WITH TIME ZONE, "sent_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_notifications_due" ON "notifications"  ("next_attempt_at", "id") WHERE status IN ('pending', 'failed')`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_notifications_related_created_id" ON "notifications"  ("related_entity_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_notifications_status_created_id" ON "notifications"  ("status", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_notifications_created_id" ON "notifications"  ("created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "reminder_occurrences" ("key" character varying(200) NOT NULL, "kind" character varying(40) NOT NULL, "related_entity_id" uuid NOT NULL, "notifications" integer NOT NULL, "fired_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6ca74442d8d805173a5f9fb259b" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_subscriptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "url" character varying(2000) NOT NULL, "events" text array NOT NULL, "secret_enc" text NOT NULL, "created_by" uuid, "deleted_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_bf631ae77d39849d599817fb6f4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_webhook_subscriptions_created_id" ON "webhook_subscriptions"  ("created_at", "id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "claimants" ADD "preferred_language" "public"."notification_language"`,
    );
    await queryRunner.query(
      `ALTER TABLE "claimants" ADD "notifications_consent" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(`ALTER TABLE "claims" ADD "information_due_date" date`);
    await queryRunner.query(`ALTER TABLE "claim_transitions" ADD "due_date" date`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "claim_transitions" DROP COLUMN "due_date"`);
    await queryRunner.query(`ALTER TABLE "claims" DROP COLUMN "information_due_date"`);
    await queryRunner.query(`ALTER TABLE "claimants" DROP COLUMN "notifications_consent"`);
    await queryRunner.query(`ALTER TABLE "claimants" DROP COLUMN "preferred_language"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_subscriptions_created_id"`);
    await queryRunner.query(`DROP TABLE "webhook_subscriptions"`);
    await queryRunner.query(`DROP TABLE "reminder_occurrences"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notifications_created_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notifications_status_created_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notifications_related_created_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notifications_due"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
    await queryRunner.query(`DROP TYPE "public"."notification_status"`);
    await queryRunner.query(`DROP TYPE "public"."notification_language"`);
    await queryRunner.query(`DROP TYPE "public"."notification_recipient_type"`);
    await queryRunner.query(`DROP TYPE "public"."notification_channel"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_verifications_status_requested"`);
    await queryRunner.query(`DROP TABLE "audit_verifications"`);
    await queryRunner.query(`DROP TYPE "public"."audit_verification_status"`);
  }
}
