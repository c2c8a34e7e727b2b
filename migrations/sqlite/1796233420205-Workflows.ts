import { MigrationInterface, QueryRunner } from 'typeorm';

export class Workflows1796233420205 implements MigrationInterface {
  name = 'Workflows1796233420205';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "workflow_events" (
                "run_id" varchar(36) NOT NULL,
                "seq" integer NOT NULL,
                "type" varchar(32) NOT NULL,
                "step_path" varchar(200),
                "attempt" integer,
                "data" text,
                "created_at" bigint NOT NULL,
                PRIMARY KEY ("run_id", "seq")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "workflow_outbox" (
                "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
                "run_id" varchar(36) NOT NULL,
                "available_at" bigint NOT NULL,
                "relayed_at" bigint
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_workflow_outbox_available" ON "workflow_outbox" ("available_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "workflow_runs" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "workflow_id" varchar(36) NOT NULL,
                "version" integer NOT NULL,
                "status" varchar(16) NOT NULL,
                "input" text NOT NULL,
                "output" text,
                "error" text,
                "trigger" varchar(16) NOT NULL,
                "parent_run_id" varchar(36),
                "schedule_id" varchar(36),
                "principal" text,
                "lease_owner" varchar(100),
                "lease_token" integer NOT NULL DEFAULT (0),
                "lease_expires_at" bigint NOT NULL DEFAULT (0),
                "last_seq" integer NOT NULL DEFAULT (0),
                "cancel_requested" boolean NOT NULL DEFAULT (0),
                "deadline_at" bigint,
                "created_at" bigint NOT NULL,
                "started_at" bigint,
                "finished_at" bigint
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_workflow_runs_status_lease" ON "workflow_runs" ("status", "lease_expires_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_workflow_runs_workflow" ON "workflow_runs" ("workflow_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "workflow_schedule_fires" (
                "schedule_id" varchar(36) NOT NULL,
                "tick_at" bigint NOT NULL,
                "outcome" varchar(8) NOT NULL,
                "run_id" varchar(36),
                "reason" varchar(200),
                "created_at" bigint NOT NULL,
                PRIMARY KEY ("schedule_id", "tick_at")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "workflow_schedules" (
                "id" varchar PRIMARY KEY NOT NULL,
                "workflow_id" varchar(36) NOT NULL,
                "name" varchar(200) NOT NULL,
                "cron" varchar(120) NOT NULL,
                "timezone" varchar(64) NOT NULL,
                "input" text NOT NULL,
                "overlap" varchar(8) NOT NULL,
                "catchup" varchar(8) NOT NULL,
                "catchup_window_ms" bigint NOT NULL,
                "paused" boolean NOT NULL DEFAULT (0),
                "last_tick_at" bigint NOT NULL,
                "created_by" varchar(36),
                "principal" text,
                "created_at" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "workflow_signals" (
                "run_id" varchar(36) NOT NULL,
                "step_path" varchar(200) NOT NULL,
                "approved" boolean NOT NULL,
                "comment" text,
                "decided_by" varchar(254) NOT NULL,
                "created_at" bigint NOT NULL,
                PRIMARY KEY ("run_id", "step_path")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "workflow_templates" (
                "id" varchar PRIMARY KEY NOT NULL,
                "name" varchar(200) NOT NULL,
                "description" text,
                "parameters" text NOT NULL,
                "definition" text NOT NULL,
                "builtin" boolean NOT NULL DEFAULT (0),
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "UQ_69be586c943a0ed2c1f96936ca9" UNIQUE ("name")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "workflow_versions" (
                "workflow_id" varchar(36) NOT NULL,
                "version" integer NOT NULL,
                "definition" text NOT NULL,
                "created_by" varchar(36),
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                PRIMARY KEY ("workflow_id", "version")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "workflows" (
                "id" varchar PRIMARY KEY NOT NULL,
                "name" varchar(200) NOT NULL,
                "description" text,
                "current_version" integer NOT NULL DEFAULT (1),
                "enabled" boolean NOT NULL DEFAULT (1),
                "created_by" varchar(36),
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                "updated_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "UQ_a911fb2e0cb9ea97b6c39e0708c" UNIQUE ("name")
            )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TABLE "workflows"
        `);
    await queryRunner.query(`
            DROP TABLE "workflow_versions"
        `);
    await queryRunner.query(`
            DROP TABLE "workflow_templates"
        `);
    await queryRunner.query(`
            DROP TABLE "workflow_signals"
        `);
    await queryRunner.query(`
            DROP TABLE "workflow_schedules"
        `);
    await queryRunner.query(`
            DROP TABLE "workflow_schedule_fires"
        `);
    await queryRunner.query(`
            DROP INDEX "idx_workflow_runs_workflow"
        `);
    await queryRunner.query(`
            DROP INDEX "idx_workflow_runs_status_lease"
        `);
    await queryRunner.query(`
            DROP TABLE "workflow_runs"
        `);
    await queryRunner.query(`
            DROP INDEX "idx_workflow_outbox_available"
        `);
    await queryRunner.query(`
            DROP TABLE "workflow_outbox"
        `);
    await queryRunner.query(`
            DROP TABLE "workflow_events"
        `);
  }
}
