import { MigrationInterface, QueryRunner } from 'typeorm';

export class SqlTool1795481958043 implements MigrationInterface {
  name = 'SqlTool1795481958043';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "database_connections" (
                "id" varchar PRIMARY KEY NOT NULL,
                "name" varchar(100) NOT NULL,
                "dialect" varchar(16) NOT NULL,
                "host" varchar(255),
                "port" integer,
                "database_name" varchar(255),
                "username" varchar(255),
                "password_sealed" text,
                "file_path" varchar(1024),
                "writable" boolean NOT NULL DEFAULT (0),
                "pool_max" integer NOT NULL DEFAULT (5),
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                "updated_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "UQ_8185e35cf2dfa86f868a01c8c23" UNIQUE ("name")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "query_history" (
                "id" varchar PRIMARY KEY NOT NULL,
                "connection_id" varchar(36) NOT NULL,
                "principal_id" varchar(36),
                "principal_name" varchar(254),
                "sql" text NOT NULL,
                "fingerprint" varchar(64) NOT NULL,
                "duration_ms" float NOT NULL,
                "row_count" integer NOT NULL DEFAULT (0),
                "outcome" varchar(16) NOT NULL,
                "error_code" varchar(64),
                "created_at" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_query_history_connection_created" ON "query_history" ("connection_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "query_performance" (
                "fingerprint" varchar(64) PRIMARY KEY NOT NULL,
                "connection_id" varchar(36) NOT NULL,
                "normalized_sql" text NOT NULL,
                "count" integer NOT NULL,
                "p50_ms" float NOT NULL,
                "p95_ms" float NOT NULL,
                "samples" text NOT NULL,
                "last_seen_at" bigint NOT NULL
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "schema_cache" (
                "connection_id" varchar(36) PRIMARY KEY NOT NULL,
                "schema" text NOT NULL,
                "refreshed_at" bigint NOT NULL
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
            DROP INDEX "idx_query_history_connection_created"
        `);
    await queryRunner.query(`
            DROP TABLE "query_history"
        `);
    await queryRunner.query(`
            DROP TABLE "database_connections"
        `);
  }
}
