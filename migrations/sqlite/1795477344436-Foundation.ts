import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795477344436 implements MigrationInterface {
  name = 'Foundation1795477344436';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "a2a_messages" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "kind" varchar(16) NOT NULL,
                "method" varchar(200) NOT NULL,
                "source" varchar(200) NOT NULL,
                "target" varchar(200) NOT NULL,
                "trace_id" varchar(32),
                "status" varchar(16) NOT NULL,
                "error_code" varchar(64),
                "duration_ms" float NOT NULL,
                "handled_by" varchar(200),
                "created_at" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_a2a_messages_created" ON "a2a_messages" ("created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_a2a_messages_trace" ON "a2a_messages" ("trace_id")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "idx_a2a_messages_trace"
        `);
    await queryRunner.query(`
            DROP INDEX "idx_a2a_messages_created"
        `);
    await queryRunner.query(`
            DROP TABLE "a2a_messages"
        `);
  }
}
