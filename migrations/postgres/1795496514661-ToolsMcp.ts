import { MigrationInterface, QueryRunner } from 'typeorm';

export class ToolsMcp1795496514661 implements MigrationInterface {
  name = 'ToolsMcp1795496514661';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "mcp_servers" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(100) NOT NULL,
                "transport" character varying(16) NOT NULL,
                "command" character varying(1024),
                "args" text NOT NULL,
                "env_sealed" text,
                "url" character varying(2048),
                "headers_sealed" text,
                "enabled" boolean NOT NULL DEFAULT true,
                "status" character varying(16) NOT NULL DEFAULT 'disconnected',
                "last_error" text,
                "server_info" text,
                "resources" text NOT NULL,
                "prompts" text NOT NULL,
                "discovered_at" character varying(40),
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_2ee0138f3dd9575eedd37f2405f" UNIQUE ("name"),
                CONSTRAINT "PK_c781b3dc7cb2a5d19460b71914d" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "tool_registry" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(200) NOT NULL,
                "description" text NOT NULL DEFAULT '',
                "origin" character varying(16) NOT NULL,
                "server_id" character varying(36),
                "remote_name" character varying(200),
                "input_schema" text NOT NULL,
                "output_schema" text,
                "tags" text NOT NULL,
                "annotations" text,
                "version" character varying(50) NOT NULL DEFAULT '1',
                "health" character varying(16) NOT NULL DEFAULT 'unknown',
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_181f749db5aec69a028ccfa8d37" UNIQUE ("name"),
                CONSTRAINT "PK_b5c6729c70067bfb4eec31c261d" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_tool_registry_server" ON "tool_registry" ("server_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "tool_permissions" (
                "tool_id" character varying(36) NOT NULL,
                "roles" text NOT NULL,
                "agents" text NOT NULL,
                "updated_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_de1ab536fd80f3504ed52179e35" PRIMARY KEY ("tool_id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "tool_executions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tool_id" character varying(36) NOT NULL,
                "tool_name" character varying(200) NOT NULL,
                "principal_id" character varying(100),
                "agent_id" character varying(36),
                "arguments" text NOT NULL,
                "outcome" character varying(16) NOT NULL,
                "error" text,
                "duration_ms" integer NOT NULL,
                "result_bytes" integer NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_bdd7e5fafce34f8647fde510aff" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_tool_executions_tool_created" ON "tool_executions" ("tool_id", "created_at")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."idx_tool_executions_tool_created"
        `);
    await queryRunner.query(`
            DROP TABLE "tool_executions"
        `);
    await queryRunner.query(`
            DROP TABLE "tool_permissions"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_tool_registry_server"
        `);
    await queryRunner.query(`
            DROP TABLE "tool_registry"
        `);
    await queryRunner.query(`
            DROP TABLE "mcp_servers"
        `);
  }
}
