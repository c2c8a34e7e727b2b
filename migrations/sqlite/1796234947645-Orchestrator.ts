import { MigrationInterface, QueryRunner } from 'typeorm';

export class Orchestrator1796234947645 implements MigrationInterface {
  name = 'Orchestrator1796234947645';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "orchestration_broadcasts" (
                "id" varchar PRIMARY KEY NOT NULL,
                "message" text NOT NULL,
                "targets" text NOT NULL,
                "quorum" integer NOT NULL,
                "outcome" varchar(16) NOT NULL,
                "answers" text NOT NULL,
                "resolution" text,
                "created_by" varchar(36),
                "duration_ms" integer NOT NULL,
                "created_at" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "orchestration_sessions" (
                "id" varchar PRIMARY KEY NOT NULL,
                "goal" text NOT NULL,
                "request" text NOT NULL,
                "status" varchar(16) NOT NULL,
                "plan" text,
                "ledger" text NOT NULL,
                "workflow_id" varchar(36),
                "run_id" varchar(36),
                "replans" integer NOT NULL DEFAULT (0),
                "result" text,
                "error" text,
                "tokens_used" integer NOT NULL DEFAULT (0),
                "principal" text,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                "updated_at" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_orchestration_sessions_status" ON "orchestration_sessions" ("status")
        `);
    await queryRunner.query(`
            CREATE TABLE "orchestration_assignments" (
                "id" varchar PRIMARY KEY NOT NULL,
                "session_id" varchar(36) NOT NULL,
                "task_id" varchar(64) NOT NULL,
                "role" varchar(200) NOT NULL,
                "agent_id" varchar(36) NOT NULL,
                "agent_name" varchar(200) NOT NULL,
                "state" varchar(16) NOT NULL,
                "score" text NOT NULL,
                "reason" text NOT NULL,
                "latency_ms" integer,
                "error" text,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                "updated_at" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_orchestration_assignments_agent_state" ON "orchestration_assignments" ("agent_id", "state")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_orchestration_assignments_session" ON "orchestration_assignments" ("session_id")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "idx_orchestration_assignments_session"
        `);
    await queryRunner.query(`
            DROP INDEX "idx_orchestration_assignments_agent_state"
        `);
    await queryRunner.query(`
            DROP TABLE "orchestration_assignments"
        `);
    await queryRunner.query(`
            DROP INDEX "idx_orchestration_sessions_status"
        `);
    await queryRunner.query(`
            DROP TABLE "orchestration_sessions"
        `);
    await queryRunner.query(`
            DROP TABLE "orchestration_broadcasts"
        `);
  }
}
