import { MigrationInterface, QueryRunner } from 'typeorm';

export class ToolsMcp1795496512431 implements MigrationInterface {
  name = 'ToolsMcp1795496512431';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "mcp_servers" (
                "id" varchar PRIMARY KEY NOT NULL,
                "name" varchar(100) NOT NULL,
                "transport" varchar(16) NOT NULL,
                "command" varchar(1024),
                "args" text NOT NULL,
                "env_sealed" text,
                "url" varchar(2048),
                "headers_sealed" text,
                "enabled" boolean NOT NULL DEFAULT (1),
                "status" varchar(16) NOT NULL DEFAULT ('disconnected'),
                "last_error" text,
                "server_info" text,
                "resources" text NOT NULL,
                "prompts" text NOT NULL,
                "discovered_at" varchar(40),
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                "updated_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "UQ_2ee0138f3dd9575eedd37f2405f" UNIQUE ("name")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "tool_registry" (
                "id" varchar PRIMARY KEY NOT NULL,
                "name" varchar(200) NOT NULL,
                "description" text NOT NULL DEFAULT (''),
                "origin" varchar(16) NOT NULL,
                "server_id" varchar(36),
                "remote_name" varchar(200),
                "input_schema" text NOT NULL,
                "output_schema" text,
                "tags" text NOT NULL,
                "annotations" text,
                "version" varchar(50) NOT NULL DEFAULT ('1'),
                "health" varchar(16) NOT NULL DEFAULT ('unknown'),
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                "updated_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "UQ_181f749db5aec69a028ccfa8d37" UNIQUE ("name")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_tool_registry_server" ON "tool_registry" ("server_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "tool_permissions" (
                "tool_id" varchar(36) PRIMARY KEY NOT NULL,
                "roles" text NOT NULL,
                "agents" text NOT NULL,
                "updated_at" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "tool_executions" (
                "id" varchar PRIMARY KEY NOT NULL,
                "tool_id" varchar(36) NOT NULL,
                "tool_name" varchar(200) NOT NULL,
                "principal_id" varchar(100),
                "agent_id" varchar(36),
                "arguments" text NOT NULL,
                "outcome" varchar(16) NOT NULL,
                "error" text,
                "duration_ms" integer NOT NULL,
                "result_bytes" integer NOT NULL DEFAULT (0),
                "created_at" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_tool_executions_tool_created" ON "tool_executions" ("tool_id", "created_at")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "idx_tool_executions_tool_created"
        `);
    await queryRunner.query(`
            DROP TABLE "tool_executions"
        `);
    await queryRunner.query(`
            DROP TABLE "tool_permissions"
        `);
    await queryRunner.query(`
            DROP INDEX "idx_tool_registry_server"
        `);
    await queryRunner.query(`
            DROP TABLE "tool_registry"
        `);
    await queryRunner.query(`
            DROP TABLE "mcp_servers"
        `);
  }
}
