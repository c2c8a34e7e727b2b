import { MigrationInterface, QueryRunner } from 'typeorm';

export class KnowledgeGraph1796317254223 implements MigrationInterface {
  name = 'KnowledgeGraph1796317254223';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "knowledge_graphs" (
                "collection_id" character varying(36) NOT NULL,
                "status" character varying(16) NOT NULL,
                "passage_count" integer NOT NULL DEFAULT '0',
                "entity_count" integer NOT NULL DEFAULT '0',
                "relation_count" integer NOT NULL DEFAULT '0',
                "duration_ms" integer NOT NULL DEFAULT '0',
                "error" text,
                "updated_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_27fe5a916ef96a9fe357ebf4454" PRIMARY KEY ("collection_id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "knowledge_graph_entities" (
                "collection_id" character varying(36) NOT NULL,
                "name" character varying(200) NOT NULL,
                "passages" integer NOT NULL,
                CONSTRAINT "PK_e6e0706f481e20a3f05094f29d5" PRIMARY KEY ("collection_id", "name")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_kg_entities_rank" ON "knowledge_graph_entities" ("collection_id", "passages")
        `);
    await queryRunner.query(`
            CREATE TABLE "knowledge_graph_relations" (
                "collection_id" character varying(36) NOT NULL,
                "source" character varying(200) NOT NULL,
                "target" character varying(200) NOT NULL,
                "weight" integer NOT NULL,
                CONSTRAINT "PK_d290d083b1188d9ee0dc12b3519" PRIMARY KEY ("collection_id", "source", "target")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_kg_relations_target" ON "knowledge_graph_relations" ("collection_id", "target")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."idx_kg_relations_target"
        `);
    await queryRunner.query(`
            DROP TABLE "knowledge_graph_relations"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_kg_entities_rank"
        `);
    await queryRunner.query(`
            DROP TABLE "knowledge_graph_entities"
        `);
    await queryRunner.query(`
            DROP TABLE "knowledge_graphs"
        `);
  }
}
