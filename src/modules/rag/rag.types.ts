/** Shapes shared by the rag module's parts (parsing, chunking, embedding, search). Internal to the module. */

export type DocumentFormat = 'pdf' | 'docx' | 'html' | 'markdown' | 'text' | 'csv' | 'json';

/** One structural block of a parsed document, in reading order. */
export interface ParsedSection {
  text: string;
  /** 1-based page the block starts on (PDF; DOCX only when it has explicit page breaks). */
  page?: number;
  /** Headings above this block, outermost first (e.g. ['Installation', 'On Linux']). */
  headingPath: string[];
  kind: 'heading' | 'paragraph' | 'list' | 'table' | 'code';
}

export interface ParsedDocument {
  format: DocumentFormat;
  mimeType: string;
  title?: string;
  /** Page count where the format has pages. */
  pages?: number;
  sections: ParsedSection[];
}

export interface ParseInput {
  bytes: Buffer;
  /** The client's file name: a hint only (the bytes decide), never used as a path. */
  filename?: string;
  /** The client's Content-Type: a hint only. */
  declaredType?: string;
}

export interface ParseLimits {
  /** Largest total uncompressed size of an archive-based format (DOCX). */
  maxExpandedBytes: number;
  /** Largest expansion ratio of any archive entry. */
  maxCompressionRatio: number;
  maxPages: number;
}

export interface Chunk {
  /** 0-based position in the document. */
  index: number;
  text: string;
  tokenCount: number;
  page?: number;
  pageEnd?: number;
  /** Heading path joined with ' > '. */
  heading?: string;
  /** sha256 hex of the chunk text (embedding cache key, de-duplication). */
  contentHash: string;
}

export interface ChunkOptions {
  chunkTokens: number;
  overlapTokens: number;
}

/** Turns texts into vectors. Every provider (local model, OpenAI, Google, Ollama, transformers.js) implements it. */
export interface Embedder {
  readonly dimensions: number;
  /** One vector per text, same order; texts arrive already batched by the caller or batched here. */
  embed(texts: string[]): Promise<number[][]>;
  close?(): Promise<void>;
}
