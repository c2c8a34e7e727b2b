import { MigrationInterface, QueryRunner } from 'typeorm';

export class AgentsA2a1795494539478 implements MigrationInterface {
  name = 'AgentsA2a1795494539478';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "agent_executions" (
                "id" varchar PRIMARY KEY NOT NULL,
                "agent_id" varchar(36) NOT NULL,
                "task_id" varchar(100),
                "context_id" varchar(100),
                "status" varchar(20) NOT NULL,
                "steps" text NOT NULL,
                "input_tokens" integer NOT NULL DEFAULT (0),
                "output_tokens" integer NOT NULL DEFAULT (0),
                "cost_usd" float NOT NULL DEFAULT (0),
                "latency_ms" integer NOT NULL DEFAULT (0),
                "error" text,
                "created_at" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_agent_executions_agent_created" ON "agent_executions" ("agent_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "agent_cards" (
                "agent_id" varchar(36) PRIMARY KEY NOT NULL,
                "card" text NOT NULL,
                "agent_version" integer NOT NULL,
                "updated_at" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "agent_capabilities" (
                "id" varchar PRIMARY KEY NOT NULL,
                "agent_id" varchar(36) NOT NULL,
                "capability" varchar(200) NOT NULL
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
                "id" varchar PRIMARY KEY NOT NULL,
                "name" varchar(100) NOT NULL,
                "description" text NOT NULL DEFAULT (''),
                "instructions" text NOT NULL DEFAULT (''),
                "brain" varchar(16) NOT NULL,
                "model" text,
                "skills" text NOT NULL,
                "tools" text NOT NULL,
                "knowledge" text NOT NULL,
                "sql_connections" text NOT NULL,
                "limits" text NOT NULL,
                "remote_card_url" varchar(2048),
                "remote_card" text,
                "remote_checked_at" varchar(40),
                "public_access" boolean NOT NULL DEFAULT (0),
                "created_by" varchar(100),
                "version" integer NOT NULL,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                "updated_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "UQ_1ea6b2ce044724d3254d19ab922" UNIQUE ("name")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "model_providers" (
                "id" varchar PRIMARY KEY NOT NULL,
                "name" varchar(100) NOT NULL,
                "kind" varchar(24) NOT NULL,
                "base_url" varchar(2048),
                "api_key_sealed" text,
                "input_cost_per_mtok" float NOT NULL DEFAULT (0),
                "output_cost_per_mtok" float NOT NULL DEFAULT (0),
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                "updated_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "UQ_0c9918f35f1d1c6df936b1d7615" UNIQUE ("name")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "a2a_tasks" (
                "id" varchar(100) PRIMARY KEY NOT NULL,
                "agent_id" varchar(36) NOT NULL,
                "context_id" varchar(100) NOT NULL,
                "owner" varchar(100) NOT NULL,
                "state" integer NOT NULL,
                "status_timestamp" varchar(40) NOT NULL,
                "task" text NOT NULL,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                "updated_at" datetime NOT NULL DEFAULT (datetime('now'))
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
                "task_id" varchar(100) NOT NULL,
                "config_id" varchar(100) NOT NULL,
                "owner" varchar(100) NOT NULL,
                "config" text NOT NULL,
                "wire_version" varchar(8) NOT NULL,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                PRIMARY KEY ("task_id", "config_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_a2a_push_configs_task" ON "a2a_push_configs" ("task_id")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "idx_a2a_push_configs_task"
        `);
    await queryRunner.query(`
            DROP TABLE "a2a_push_configs"
        `);
    await queryRunner.query(`
            DROP INDEX "idx_a2a_tasks_agent_context"
        `);
    await queryRunner.query(`
            DROP INDEX "idx_a2a_tasks_agent_owner_status_ts"
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
            DROP INDEX "idx_agent_capabilities_capability"
        `);
    await queryRunner.query(`
            DROP INDEX "idx_agent_capabilities_agent"
        `);
    await queryRunner.query(`
            DROP TABLE "agent_capabilities"
        `);
    await queryRunner.query(`
            DROP TABLE "agent_cards"
        `);
    await queryRunner.query(`
            DROP INDEX "idx_agent_executions_agent_created"
        `);
    await queryRunner.query(`
            DROP TABLE "agent_executions"
        `);
  }
}
