import { MigrationInterface, QueryRunner } from 'typeorm';

export class KnowledgeGraph1796317242226 implements MigrationInterface {
  name = 'KnowledgeGraph1796317242226';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "knowledge_graphs" (
                "collection_id" varchar(36) PRIMARY KEY NOT NULL,
                "status" varchar(16) NOT NULL,
                "passage_count" integer NOT NULL DEFAULT (0),
                "entity_count" integer NOT NULL DEFAULT (0),
                "relation_count" integer NOT NULL DEFAULT (0),
                "duration_ms" integer NOT NULL DEFAULT (0),
                "error" text,
                "updated_at" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "knowledge_graph_entities" (
                "collection_id" varchar(36) NOT NULL,
                "name" varchar(200) NOT NULL,
                "passages" integer NOT NULL,
                PRIMARY KEY ("collection_id", "name")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_kg_entities_rank" ON "knowledge_graph_entities" ("collection_id", "passages")
        `);
    await queryRunner.query(`
            CREATE TABLE "knowledge_graph_relations" (
                "collection_id" varchar(36) NOT NULL,
                "source" varchar(200) NOT NULL,
                "target" varchar(200) NOT NULL,
                "weight" integer NOT NULL,
                PRIMARY KEY ("collection_id", "source", "target")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_kg_relations_target" ON "knowledge_graph_relations" ("collection_id", "target")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "idx_kg_relations_target"
        `);
    await queryRunner.query(`
            DROP TABLE "knowledge_graph_relations"
        `);
    await queryRunner.query(`
            DROP INDEX "idx_kg_entities_rank"
        `);
    await queryRunner.query(`
            DROP TABLE "knowledge_graph_entities"
        `);
    await queryRunner.query(`
            DROP TABLE "knowledge_graphs"
        `);
  }
}
