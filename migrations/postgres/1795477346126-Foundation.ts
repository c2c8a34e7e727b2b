import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795477346126 implements MigrationInterface {
  name = 'Foundation1795477346126';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "a2a_messages" (
                "id" character varying(36) NOT NULL,
                "kind" character varying(16) NOT NULL,
                "method" character varying(200) NOT NULL,
                "source" character varying(200) NOT NULL,
                "target" character varying(200) NOT NULL,
                "trace_id" character varying(32),
                "status" character varying(16) NOT NULL,
                "error_code" character varying(64),
                "duration_ms" double precision NOT NULL,
                "handled_by" character varying(200),
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_28b1977b42002563c710a5e10c6" PRIMARY KEY ("id")
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
            DROP INDEX "public"."idx_a2a_messages_trace"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_a2a_messages_created"
        `);
    await queryRunner.query(`
            DROP TABLE "a2a_messages"
        `);
  }
}
