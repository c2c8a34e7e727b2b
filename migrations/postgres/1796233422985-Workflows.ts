import { MigrationInterface, QueryRunner } from 'typeorm';

export class Workflows1796233422985 implements MigrationInterface {
  name = 'Workflows1796233422985';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "workflow_events" (
                "run_id" character varying(36) NOT NULL,
                "seq" integer NOT NULL,
                "type" character varying(32) NOT NULL,
                "step_path" character varying(200),
                "attempt" integer,
                "data" text,
                "created_at" bigint NOT NULL,
                CONSTRAINT "PK_cbdfa9a4de0b37d493a02bfdce2" PRIMARY KEY ("run_id", "seq")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "workflow_outbox" (
                "id" SERIAL NOT NULL,
                "run_id" character varying(36) NOT NULL,
                "available_at" bigint NOT NULL,
                "relayed_at" bigint,
                CONSTRAINT "PK_457b6862cfbb410a2d0858e6e09" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_workflow_outbox_available" ON "workflow_outbox" ("available_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "workflow_runs" (
                "id" character varying(36) NOT NULL,
                "workflow_id" character varying(36) NOT NULL,
                "version" integer NOT NULL,
                "status" character varying(16) NOT NULL,
                "input" text NOT NULL,
                "output" text,
                "error" text,
                "trigger" character varying(16) NOT NULL,
                "parent_run_id" character varying(36),
                "schedule_id" character varying(36),
                "principal" text,
                "lease_owner" character varying(100),
                "lease_token" integer NOT NULL DEFAULT '0',
                "lease_expires_at" bigint NOT NULL DEFAULT '0',
                "last_seq" integer NOT NULL DEFAULT '0',
                "cancel_requested" boolean NOT NULL DEFAULT false,
                "deadline_at" bigint,
                "created_at" bigint NOT NULL,
                "started_at" bigint,
                "finished_at" bigint,
                CONSTRAINT "PK_eea9f8d0a660b3f48114c313233" PRIMARY KEY ("id")
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
                "schedule_id" character varying(36) NOT NULL,
                "tick_at" bigint NOT NULL,
                "outcome" character varying(8) NOT NULL,
                "run_id" character varying(36),
                "reason" character varying(200),
                "created_at" bigint NOT NULL,
                CONSTRAINT "PK_5e468b4c54a91d8ba7938388c17" PRIMARY KEY ("schedule_id", "tick_at")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "workflow_schedules" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workflow_id" character varying(36) NOT NULL,
                "name" character varying(200) NOT NULL,
                "cron" character varying(120) NOT NULL,
                "timezone" character varying(64) NOT NULL,
                "input" text NOT NULL,
                "overlap" character varying(8) NOT NULL,
                "catchup" character varying(8) NOT NULL,
                "catchup_window_ms" bigint NOT NULL,
                "paused" boolean NOT NULL DEFAULT false,
                "last_tick_at" bigint NOT NULL,
                "created_by" character varying(36),
                "principal" text,
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_6c4c2cd5ad440ed1f7cf34a4a28" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "workflow_signals" (
                "run_id" character varying(36) NOT NULL,
                "step_path" character varying(200) NOT NULL,
                "approved" boolean NOT NULL,
                "comment" text,
                "decided_by" character varying(254) NOT NULL,
                "created_at" bigint NOT NULL,
                CONSTRAINT "PK_9a98c961c3260e01112dacd7e49" PRIMARY KEY ("run_id", "step_path")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "workflow_templates" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(200) NOT NULL,
                "description" text,
                "parameters" text NOT NULL,
                "definition" text NOT NULL,
                "builtin" boolean NOT NULL DEFAULT false,
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_69be586c943a0ed2c1f96936ca9" UNIQUE ("name"),
                CONSTRAINT "PK_de336a1fce23ad3261d49423eae" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "workflow_versions" (
                "workflow_id" character varying(36) NOT NULL,
                "version" integer NOT NULL,
                "definition" text NOT NULL,
                "created_by" character varying(36),
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_f9a22b7289b7461ead8b15c2708" PRIMARY KEY ("workflow_id", "version")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "workflows" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(200) NOT NULL,
                "description" text,
                "current_version" integer NOT NULL DEFAULT '1',
                "enabled" boolean NOT NULL DEFAULT true,
                "created_by" character varying(36),
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_a911fb2e0cb9ea97b6c39e0708c" UNIQUE ("name"),
                CONSTRAINT "PK_5b5757cc1cd86268019fef52e0c" PRIMARY KEY ("id")
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
            DROP INDEX "public"."idx_workflow_runs_workflow"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_workflow_runs_status_lease"
        `);
    await queryRunner.query(`
            DROP TABLE "workflow_runs"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_workflow_outbox_available"
        `);
    await queryRunner.query(`
            DROP TABLE "workflow_outbox"
        `);
    await queryRunner.query(`
            DROP TABLE "workflow_events"
        `);
  }
}
