import { MigrationInterface, QueryRunner } from 'typeorm';

export class Rag1796187182763 implements MigrationInterface {
  name = 'Rag1796187182763';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "documents" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "collection_id" character varying(36) NOT NULL,
                "filename" character varying(255) NOT NULL,
                "source_url" character varying(2048),
                "mime_type" character varying(120),
                "format" character varying(16),
                "size_bytes" integer NOT NULL,
                "content_hash" character varying(64) NOT NULL,
                "status" character varying(16) NOT NULL,
                "progress" double precision NOT NULL DEFAULT '0',
                "error_code" character varying(40),
                "error_message" text,
                "title" character varying(500),
                "pages" integer,
                "chunk_count" integer NOT NULL DEFAULT '0',
                "token_count" integer NOT NULL DEFAULT '0',
                "language" character varying(12),
                "metadata" text NOT NULL,
                "attempts" integer NOT NULL DEFAULT '0',
                "indexed_at" bigint,
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_ac51aa5181ee2036f5ca482857c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_documents_status" ON "documents" ("status")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "idx_documents_collection_hash" ON "documents" ("collection_id", "content_hash")
        `);
    await queryRunner.query(`
            CREATE TABLE "document_sources" (
                "document_id" character varying(36) NOT NULL,
                "content_base64" text NOT NULL,
                CONSTRAINT "PK_a37a9b9e19bb4dd8b8ca35d96cd" PRIMARY KEY ("document_id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "document_chunks" (
                "id" character varying(48) NOT NULL,
                "document_id" character varying(36) NOT NULL,
                "collection_id" character varying(36) NOT NULL,
                "chunk_index" integer NOT NULL,
                "text" text NOT NULL,
                "token_count" integer NOT NULL,
                "page" integer,
                "page_end" integer,
                "heading" character varying(1000),
                "content_hash" character varying(64) NOT NULL,
                CONSTRAINT "PK_7f9060084e9b872dbb567193978" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_document_chunks_collection" ON "document_chunks" ("collection_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "idx_document_chunks_document" ON "document_chunks" ("document_id", "chunk_index")
        `);
    await queryRunner.query(`
            CREATE TABLE "embedding_models" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(100) NOT NULL,
                "kind" character varying(24) NOT NULL,
                "model_id" character varying(1024) NOT NULL,
                "base_url" character varying(2048),
                "api_key_sealed" text,
                "dimensions" integer NOT NULL,
                "batch_size" integer NOT NULL DEFAULT '64',
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_bfb2b3631ba048c7e1ed5b64e25" UNIQUE ("name"),
                CONSTRAINT "PK_0326a8981277e9b65f1413e77ab" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "search_sessions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "collection_id" character varying(36) NOT NULL,
                "query" text NOT NULL,
                "mode" character varying(16) NOT NULL,
                "result_count" integer NOT NULL,
                "result_ids" text NOT NULL,
                "answer" text,
                "latency_ms" double precision NOT NULL,
                "principal_id" character varying(100),
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_fa9268fa54b87f95a39f238f837" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_search_sessions_created" ON "search_sessions" ("created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "embedding_cache" (
                "model_id" character varying(36) NOT NULL,
                "content_hash" character varying(64) NOT NULL,
                "vector" text NOT NULL,
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_7fb6e50dda7a3ef736fec1c103e" PRIMARY KEY ("model_id", "content_hash")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "vector_collections" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(100) NOT NULL,
                "description" text NOT NULL DEFAULT '',
                "embedding_model_id" character varying(36) NOT NULL,
                "chroma_name" character varying(120) NOT NULL,
                "chunk_tokens" integer NOT NULL DEFAULT '256',
                "chunk_overlap_tokens" integer NOT NULL DEFAULT '32',
                "status" character varying(16) NOT NULL DEFAULT 'ready',
                "pending_model_id" character varying(36),
                "pending_chroma_name" character varying(120),
                "last_error" text,
                "created_at" TIMESTAMP NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_8c1cdad7e90add5197d3562b6d8" UNIQUE ("name"),
                CONSTRAINT "PK_29ac20397f28682c953936f0b56" PRIMARY KEY ("id")
            )
        `);
    // Keyword index (not an entity): one tsvector per chunk, English stemming, GIN-indexed.
    await queryRunner.query(
      `CREATE TABLE "chunk_fts" ("chunk_id" varchar(48) PRIMARY KEY NOT NULL, "collection_id" varchar(36) NOT NULL, "tsv" tsvector NOT NULL)`,
    );
    await queryRunner.query(`CREATE INDEX "idx_chunk_fts_tsv" ON "chunk_fts" USING GIN ("tsv")`);
    await queryRunner.query(`CREATE INDEX "idx_chunk_fts_collection" ON "chunk_fts" ("collection_id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "chunk_fts"`);
    await queryRunner.query(`
            DROP TABLE "vector_collections"
        `);
    await queryRunner.query(`
            DROP TABLE "embedding_cache"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_search_sessions_created"
        `);
    await queryRunner.query(`
            DROP TABLE "search_sessions"
        `);
    await queryRunner.query(`
            DROP TABLE "embedding_models"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_document_chunks_document"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_document_chunks_collection"
        `);
    await queryRunner.query(`
            DROP TABLE "document_chunks"
        `);
    await queryRunner.query(`
            DROP TABLE "document_sources"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_documents_collection_hash"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_documents_status"
        `);
    await queryRunner.query(`
            DROP TABLE "documents"
        `);
  }
}
