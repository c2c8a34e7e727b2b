/** What a chunk's vector is made from: its heading path gives a short passage the context it was written in. */
export function embeddingText(chunk: { text: string; heading?: string | null }): string {
  return chunk.heading ? `${chunk.heading}\n\n${chunk.text}` : chunk.text;
}

/** What Chroma stores beside a chunk's vector: what semantic-search filters match on (see chromaWhere). */
export function vectorMetadata(
  document: { id: string; format: string | null; metadata: Record<string, string | number | boolean> | null },
  chunk: { chunkIndex: number; page?: number | null; pageEnd?: number | null; heading?: string | null },
): Record<string, string | number | boolean> {
  return {
    documentId: document.id,
    chunkIndex: chunk.chunkIndex,
    ...(document.format ? { format: document.format } : {}),
    ...(chunk.page !== undefined && chunk.page !== null ? { page: chunk.page, pageEnd: chunk.pageEnd ?? chunk.page } : {}),
    ...(chunk.heading ? { heading: chunk.heading.slice(0, 500) } : {}),
    ...Object.fromEntries(Object.entries(document.metadata ?? {}).map(([k, v]) => [`m_${k}`, v])),
  };
}
