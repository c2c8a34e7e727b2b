import { MigrationInterface, QueryRunner } from 'typeorm';

export class SqlTool1795481959664 implements MigrationInterface {
  name = 'SqlTool1795481959664';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "query_history" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "connection_id" character varying(36) NOT NULL,
                "principal_id" character varying(36),
                "principal_name" character varying(254),
                "sql" text NOT NULL,
                "fingerprint" character varying(64) NOT NULL,
                "duration_ms" double precision NOT NULL,
                "row_count" integer NOT NULL DEFAULT '0',
                "outcome" character varying(16) NOT NULL,
                "error_code" character varying(64),
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_d14e08569f855cccc762004f7d1" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_query_history_connection_created" ON "query_history" ("connection_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "database_connections" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(100) NOT NULL,
                "dialect" character varying(16) NOT NULL,
                "host" character varying(255),
                "port" integer,
                "database_name" character varying(255),
                "username" character varying(255),
                "password_sealed" text,
                "file_path" character varying(1024),
                "writable" boolean NOT NULL DEFAULT false,
                "pool_max" integer NOT NULL DEFAULT '5',
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_8185e35cf2dfa86f868a01c8c23" UNIQUE ("name"),
                CONSTRAINT "PK_0e22db8b41302c3c47fffb530c7" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "query_performance" (
                "fingerprint" character varying(64) NOT NULL,
                "connection_id" character varying(36) NOT NULL,
                "normalized_sql" text NOT NULL,
                "count" integer NOT NULL,
                "p50_ms" double precision NOT NULL,
                "p95_ms" double precision NOT NULL,
                "samples" text NOT NULL,
                "last_seen_at" bigint NOT NULL,
                CONSTRAINT "PK_b65b3f55237d885d11680e5a88b" PRIMARY KEY ("fingerprint")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "schema_cache" (
                "connection_id" character varying(36) NOT NULL,
                "schema" text NOT NULL,
                "refreshed_at" bigint NOT NULL,
                CONSTRAINT "PK_7f7ff3bdd5b019d2acd33b6a287" PRIMARY KEY ("connection_id")
            )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TABLE "schema_cache"
        `);
    await queryRunner.query(`
            DROP TABLE "query_performance"
        `);
    await queryRunner.query(`
            DROP TABLE "database_connections"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_query_history_connection_created"
        `);
    await queryRunner.query(`
            DROP TABLE "query_history"
        `);
  }
}
