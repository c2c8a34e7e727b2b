import { MigrationInterface, QueryRunner } from 'typeorm';

export class McpSamplingAndRoots1796305916300 implements MigrationInterface {
  name = 'McpSamplingAndRoots1796305916300';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "mcp_sampling_requests" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "server_id" character varying(36) NOT NULL,
                "principal_id" character varying(100),
                "outcome" character varying(16) NOT NULL,
                "reason" text,
                "model" character varying(300),
                "message_count" integer NOT NULL,
                "max_tokens_requested" integer NOT NULL,
                "input_tokens" integer NOT NULL DEFAULT '0',
                "output_tokens" integer NOT NULL DEFAULT '0',
                "duration_ms" integer NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_d9fb34e4d72b3e081ee4b4fdd58" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_675fd1c25b4b0e1ecef0b43cd9" ON "mcp_sampling_requests" ("server_id", "created_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "mcp_servers"
            ADD "sampling" text
        `);
    await queryRunner.query(`
            ALTER TABLE "mcp_servers"
            ADD "roots" text
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "mcp_servers" DROP COLUMN "roots"
        `);
    await queryRunner.query(`
            ALTER TABLE "mcp_servers" DROP COLUMN "sampling"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_675fd1c25b4b0e1ecef0b43cd9"
        `);
    await queryRunner.query(`
            DROP TABLE "mcp_sampling_requests"
        `);
  }
}
