import { MigrationInterface, QueryRunner } from 'typeorm';

export class AlertRules1796286250460 implements MigrationInterface {
  name = 'AlertRules1796286250460';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "alert_rules" (
                "id" varchar PRIMARY KEY NOT NULL,
                "name" varchar(100) NOT NULL,
                "metric" varchar(60) NOT NULL,
                "aggregation" varchar(10) NOT NULL,
                "series" varchar(300),
                "window_ms" integer NOT NULL,
                "comparison" varchar(2) NOT NULL,
                "threshold" float NOT NULL,
                "for_ms" integer NOT NULL DEFAULT (0),
                "labels" text NOT NULL,
                "annotations" text NOT NULL,
                "webhook_url" varchar(2000),
                "webhook_secret" text,
                "enabled" boolean NOT NULL DEFAULT (1),
                "silenced_until" float,
                "state" varchar(10) NOT NULL DEFAULT ('inactive'),
                "active_since" float,
                "fired_at" float,
                "resolved_at" float,
                "last_value" float,
                "last_evaluated_at" float,
                "created_by" varchar(200) NOT NULL,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                "updated_at" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "idx_alert_rules_name" ON "alert_rules" ("name")
        `);
    await queryRunner.query(`
            CREATE TABLE "alert_events" (
                "id" varchar PRIMARY KEY NOT NULL,
                "rule_id" varchar(36) NOT NULL,
                "state" varchar(10) NOT NULL,
                "value" float,
                "at" float NOT NULL,
                "notification" varchar(300) NOT NULL
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_alert_events_rule_at" ON "alert_events" ("rule_id", "at")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "idx_alert_events_rule_at"
        `);
    await queryRunner.query(`
            DROP TABLE "alert_events"
        `);
    await queryRunner.query(`
            DROP INDEX "idx_alert_rules_name"
        `);
    await queryRunner.query(`
            DROP TABLE "alert_rules"
        `);
  }
}
