import { MigrationInterface, QueryRunner } from 'typeorm';

export class Gateway1795480706642 implements MigrationInterface {
  name = 'Gateway1795480706642';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "audit_events" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "action" character varying(40) NOT NULL,
                "actor_id" character varying(36),
                "actor_name" character varying(254),
                "subject" character varying(200),
                "ip" character varying(64),
                "user_agent" character varying(300),
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_audit_events_created" ON "audit_events" ("created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "api_keys" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(100) NOT NULL,
                "prefix" character varying(16) NOT NULL,
                "key_hash" character varying(64) NOT NULL,
                "role" character varying(16) NOT NULL,
                "scopes" text NOT NULL DEFAULT '[]',
                "created_by" character varying(36) NOT NULL,
                "last_used_at" bigint,
                "revoked_at" bigint,
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_57384430aa1959f4578046c9b81" UNIQUE ("key_hash"),
                CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "refresh_tokens" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" character varying(36) NOT NULL,
                "family_id" character varying(36) NOT NULL,
                "token_hash" character varying(64) NOT NULL,
                "expires_at" bigint NOT NULL,
                "rotated_at" bigint,
                "revoked_at" bigint,
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_a7838d2ba25be1342091b6695f1" UNIQUE ("token_hash"),
                CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_refresh_tokens_family" ON "refresh_tokens" ("family_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "users" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "email" character varying(254) NOT NULL,
                "password_hash" character varying(200) NOT NULL,
                "role" character varying(16) NOT NULL,
                "disabled" boolean NOT NULL DEFAULT false,
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"),
                CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id")
            )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TABLE "users"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_refresh_tokens_family"
        `);
    await queryRunner.query(`
            DROP TABLE "refresh_tokens"
        `);
    await queryRunner.query(`
            DROP TABLE "api_keys"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_audit_events_created"
        `);
    await queryRunner.query(`
            DROP TABLE "audit_events"
        `);
  }
}
