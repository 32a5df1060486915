import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCaseworkSchema1795238790312 implements MigrationInterface {
  name = 'CreateCaseworkSchema1795238790312';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "rate_limit_buckets" ("key" character varying(200) NOT NULL, "hits" integer NOT NULL, "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "blocked_until" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_9eb2f8a2ae370667b4ca83dd313" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_rate_limit_buckets_expires" ON "rate_limit_buckets"  ("expires_at") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."user_role" AS ENUM('admin', 'case_worker', 'lawyer', 'auditor')`,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "email" character varying(254) NOT NULL, "full_name" character varying(200) NOT NULL, "role" "public"."user_role" NOT NULL, "password_hash" character varying(255) NOT NULL, "active" boolean NOT NULL DEFAULT true, "token_epoch" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_users_created_id" ON "users"  ("created_at", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_email" ON "users"  ("email") `);
    await queryRunner.query(
      `CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP(3) WITH TIME ZONE, "revoked_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_refresh_tokens_user" ON "refresh_tokens"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_refresh_tokens_family" ON "refresh_tokens"  ("family_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_refresh_tokens_hash" ON "refresh_tokens"  ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."claimant_relationship" AS ENUM('self', 'spouse', 'child', 'parent', 'sibling', 'dependant', 'estate_representative')`,
    );
    await queryRunner.query(
      `CREATE TABLE "claimants" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "person_id" uuid NOT NULL, "full_name" character varying(200) NOT NULL, "relationship" "public"."claimant_relationship" NOT NULL, "date_of_birth" date, "nationality" character varying(2), "contact_enc" text, "bank_account_enc" text, "guardian_claimant_id" uuid, "heir_share_percent" numeric(5,2), CONSTRAINT "ck_claimants_heir_share" CHECK ("heir_share_percent" IS NULL OR ("heir_share_percent" > 0 AND "heir_share_percent" <= 100)), CONSTRAINT "PK_11248b1b3289a67527247dc33ef" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_claimants_created_id" ON "claimants"  ("created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_claimants_person_created_id" ON "claimants"  ("person_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "representations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "claimant_id" uuid NOT NULL, "lawyer_id" uuid NOT NULL, "started_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "ended_at" TIMESTAMP(3) WITH TIME ZONE, "started_by" uuid, "ended_by" uuid, CONSTRAINT "PK_9a8e4e112785fff11e9f5973ef8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_representations_lawyer_active" ON "representations"  ("lawyer_id", "claimant_id") WHERE "ended_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_representations_active" ON "representations"  ("claimant_id", "lawyer_id") WHERE "ended_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "claim_reference_counters" ("incident_id" uuid NOT NULL, "last_number" integer NOT NULL, CONSTRAINT "PK_a37a0ff343f92c8a8efc5e7fc2d" PRIMARY KEY ("incident_id"))`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."claim_type" AS ENUM('death', 'injury', 'advance', 'property', 'funeral_expenses', 'medical_expenses')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."claim_status" AS ENUM('draft', 'submitted', 'under_review', 'information_requested', 'assessed', 'approved', 'offer_accepted', 'offer_declined', 'rejected', 'appealed', 'closed', 'withdrawn')`,
    );
    await queryRunner.query(
      `CREATE TABLE "claims" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "reference" character varying(48) NOT NULL, "incident_id" uuid NOT NULL, "programme_id" uuid NOT NULL, "claimant_id" uuid NOT NULL, "person_id" uuid NOT NULL, "type" "public"."claim_type" NOT NULL, "status" "public"."claim_status" NOT NULL DEFAULT 'draft', "currency" character(3) NOT NULL, "amount_claimed" numeric(15,2), "amount_assessed" numeric(15,2), "amount_approved" numeric(15,2), "description" character varying(4000), "assigned_case_worker_id" uuid, "assessed_by" uuid, "approved_by" uuid, "created_by" uuid, "submitted_at" TIMESTAMP(3) WITH TIME ZONE, "decided_at" TIMESTAMP(3) WITH TIME ZONE, "status_changed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_96c91970c0dcb2f69fdccd0a698" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_claims_case_worker_status" ON "claims"  ("assigned_case_worker_id", "status") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_claims_person_created_id" ON "claims"  ("person_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_claims_claimant_created_id" ON "claims"  ("claimant_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_claims_programme_created_id" ON "claims"  ("programme_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_claims_incident_created_id" ON "claims"  ("incident_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_claims_status_created_id" ON "claims"  ("status", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_claims_created_id" ON "claims"  ("created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_claims_reference" ON "claims"  ("reference") `,
    );
    await queryRunner.query(
      `CREATE TABLE "claim_transitions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "claim_id" uuid NOT NULL, "from_status" "public"."claim_status" NOT NULL, "to_status" "public"."claim_status" NOT NULL, "actor_id" uuid, "actor_role" character varying(20), "reason" character varying(2000), "amount" numeric(15,2), "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_720e434f05655c2e9f4559bcad9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_claim_transitions_claim_at" ON "claim_transitions"  ("claim_id", "at", "id") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."note_visibility" AS ENUM('internal', 'shared')`);
    await queryRunner.query(
      `CREATE TABLE "notes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "claim_id" uuid NOT NULL, "body" character varying(10000) NOT NULL, "visibility" "public"."note_visibility" NOT NULL, "author_id" uuid NOT NULL, CONSTRAINT "PK_af6206538ea96c4e77e9f400c3d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_notes_claim_created_id" ON "notes"  ("claim_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."document_type" AS ENUM('death_certificate', 'proof_of_kinship', 'identity_document', 'medical_report', 'power_of_attorney', 'bank_details', 'other')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."document_status" AS ENUM('received', 'verified', 'rejected')`,
    );
    await queryRunner.query(
      `CREATE TABLE "documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "claim_id" uuid, "claimant_id" uuid, "type" "public"."document_type" NOT NULL, "file_name" character varying(255) NOT NULL, "mime_type" character varying(100) NOT NULL, "size_bytes" integer NOT NULL, "sha256" character(64) NOT NULL, "storage_key" character varying(200) NOT NULL, "status" "public"."document_status" NOT NULL DEFAULT 'received', "uploaded_by" uuid, "reviewed_by" uuid, "reviewed_at" TIMESTAMP(3) WITH TIME ZONE, "review_reason" character varying(2000), CONSTRAINT "ck_documents_owner" CHECK ("claim_id" IS NOT NULL OR "claimant_id" IS NOT NULL), CONSTRAINT "PK_ac51aa5181ee2036f5ca482857c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_documents_claimant" ON "documents"  ("claimant_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_documents_claim_created_id" ON "documents"  ("claim_id", "created_at", "id") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."payment_kind" AS ENUM('advance', 'award')`);
    await queryRunner.query(
      `CREATE TABLE "payments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "claim_id" uuid NOT NULL, "kind" "public"."payment_kind" NOT NULL, "amount" numeric(15,2) NOT NULL, "currency" character(3) NOT NULL, "paid_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "method" character varying(40) NOT NULL, "reference" character varying(100), "idempotency_key" character varying(100), "request_hash" character(64), "reversal_of" uuid, "reason" character varying(2000), "recorded_by" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_payments_amount_positive" CHECK ("amount" > 0), CONSTRAINT "PK_197ab7af18c93fbb0c9b28b4a59" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_payments_claim_created_id" ON "payments"  ("claim_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_payments_reversal_of" ON "payments"  ("reversal_of") WHERE "reversal_of" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_payments_idempotency_key" ON "payments"  ("idempotency_key") `,
    );
    await queryRunner.query(
      `ALTER TABLE "refresh_tokens" ADD CONSTRAINT "fk_refresh_tokens_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "claimants" ADD CONSTRAINT "fk_claimants_person" FOREIGN KEY ("person_id") REFERENCES "persons_on_board"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "claimants" ADD CONSTRAINT "fk_claimants_guardian" FOREIGN KEY ("guardian_claimant_id") REFERENCES "claimants"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "representations" ADD CONSTRAINT "fk_representations_claimant" FOREIGN KEY ("claimant_id") REFERENCES "claimants"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "representations" ADD CONSTRAINT "fk_representations_lawyer" FOREIGN KEY ("lawyer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "claims" ADD CONSTRAINT "fk_claims_incident" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "claims" ADD CONSTRAINT "fk_claims_programme" FOREIGN KEY ("programme_id") REFERENCES "compensation_programmes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "claims" ADD CONSTRAINT "fk_claims_claimant" FOREIGN KEY ("claimant_id") REFERENCES "claimants"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "claims" ADD CONSTRAINT "fk_claims_person" FOREIGN KEY ("person_id") REFERENCES "persons_on_board"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "claims" ADD CONSTRAINT "fk_claims_case_worker" FOREIGN KEY ("assigned_case_worker_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "claim_transitions" ADD CONSTRAINT "fk_claim_transitions_claim" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notes" ADD CONSTRAINT "fk_notes_claim" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "fk_documents_claim" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "fk_documents_claimant" FOREIGN KEY ("claimant_id") REFERENCES "claimants"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "payments" ADD CONSTRAINT "fk_payments_claim" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "payments" ADD CONSTRAINT "fk_payments_reversal_of" FOREIGN KEY ("reversal_of") REFERENCES "payments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "payments" DROP CONSTRAINT "fk_payments_reversal_of"`);
    await queryRunner.query(`ALTER TABLE "payments" DROP CONSTRAINT "fk_payments_claim"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP CONSTRAINT "fk_documents_claimant"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP CONSTRAINT "fk_documents_claim"`);
    await queryRunner.query(`ALTER TABLE "notes" DROP CONSTRAINT "fk_notes_claim"`);
    await queryRunner.query(
      `ALTER TABLE "claim_transitions" DROP CONSTRAINT "fk_claim_transitions_claim"`,
    );
    await queryRunner.query(`ALTER TABLE "claims" DROP CONSTRAINT "fk_claims_case_worker"`);
    await queryRunner.query(`ALTER TABLE "claims" DROP CONSTRAINT "fk_claims_person"`);
    await queryRunner.query(`ALTER TABLE "claims" DROP CONSTRAINT "fk_claims_claimant"`);
    await queryRunner.query(`ALTER TABLE "claims" DROP CONSTRAINT "fk_claims_programme"`);
    await queryRunner.query(`ALTER TABLE "claims" DROP CONSTRAINT "fk_claims_incident"`);
    await queryRunner.query(
      `ALTER TABLE "representations" DROP CONSTRAINT "fk_representations_lawyer"`,
    );
    await queryRunner.query(
      `ALTER TABLE "representations" DROP CONSTRAINT "fk_representations_claimant"`,
    );
    await queryRunner.query(`ALTER TABLE "claimants" DROP CONSTRAINT "fk_claimants_guardian"`);
    await queryRunner.query(`ALTER TABLE "claimants" DROP CONSTRAINT "fk_claimants_person"`);
    await queryRunner.query(
      `ALTER TABLE "refresh_tokens" DROP CONSTRAINT "fk_refresh_tokens_user"`,
    );
    await queryRunner.query(`DROP INDEX "public"."uq_payments_idempotency_key"`);
    await queryRunner.query(`DROP INDEX "public"."uq_payments_reversal_of"`);
    await queryRunner.query(`DROP INDEX "public"."ix_payments_claim_created_id"`);
    await queryRunner.query(`DROP TABLE "payments"`);
    await queryRunner.query(`DROP TYPE "public"."payment_kind"`);
    await queryRunner.query(`DROP INDEX "public"."ix_documents_claim_created_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_documents_claimant"`);
    await queryRunner.query(`DROP TABLE "documents"`);
    await queryRunner.query(`DROP TYPE "public"."document_status"`);
    await queryRunner.query(`DROP TYPE "public"."document_type"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notes_claim_created_id"`);
    await queryRunner.query(`DROP TABLE "notes"`);
    await queryRunner.query(`DROP TYPE "public"."note_visibility"`);
    await queryRunner.query(`DROP INDEX "public"."ix_claim_transitions_claim_at"`);
    await queryRunner.query(`DROP TABLE "claim_transitions"`);
    await queryRunner.query(`DROP INDEX "public"."uq_claims_reference"`);
    await queryRunner.query(`DROP INDEX "public"."ix_claims_created_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_claims_status_created_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_claims_incident_created_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_claims_programme_created_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_claims_claimant_created_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_claims_person_created_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_claims_case_worker_status"`);
    await queryRunner.query(`DROP TABLE "claims"`);
    await queryRunner.query(`DROP TYPE "public"."claim_status"`);
    await queryRunner.query(`DROP TYPE "public"."claim_type"`);
    await queryRunner.query(`DROP TABLE "claim_reference_counters"`);
    await queryRunner.query(`DROP INDEX "public"."uq_representations_active"`);
    await queryRunner.query(`DROP INDEX "public"."ix_representations_lawyer_active"`);
    await queryRunner.query(`DROP TABLE "representations"`);
    await queryRunner.query(`DROP INDEX "public"."ix_claimants_person_created_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_claimants_created_id"`);
    await queryRunner.query(`DROP TABLE "claimants"`);
    await queryRunner.query(`DROP TYPE "public"."claimant_relationship"`);
    await queryRunner.query(`DROP INDEX "public"."uq_refresh_tokens_hash"`);
    await queryRunner.query(`DROP INDEX "public"."ix_refresh_tokens_family"`);
    await queryRunner.query(`DROP INDEX "public"."ix_refresh_tokens_user"`);
    await queryRunner.query(`DROP TABLE "refresh_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."uq_users_email"`);
    await queryRunner.query(`DROP INDEX "public"."ix_users_created_id"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TYPE "public"."user_role"`);
    await queryRunner.query(`DROP INDEX "public"."ix_rate_limit_buckets_expires"`);
    await queryRunner.query(`DROP TABLE "rate_limit_buckets"`);
  }
}
