import { MigrationInterface, QueryRunner } from 'typeorm';

export class SpanIndexes1796287994248 implements MigrationInterface {
  name = 'SpanIndexes1796287994248';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."idx_obs_spans_start"
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_obs_spans_duration" ON "obs_spans" ("duration_ms", "start_ms")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_obs_spans_error_start" ON "obs_spans" ("start_ms", "trace_id")
            WHERE status_code = 2
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_obs_spans_operation_start" ON "obs_spans" ("operation", "start_ms", "trace_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_obs_spans_start" ON "obs_spans" ("start_ms", "trace_id")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."idx_obs_spans_start"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_obs_spans_operation_start"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_obs_spans_error_start"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_obs_spans_duration"
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_obs_spans_start" ON "obs_spans" USING btree ("start_ms")
        `);
  }
}
