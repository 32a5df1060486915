import { MigrationInterface, QueryRunner } from 'typeorm';

/** Eligibility and deadlines of J2-8243's programmes (DESIGN.md section 9), as the seed sets them. */
const J2_8243_MONEY_RULES: { name: string; eligibility: object | null; deadline: string | null }[] =
  [
    {
      name: 'Carrier liability insurance (MC99)',
      eligibility: {
        categories: ['passenger'],
        note: 'MC99 Art. 17 covers passengers; crew are covered by their employer',
      },
      deadline: '2026-12-25',
    },
    {
      name: 'Kazakhstan state aid',
      eligibility: {
        outcomes: ['deceased'],
        nationalities: ['KZ'],
        note:
          'Families of the Kazakh citizens who died receive KZT 5,000,000 each (Deputy Prime ' +
          'Minister Kanat Bozumbayev, government briefing of 24 January 2025, The Astana Times)',
      },
      deadline: null,
    },
  ];

export class AddMoneyAcrossPayers1795971698321 implements MigrationInterface {
  name = 'AddMoneyAcrossPayers1795971698321';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "exchange_rates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "base" character(3) NOT NULL, "quote" character(3) NOT NULL, "rate" numeric(22,10) NOT NULL, "rate_date" date NOT NULL, "source" character varying(300) NOT NULL, "created_by" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_exchange_rates_pair" CHECK ("base" <> "quote"), CONSTRAINT "ck_exchange_rates_rate_positive" CHECK ("rate" > 0), CONSTRAINT "PK_33a614bad9e61956079d817ebe2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_exchange_rates_created_id" ON "exchange_rates"  ("created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_exchange_rates_pair_date" ON "exchange_rates"  ("base", "quote", "rate_date", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."programme_liability_basis" AS ENUM('per_person', 'per_claim')`,
    );
    await queryRunner.query(
      `ALTER TABLE "compensation_programmes" ADD "liability_basis" "public"."programme_liability_basis" NOT NULL DEFAULT 'per_claim'`,
    );
    await queryRunner.query(`ALTER TABLE "compensation_programmes" ADD "eligibility" jsonb`);
    await queryRunner.query(`ALTER TABLE "compensation_programmes" ADD "limitation_deadline" date`);
    await queryRunner.query(`ALTER TABLE "claims" ADD "principal_claim_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "claims" ADD "exceeds_liability_limit" boolean NOT NULL DEFAULT false`,
    );
    // Every payment so far was made in its claim's currency: its claim amount is its amount.
    await queryRunner.query(`ALTER TABLE "payments" ADD "claim_amount" numeric(15,2)`);
    await queryRunner.query(`UPDATE "payments" SET "claim_amount" = "amount"`);
    await queryRunner.query(`ALTER TABLE "payments" ALTER COLUMN "claim_amount" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "payments" ADD "exchange_rate_id" uuid`);
    await queryRunner.query(`ALTER TABLE "payments" ADD "exchange_rate" jsonb`);
    await queryRunner.query(
      `CREATE INDEX "ix_claims_programme_person" ON "claims"  ("programme_id", "person_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_claims_principal" ON "claims"  ("principal_claim_id") WHERE "principal_claim_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "payments" ADD CONSTRAINT "ck_payments_claim_amount_positive" CHECK ("claim_amount" > 0)`,
    );
    await queryRunner.query(
      `ALTER TABLE "claims" ADD CONSTRAINT "fk_claims_principal" FOREIGN KEY ("principal_claim_id") REFERENCES "claims"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "payments" ADD CONSTRAINT "fk_payments_exchange_rate" FOREIGN KEY ("exchange_rate_id") REFERENCES "exchange_rates"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // A recorded rate is never edited: a correction is a new row, and payments keep theirs.
    await queryRunner.query(`CREATE FUNCTION exchange_rates_refuse_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'exchange_rates is append-only: record a correction as a new rate';
      END $$`);
    await queryRunner.query(`CREATE TRIGGER exchange_rates_no_update_delete BEFORE UPDATE OR DELETE ON "exchange_rates"
      FOR EACH ROW EXECUTE FUNCTION exchange_rates_refuse_change()`);
    // A carrier's liability limit is per passenger (MC99 Art. 21).
    await queryRunner.query(
      `UPDATE "compensation_programmes" SET "liability_basis" = 'per_person' WHERE "payer" = 'carrier_insurer'`,
    );
    for (const rule of J2_8243_MONEY_RULES) {
      await queryRunner.query(
        `UPDATE "compensation_programmes" p SET "eligibility" = $1, "limitation_deadline" = $2
           FROM "incidents" i
          WHERE i.id = p.incident_id AND i.code = 'J2-8243' AND p.name = $3`,
        [
          rule.eligibility === null ? null : JSON.stringify(rule.eligibility),
          rule.deadline,
          rule.name,
        ],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "exchange_rates_no_update_delete" ON "exchange_rates"`);
    await queryRunner.query(`DROP FUNCTION exchange_rates_refuse_change()`);
    await queryRunner.query(`ALTER TABLE "payments" DROP CONSTRAINT "fk_payments_exchange_rate"`);
    await queryRunner.query(`ALTER TABLE "claims" DROP CONSTRAINT "fk_claims_principal"`);
    await queryRunner.query(
      `ALTER TABLE "payments" DROP CONSTRAINT "ck_payments_claim_amount_positive"`,
    );
    await queryRunner.query(`DROP INDEX "public"."ix_claims_principal"`);
    await queryRunner.query(`DROP INDEX "public"."ix_claims_programme_person"`);
    await queryRunner.query(`ALTER TABLE "payments" DROP COLUMN "exchange_rate"`);
    await queryRunner.query(`ALTER TABLE "payments" DROP COLUMN "exchange_rate_id"`);
    await queryRunner.query(`ALTER TABLE "payments" DROP COLUMN "claim_amount"`);
    await queryRunner.query(`ALTER TABLE "claims" DROP COLUMN "exceeds_liability_limit"`);
    await queryRunner.query(`ALTER TABLE "claims" DROP COLUMN "principal_claim_id"`);
    await queryRunner.query(
      `ALTER TABLE "compensation_programmes" DROP COLUMN "limitation_deadline"`,
    );
    await queryRunner.query(`ALTER TABLE "compensation_programmes" DROP COLUMN "eligibility"`);
    await queryRunner.query(`ALTER TABLE "compensation_programmes" DROP COLUMN "liability_basis"`);
    await queryRunner.query(`DROP TYPE "public"."programme_liability_basis"`);
    await queryRunner.query(`DROP INDEX "public"."ix_exchange_rates_pair_date"`);
    await queryRunner.query(`DROP INDEX "public"."ix_exchange_rates_created_id"`);
    await queryRunner.query(`DROP TABLE "exchange_rates"`);
  }
}
