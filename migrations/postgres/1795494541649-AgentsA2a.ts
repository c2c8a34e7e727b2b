import { MigrationInterface, QueryRunner } from 'typeorm';

export class AgentsA2a1795494541649 implements MigrationInterface {
  name = 'AgentsA2a1795494541649';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "agent_executions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "agent_id" character varying(36) NOT NULL,
                "task_id" character varying(100),
                "context_id" character varying(100),
                "status" character varying(20) NOT NULL,
                "steps" text NOT NULL,
                "input_tokens" integer NOT NULL DEFAULT '0',
                "output_tokens" integer NOT NULL DEFAULT '0',
                "cost_usd" double precision NOT NULL DEFAULT '0',
                "latency_ms" integer NOT NULL DEFAULT '0',
                "error" text,
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_1be5b595730621debe308ad2c6d" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_agent_executions_agent_created" ON "agent_executions" ("agent_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "agent_cards" (
                "agent_id" character varying(36) NOT NULL,
                "card" text NOT NULL,
                "agent_version" integer NOT NULL,
                "updated_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_363443926917a77f0cb61a4f6e3" PRIMARY KEY ("agent_id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "agent_capabilities" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "agent_id" character varying(36) NOT NULL,
                "capability" character varying(200) NOT NULL,
                CONSTRAINT "PK_f1f2732189c846c80e23e718942" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_agent_capabilities_agent" ON "agent_capabilities" ("agent_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_agent_capabilities_capability" ON "agent_capabilities" ("capability")
        `);
    await queryRunner.query(`
            CREATE TABLE "agents" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(100) NOT NULL,
                "description" text NOT NULL DEFAULT '',
                "instructions" text NOT NULL DEFAULT '',
                "brain" character varying(16) NOT NULL,
                "model" text,
                "skills" text NOT NULL,
                "tools" text NOT NULL,
                "knowledge" text NOT NULL,
                "sql_connections" text NOT NULL,
                "limits" text NOT NULL,
                "remote_card_url" character varying(2048),
                "remote_card" text,
                "remote_checked_at" character varying(40),
                "public_access" boolean NOT NULL DEFAULT false,
                "created_by" character varying(100),
                "version" integer NOT NULL,
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_1ea6b2ce044724d3254d19ab922" UNIQUE ("name"),
                CONSTRAINT "PK_9c653f28ae19c5884d5baf6a1d9" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "model_providers" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(100) NOT NULL,
                "kind" character varying(24) NOT NULL,
                "base_url" character varying(2048),
                "api_key_sealed" text,
                "input_cost_per_mtok" double precision NOT NULL DEFAULT '0',
                "output_cost_per_mtok" double precision NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_0c9918f35f1d1c6df936b1d7615" UNIQUE ("name"),
                CONSTRAINT "PK_5620fd1368e2e8c95bc1a6c3337" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "a2a_tasks" (
                "id" character varying(100) NOT NULL,
                "agent_id" character varying(36) NOT NULL,
                "context_id" character varying(100) NOT NULL,
                "owner" character varying(100) NOT NULL,
                "state" integer NOT NULL,
                "status_timestamp" character varying(40) NOT NULL,
                "task" text NOT NULL,
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_ccfa35bad9776a90b7cda1d25a2" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_a2a_tasks_agent_owner_status_ts" ON "a2a_tasks" ("agent_id", "owner", "status_timestamp")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_a2a_tasks_agent_context" ON "a2a_tasks" ("agent_id", "context_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "a2a_push_configs" (
                "task_id" character varying(100) NOT NULL,
                "config_id" character varying(100) NOT NULL,
                "owner" character varying(100) NOT NULL,
                "config" text NOT NULL,
                "wire_version" character varying(8) NOT NULL,
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_039a6cb82246c91c499d81ab278" PRIMARY KEY ("task_id", "config_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_a2a_push_configs_task" ON "a2a_push_configs" ("task_id")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."idx_a2a_push_configs_task"
        `);
    await queryRunner.query(`
            DROP TABLE "a2a_push_configs"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_a2a_tasks_agent_context"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_a2a_tasks_agent_owner_status_ts"
        `);
    await queryRunner.query(`
            DROP TABLE "a2a_tasks"
        `);
    await queryRunner.query(`
            DROP TABLE "model_providers"
        `);
    await queryRunner.query(`
            DROP TABLE "agents"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_agent_capabilities_capability"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_agent_capabilities_agent"
        `);
    await queryRunner.query(`
            DROP TABLE "agent_capabilities"
        `);
    await queryRunner.query(`
            DROP TABLE "agent_cards"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_agent_executions_agent_created"
        `);
    await queryRunner.query(`
            DROP TABLE "agent_executions"
        `);
  }
}
