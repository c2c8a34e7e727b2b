import { MigrationInterface, QueryRunner } from 'typeorm';

export class McpOAuth1796301014934 implements MigrationInterface {
  name = 'McpOAuth1796301014934';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "mcp_oauth_credentials" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "server_id" character varying(36) NOT NULL,
                "user_id" character varying(36) NOT NULL DEFAULT '',
                "client_sealed" text,
                "discovery" text,
                "tokens_sealed" text,
                "token_expires_at" character varying(40),
                "granted_scope" text,
                "required_scope" text,
                "verifier_sealed" text,
                "state_hash" character varying(64),
                "state_user_id" character varying(36),
                "state_expires_at" character varying(40),
                "status" character varying(24) NOT NULL DEFAULT 'none',
                "last_error" text,
                "authorized_at" character varying(40),
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_8d71bec1ce7211536dc42e7383d" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_mcp_oauth_state" ON "mcp_oauth_credentials" ("state_hash")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "idx_mcp_oauth_server_user" ON "mcp_oauth_credentials" ("server_id", "user_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "mcp_servers"
            ADD "oauth_sealed" text
        `);
    await queryRunner.query(`
            ALTER TABLE "mcp_servers"
            ADD "per_user" boolean NOT NULL DEFAULT false
        `);
    // Widened in place (the generator drops and re-adds the column, losing its values): needs_authorization is 19 characters.
    await queryRunner.query(`
            ALTER TABLE "mcp_servers"
            ALTER COLUMN "status" TYPE character varying(24)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            UPDATE "mcp_servers" SET "status" = 'disconnected' WHERE length("status") > 16
        `);
    await queryRunner.query(`
            ALTER TABLE "mcp_servers"
            ALTER COLUMN "status" TYPE character varying(16)
        `);
    await queryRunner.query(`
            ALTER TABLE "mcp_servers" DROP COLUMN "per_user"
        `);
    await queryRunner.query(`
            ALTER TABLE "mcp_servers" DROP COLUMN "oauth_sealed"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_mcp_oauth_server_user"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_mcp_oauth_state"
        `);
    await queryRunner.query(`
            DROP TABLE "mcp_oauth_credentials"
        `);
  }
}
