import { MigrationInterface, QueryRunner } from 'typeorm';

export class SpanStore1796285349368 implements MigrationInterface {
  name = 'SpanStore1796285349368';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "obs_spans" (
                "trace_id" character varying(32) NOT NULL,
                "span_id" character varying(16) NOT NULL,
                "parent_span_id" character varying(16),
                "name" character varying(300) NOT NULL,
                "kind" smallint NOT NULL,
                "start_ms" double precision NOT NULL,
                "duration_ms" double precision NOT NULL,
                "status_code" smallint NOT NULL,
                "status_message" text,
                "service" character varying(100) NOT NULL,
                "module" character varying(50),
                "operation" character varying(100),
                "agent_id" character varying(100),
                "session_id" character varying(200),
                "run_id" character varying(200),
                "attributes" text NOT NULL,
                "events" text NOT NULL,
                "resource" text NOT NULL,
                CONSTRAINT "PK_19d7a93cb3f8e33ddd5bcc4836d" PRIMARY KEY ("trace_id", "span_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_obs_spans_module_start" ON "obs_spans" ("module", "start_ms")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_obs_spans_run" ON "obs_spans" ("run_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_obs_spans_session" ON "obs_spans" ("session_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_obs_spans_agent_start" ON "obs_spans" ("agent_id", "start_ms")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_obs_spans_start" ON "obs_spans" ("start_ms")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."idx_obs_spans_start"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_obs_spans_agent_start"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_obs_spans_session"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_obs_spans_run"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_obs_spans_module_start"
        `);
    await queryRunner.query(`
            DROP TABLE "obs_spans"
        `);
  }
}
