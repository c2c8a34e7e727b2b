import { MigrationInterface, QueryRunner } from 'typeorm';

export class McpSamplingAndRoots1796305913283 implements MigrationInterface {
  name = 'McpSamplingAndRoots1796305913283';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "mcp_sampling_requests" (
                "id" varchar PRIMARY KEY NOT NULL,
                "server_id" varchar(36) NOT NULL,
                "principal_id" varchar(100),
                "outcome" varchar(16) NOT NULL,
                "reason" text,
                "model" varchar(300),
                "message_count" integer NOT NULL,
                "max_tokens_requested" integer NOT NULL,
                "input_tokens" integer NOT NULL DEFAULT (0),
                "output_tokens" integer NOT NULL DEFAULT (0),
                "duration_ms" integer NOT NULL DEFAULT (0),
                "created_at" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_675fd1c25b4b0e1ecef0b43cd9" ON "mcp_sampling_requests" ("server_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "temporary_mcp_servers" (
                "id" varchar PRIMARY KEY NOT NULL,
                "name" varchar(100) NOT NULL,
                "transport" varchar(16) NOT NULL,
                "command" varchar(1024),
                "args" text NOT NULL,
                "env_sealed" text,
                "url" varchar(2048),
                "headers_sealed" text,
                "enabled" boolean NOT NULL DEFAULT (1),
                "status" varchar(24) NOT NULL DEFAULT ('disconnected'),
                "last_error" text,
                "server_info" text,
                "resources" text NOT NULL,
                "prompts" text NOT NULL,
                "discovered_at" varchar(40),
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                "updated_at" datetime NOT NULL DEFAULT (datetime('now')),
                "oauth_sealed" text,
                "per_user" boolean NOT NULL DEFAULT (0),
                "sampling" text,
                "roots" text,
                CONSTRAINT "UQ_2ee0138f3dd9575eedd37f2405f" UNIQUE ("name")
            )
        `);
    await queryRunner.query(`
            INSERT INTO "temporary_mcp_servers"(
                    "id",
                    "name",
                    "transport",
                    "command",
                    "args",
                    "env_sealed",
                    "url",
                    "headers_sealed",
                    "enabled",
                    "status",
                    "last_error",
                    "server_info",
                    "resources",
                    "prompts",
                    "discovered_at",
                    "created_at",
                    "updated_at",
                    "oauth_sealed",
                    "per_user"
                )
            SELECT "id",
                "name",
                "transport",
                "command",
                "args",
                "env_sealed",
                "url",
                "headers_sealed",
                "enabled",
                "status",
                "last_error",
                "server_info",
                "resources",
                "prompts",
                "discovered_at",
                "created_at",
                "updated_at",
                "oauth_sealed",
                "per_user"
            FROM "mcp_servers"
        `);
    await queryRunner.query(`
            DROP TABLE "mcp_servers"
        `);
    await queryRunner.query(`
            ALTER TABLE "temporary_mcp_servers"
                RENAME TO "mcp_servers"
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "mcp_servers"
                RENAME TO "temporary_mcp_servers"
        `);
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
                "status" varchar(24) NOT NULL DEFAULT ('disconnected'),
                "last_error" text,
                "server_info" text,
                "resources" text NOT NULL,
                "prompts" text NOT NULL,
                "discovered_at" varchar(40),
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                "updated_at" datetime NOT NULL DEFAULT (datetime('now')),
                "oauth_sealed" text,
                "per_user" boolean NOT NULL DEFAULT (0),
                CONSTRAINT "UQ_2ee0138f3dd9575eedd37f2405f" UNIQUE ("name")
            )
        `);
    await queryRunner.query(`
            INSERT INTO "mcp_servers"(
                    "id",
                    "name",
                    "transport",
                    "command",
                    "args",
                    "env_sealed",
                    "url",
                    "headers_sealed",
                    "enabled",
                    "status",
                    "last_error",
                    "server_info",
                    "resources",
                    "prompts",
                    "discovered_at",
                    "created_at",
                    "updated_at",
                    "oauth_sealed",
                    "per_user"
                )
            SELECT "id",
                "name",
                "transport",
                "command",
                "args",
                "env_sealed",
                "url",
                "headers_sealed",
                "enabled",
                "status",
                "last_error",
                "server_info",
                "resources",
                "prompts",
                "discovered_at",
                "created_at",
                "updated_at",
                "oauth_sealed",
                "per_user"
            FROM "temporary_mcp_servers"
        `);
    await queryRunner.query(`
            DROP TABLE "temporary_mcp_servers"
        `);
    await queryRunner.query(`
            DROP INDEX "IDX_675fd1c25b4b0e1ecef0b43cd9"
        `);
    await queryRunner.query(`
            DROP TABLE "mcp_sampling_requests"
        `);
  }
}
