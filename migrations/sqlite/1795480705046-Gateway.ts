import { MigrationInterface, QueryRunner } from 'typeorm';

export class Gateway1795480705046 implements MigrationInterface {
  name = 'Gateway1795480705046';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "api_keys" (
                "id" varchar PRIMARY KEY NOT NULL,
                "name" varchar(100) NOT NULL,
                "prefix" varchar(16) NOT NULL,
                "key_hash" varchar(64) NOT NULL,
                "role" varchar(16) NOT NULL,
                "scopes" text NOT NULL DEFAULT ('[]'),
                "created_by" varchar(36) NOT NULL,
                "last_used_at" bigint,
                "revoked_at" bigint,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "UQ_57384430aa1959f4578046c9b81" UNIQUE ("key_hash")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "audit_events" (
                "id" varchar PRIMARY KEY NOT NULL,
                "action" varchar(40) NOT NULL,
                "actor_id" varchar(36),
                "actor_name" varchar(254),
                "subject" varchar(200),
                "ip" varchar(64),
                "user_agent" varchar(300),
                "created_at" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_audit_events_created" ON "audit_events" ("created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "refresh_tokens" (
                "id" varchar PRIMARY KEY NOT NULL,
                "user_id" varchar(36) NOT NULL,
                "family_id" varchar(36) NOT NULL,
                "token_hash" varchar(64) NOT NULL,
                "expires_at" bigint NOT NULL,
                "rotated_at" bigint,
                "revoked_at" bigint,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "UQ_a7838d2ba25be1342091b6695f1" UNIQUE ("token_hash")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_refresh_tokens_family" ON "refresh_tokens" ("family_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "users" (
                "id" varchar PRIMARY KEY NOT NULL,
                "email" varchar(254) NOT NULL,
                "password_hash" varchar(200) NOT NULL,
                "role" varchar(16) NOT NULL,
                "disabled" boolean NOT NULL DEFAULT (0),
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                "updated_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email")
            )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TABLE "users"
        `);
    await queryRunner.query(`
            DROP INDEX "idx_refresh_tokens_family"
        `);
    await queryRunner.query(`
            DROP TABLE "refresh_tokens"
        `);
    await queryRunner.query(`
            DROP INDEX "idx_audit_events_created"
        `);
    await queryRunner.query(`
            DROP TABLE "audit_events"
        `);
    await queryRunner.query(`
            DROP TABLE "api_keys"
        `);
  }
}
