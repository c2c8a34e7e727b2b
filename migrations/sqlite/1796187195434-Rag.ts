import { MigrationInterface, QueryRunner } from 'typeorm';

export class Rag1796187195434 implements MigrationInterface {
  name = 'Rag1796187195434';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "documents" (
                "id" varchar PRIMARY KEY NOT NULL,
                "collection_id" varchar(36) NOT NULL,
                "filename" varchar(255) NOT NULL,
                "source_url" varchar(2048),
                "mime_type" varchar(120),
                "format" varchar(16),
                "size_bytes" integer NOT NULL,
                "content_hash" varchar(64) NOT NULL,
                "status" varchar(16) NOT NULL,
                "progress" float NOT NULL DEFAULT (0),
                "error_code" varchar(40),
                "error_message" text,
                "title" varchar(500),
                "pages" integer,
                "chunk_count" integer NOT NULL DEFAULT (0),
                "token_count" integer NOT NULL DEFAULT (0),
                "language" varchar(12),
                "metadata" text NOT NULL,
                "attempts" integer NOT NULL DEFAULT (0),
                "indexed_at" bigint,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                "updated_at" datetime NOT NULL DEFAULT (datetime('now'))
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
                "document_id" varchar(36) PRIMARY KEY NOT NULL,
                "content_base64" text NOT NULL
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "document_chunks" (
                "id" varchar(48) PRIMARY KEY NOT NULL,
                "document_id" varchar(36) NOT NULL,
                "collection_id" varchar(36) NOT NULL,
                "chunk_index" integer NOT NULL,
                "text" text NOT NULL,
                "token_count" integer NOT NULL,
                "page" integer,
                "page_end" integer,
                "heading" varchar(1000),
                "content_hash" varchar(64) NOT NULL
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
                "id" varchar PRIMARY KEY NOT NULL,
                "name" varchar(100) NOT NULL,
                "kind" varchar(24) NOT NULL,
                "model_id" varchar(1024) NOT NULL,
                "base_url" varchar(2048),
                "api_key_sealed" text,
                "dimensions" integer NOT NULL,
                "batch_size" integer NOT NULL DEFAULT (64),
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                "updated_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "UQ_bfb2b3631ba048c7e1ed5b64e25" UNIQUE ("name")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "search_sessions" (
                "id" varchar PRIMARY KEY NOT NULL,
                "collection_id" varchar(36) NOT NULL,
                "query" text NOT NULL,
                "mode" varchar(16) NOT NULL,
                "result_count" integer NOT NULL,
                "result_ids" text NOT NULL,
                "answer" text,
                "latency_ms" float NOT NULL,
                "principal_id" varchar(100),
                "created_at" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_search_sessions_created" ON "search_sessions" ("created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "embedding_cache" (
                "model_id" varchar(36) NOT NULL,
                "content_hash" varchar(64) NOT NULL,
                "vector" text NOT NULL,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                PRIMARY KEY ("model_id", "content_hash")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "vector_collections" (
                "id" varchar PRIMARY KEY NOT NULL,
                "name" varchar(100) NOT NULL,
                "description" text NOT NULL DEFAULT (''),
                "embedding_model_id" varchar(36) NOT NULL,
                "chroma_name" varchar(120) NOT NULL,
                "chunk_tokens" integer NOT NULL DEFAULT (256),
                "chunk_overlap_tokens" integer NOT NULL DEFAULT (32),
                "status" varchar(16) NOT NULL DEFAULT ('ready'),
                "pending_model_id" varchar(36),
                "pending_chroma_name" varchar(120),
                "last_error" text,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                "updated_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "UQ_8c1cdad7e90add5197d3562b6d8" UNIQUE ("name")
            )
        `);
    // Keyword index (not an entity): FTS5 with Porter stemming, ranked by BM25.
    await queryRunner.query(
      `CREATE VIRTUAL TABLE "chunk_fts" USING fts5(text, chunk_id UNINDEXED, collection_id UNINDEXED, tokenize = 'porter unicode61')`,
    );
    // Its vocabulary (documents per term), for dropping near-universal words from OR queries.
    await queryRunner.query(`CREATE VIRTUAL TABLE "chunk_fts_vocab" USING fts5vocab(chunk_fts, 'row')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "chunk_fts_vocab"`);
    await queryRunner.query(`DROP TABLE "chunk_fts"`);
    await queryRunner.query(`
            DROP TABLE "vector_collections"
        `);
    await queryRunner.query(`
            DROP TABLE "embedding_cache"
        `);
    await queryRunner.query(`
            DROP INDEX "idx_search_sessions_created"
        `);
    await queryRunner.query(`
            DROP TABLE "search_sessions"
        `);
    await queryRunner.query(`
            DROP TABLE "embedding_models"
        `);
    await queryRunner.query(`
            DROP INDEX "idx_document_chunks_document"
        `);
    await queryRunner.query(`
            DROP INDEX "idx_document_chunks_collection"
        `);
    await queryRunner.query(`
            DROP TABLE "document_chunks"
        `);
    await queryRunner.query(`
            DROP TABLE "document_sources"
        `);
    await queryRunner.query(`
            DROP INDEX "idx_documents_collection_hash"
        `);
    await queryRunner.query(`
            DROP INDEX "idx_documents_status"
        `);
    await queryRunner.query(`
            DROP TABLE "documents"
        `);
  }
}
