import { MigrationInterface, QueryRunner } from 'typeorm';

export class SpanStore1796285347657 implements MigrationInterface {
  name = 'SpanStore1796285347657';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "obs_spans" (
                "trace_id" varchar(32) NOT NULL,
                "span_id" varchar(16) NOT NULL,
                "parent_span_id" varchar(16),
                "name" varchar(300) NOT NULL,
                "kind" smallint NOT NULL,
                "start_ms" float NOT NULL,
                "duration_ms" float NOT NULL,
                "status_code" smallint NOT NULL,
                "status_message" text,
                "service" varchar(100) NOT NULL,
                "module" varchar(50),
                "operation" varchar(100),
                "agent_id" varchar(100),
                "session_id" varchar(200),
                "run_id" varchar(200),
                "attributes" text NOT NULL,
                "events" text NOT NULL,
                "resource" text NOT NULL,
                PRIMARY KEY ("trace_id", "span_id")
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
            DROP INDEX "idx_obs_spans_start"
        `);
    await queryRunner.query(`
            DROP INDEX "idx_obs_spans_agent_start"
        `);
    await queryRunner.query(`
            DROP INDEX "idx_obs_spans_session"
        `);
    await queryRunner.query(`
            DROP INDEX "idx_obs_spans_run"
        `);
    await queryRunner.query(`
            DROP INDEX "idx_obs_spans_module_start"
        `);
    await queryRunner.query(`
            DROP TABLE "obs_spans"
        `);
  }
}
