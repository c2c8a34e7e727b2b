import { MigrationInterface, QueryRunner } from 'typeorm';

export class McpOAuth1796301011636 implements MigrationInterface {
  name = 'McpOAuth1796301011636';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "mcp_oauth_credentials" (
                "id" varchar PRIMARY KEY NOT NULL,
                "server_id" varchar(36) NOT NULL,
                "user_id" varchar(36) NOT NULL DEFAULT (''),
                "client_sealed" text,
                "discovery" text,
                "tokens_sealed" text,
                "token_expires_at" varchar(40),
                "granted_scope" text,
                "required_scope" text,
                "verifier_sealed" text,
                "state_hash" varchar(64),
                "state_user_id" varchar(36),
                "state_expires_at" varchar(40),
                "status" varchar(24) NOT NULL DEFAULT ('none'),
                "last_error" text,
                "authorized_at" varchar(40),
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                "updated_at" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_mcp_oauth_state" ON "mcp_oauth_credentials" ("state_hash")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "idx_mcp_oauth_server_user" ON "mcp_oauth_credentials" ("server_id", "user_id")
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
                "status" varchar(16) NOT NULL DEFAULT ('disconnected'),
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
                    "updated_at"
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
                "updated_at"
            FROM "mcp_servers"
        `);
    await queryRunner.query(`
            DROP TABLE "mcp_servers"
        `);
    await queryRunner.query(`
            ALTER TABLE "temporary_mcp_servers"
                RENAME TO "mcp_servers"
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
                "status" varchar(16) NOT NULL DEFAULT ('disconnected'),
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
                    "updated_at"
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
                "updated_at"
            FROM "temporary_mcp_servers"
        `);
    await queryRunner.query(`
            DROP TABLE "temporary_mcp_servers"
        `);
    await queryRunner.query(`
            DROP INDEX "idx_mcp_oauth_server_user"
        `);
    await queryRunner.query(`
            DROP INDEX "idx_mcp_oauth_state"
        `);
    await queryRunner.query(`
            DROP TABLE "mcp_oauth_credentials"
        `);
  }
}
