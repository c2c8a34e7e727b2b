import { MigrationInterface, QueryRunner } from 'typeorm';

export class AlertRules1796286253017 implements MigrationInterface {
  name = 'AlertRules1796286253017';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "alert_rules" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(100) NOT NULL,
                "metric" character varying(60) NOT NULL,
                "aggregation" character varying(10) NOT NULL,
                "series" character varying(300),
                "window_ms" integer NOT NULL,
                "comparison" character varying(2) NOT NULL,
                "threshold" double precision NOT NULL,
                "for_ms" integer NOT NULL DEFAULT '0',
                "labels" text NOT NULL,
                "annotations" text NOT NULL,
                "webhook_url" character varying(2000),
                "webhook_secret" text,
                "enabled" boolean NOT NULL DEFAULT true,
                "silenced_until" double precision,
                "state" character varying(10) NOT NULL DEFAULT 'inactive',
                "active_since" double precision,
                "fired_at" double precision,
                "resolved_at" double precision,
                "last_value" double precision,
                "last_evaluated_at" double precision,
                "created_by" character varying(200) NOT NULL,
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_ae580564f087ffab9d229225aec" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "idx_alert_rules_name" ON "alert_rules" ("name")
        `);
    await queryRunner.query(`
            CREATE TABLE "alert_events" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "rule_id" character varying(36) NOT NULL,
                "state" character varying(10) NOT NULL,
                "value" double precision,
                "at" double precision NOT NULL,
                "notification" character varying(300) NOT NULL,
                CONSTRAINT "PK_f8dd833a0534d3a01e8d01e3bca" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_alert_events_rule_at" ON "alert_events" ("rule_id", "at")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."idx_alert_events_rule_at"
        `);
    await queryRunner.query(`
            DROP TABLE "alert_events"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_alert_rules_name"
        `);
    await queryRunner.query(`
            DROP TABLE "alert_rules"
        `);
  }
}
