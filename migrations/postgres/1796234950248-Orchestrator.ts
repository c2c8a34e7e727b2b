import { MigrationInterface, QueryRunner } from 'typeorm';

export class Orchestrator1796234950248 implements MigrationInterface {
  name = 'Orchestrator1796234950248';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "orchestration_broadcasts" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "message" text NOT NULL,
                "targets" text NOT NULL,
                "quorum" integer NOT NULL,
                "outcome" character varying(16) NOT NULL,
                "answers" text NOT NULL,
                "resolution" text,
                "created_by" character varying(36),
                "duration_ms" integer NOT NULL,
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_5f19d4bee913a627f4860750c05" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "orchestration_sessions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "goal" text NOT NULL,
                "request" text NOT NULL,
                "status" character varying(16) NOT NULL,
                "plan" text,
                "ledger" text NOT NULL,
                "workflow_id" character varying(36),
                "run_id" character varying(36),
                "replans" integer NOT NULL DEFAULT '0',
                "result" text,
                "error" text,
                "tokens_used" integer NOT NULL DEFAULT '0',
                "principal" text,
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_853c3b5ba2e2b67aceb81708fab" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_orchestration_sessions_status" ON "orchestration_sessions" ("status")
        `);
    await queryRunner.query(`
            CREATE TABLE "orchestration_assignments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "session_id" character varying(36) NOT NULL,
                "task_id" character varying(64) NOT NULL,
                "role" character varying(200) NOT NULL,
                "agent_id" character varying(36) NOT NULL,
                "agent_name" character varying(200) NOT NULL,
                "state" character varying(16) NOT NULL,
                "score" text NOT NULL,
                "reason" text NOT NULL,
                "latency_ms" integer,
                "error" text,
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_3dd67ff1754128c4de475f84a02" PRIMARY KEY ("id")
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
            DROP INDEX "public"."idx_orchestration_assignments_session"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_orchestration_assignments_agent_state"
        `);
    await queryRunner.query(`
            DROP TABLE "orchestration_assignments"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_orchestration_sessions_status"
        `);
    await queryRunner.query(`
            DROP TABLE "orchestration_sessions"
        `);
    await queryRunner.query(`
            DROP TABLE "orchestration_broadcasts"
        `);
  }
}
