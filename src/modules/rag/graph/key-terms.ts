import { FEEDBACK_STOPWORDS } from 'src/modules/rag/search/pseudo-relevance';

/**
 * Entities without a model: the key terms of a collection (single words and two-word phrases that a passage stands
 * out for, by tf-idf against the rest of the collection) and how often two of them are key terms of the same
 * passage. Deterministic for a given collection.
 */

export interface GraphOptions {
  /** Key terms kept per passage. */
  termsPerPassage: number;
  /** A term must be a key term of at least this many passages to become an entity. */
  minPassages: number;
  /** Terms in more than this share of passages say nothing about any one of them. */
  maxPassageShare: number;
  /** Strongest relations kept per entity. */
  relationsPerEntity: number;
}

export const DEFAULT_GRAPH_OPTIONS: GraphOptions = { termsPerPassage: 8, minPassages: 2, maxPassageShare: 0.1, relationsPerEntity: 20 };

export interface GraphEntity {
  name: string;
  /** Passages it is a key term of. */
  passages: number;
}

export interface GraphRelation {
  source: string;
  target: string;
  /** Passages where both are key terms. */
  weight: number;
}

/** The words of a passage worth indexing as terms: letters/digits, lower case, no stopwords, no bare numbers. */
export function contentWords(text: string): string[][] {
  // Runs of content words: a phrase never spans a stopword or punctuation that ends a clause.
  const runs: string[][] = [];
  for (const clause of text.toLowerCase().split(/[.;:!?()[\]{}"\n]+/)) {
    let run: string[] = [];
    for (const word of clause.match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? []) {
      const clean = word.replace(/['-]+$/, '');
      if (clean.length < 3 || /^[\d.,'-]+$/.test(clean) || FEEDBACK_STOPWORDS.has(clean)) {
        if (run.length) runs.push(run);
        run = [];
      } else run.push(clean);
    }
    if (run.length) runs.push(run);
  }
  return runs;
}

/** The candidate terms of a passage with their counts: each content word and each adjacent pair of them. */
export function candidateTerms(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const run of contentWords(text)) {
    run.forEach((word, i) => {
      counts.set(word, (counts.get(word) ?? 0) + 1);
      if (i > 0) {
        const phrase = `${run[i - 1]} ${word}`;
        counts.set(phrase, (counts.get(phrase) ?? 0) + 1);
      }
    });
  }
  return counts;
}

/**
 * Builds the graph from every passage of a collection, read twice (document frequencies first, then each passage's
 * key terms), so memory grows with the vocabulary and the key terms, not with the text.
 */
export async function buildGraph(
  readPassages: () => AsyncIterable<string> | Iterable<string>,
  options: GraphOptions = DEFAULT_GRAPH_OPTIONS,
): Promise<{ entities: GraphEntity[]; relations: GraphRelation[]; passages: number }> {
  const df = new Map<string, number>();
  let n = 0;
  for await (const text of readPassages()) {
    n++;
    for (const term of candidateTerms(text).keys()) df.set(term, (df.get(term) ?? 0) + 1);
  }
  // A small collection has few passages to stand out from: there, a term may be in up to ten of them.
  const maxDf = Math.max(Math.floor(n * options.maxPassageShare), Math.min(n - 1, 10));
  const keyTermsOf: string[][] = [];
  for await (const text of readPassages())
    keyTermsOf.push(
      [...candidateTerms(text).entries()]
        .filter(([term]) => {
          const f = df.get(term) ?? 0;
          return f >= options.minPassages && f <= maxDf;
        })
        // A phrase counts a little more than its words: "insulin resistance" says more than "resistance".
        .map(([term, tf]) => ({ term, score: (1 + Math.log(tf)) * Math.log(n / df.get(term)!) * (term.includes(' ') ? 1.5 : 1) }))
        .sort((a, b) => b.score - a.score || (a.term < b.term ? -1 : 1))
        .slice(0, options.termsPerPassage)
        .map((t) => t.term),
    );
  const keyCount = new Map<string, number>();
  for (const terms of keyTermsOf) for (const term of terms) keyCount.set(term, (keyCount.get(term) ?? 0) + 1);
  const entities = [...keyCount.entries()]
    .filter(([, count]) => count >= options.minPassages)
    .map(([name, count]) => ({ name, passages: count }))
    .sort((a, b) => b.passages - a.passages || (a.name < b.name ? -1 : 1));
  const isEntity = new Set(entities.map((e) => e.name));
  const pairs = new Map<string, number>();
  for (const terms of keyTermsOf) {
    const kept = terms.filter((t) => isEntity.has(t)).sort();
    for (let i = 0; i < kept.length; i++)
      for (let j = i + 1; j < kept.length; j++) {
        const key = `${kept[i]}\u0000${kept[j]}`;
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      }
  }
  // Keep each entity's strongest relations (a relation stays when either end keeps it); one shared passage is chance.
  const byEntity = new Map<string, Array<{ key: string; weight: number }>>();
  for (const [key, weight] of pairs) {
    if (weight < 2) continue;
    for (const end of key.split('\u0000')) {
      const list = byEntity.get(end) ?? [];
      list.push({ key, weight });
      byEntity.set(end, list);
    }
  }
  const kept = new Set<string>();
  for (const list of byEntity.values())
    list
      .sort((a, b) => b.weight - a.weight || (a.key < b.key ? -1 : 1))
      .slice(0, options.relationsPerEntity)
      .forEach((r) => kept.add(r.key));
  const relations = [...kept]
    .map((key) => {
      const [source, target] = key.split('\u0000');
      return { source, target, weight: pairs.get(key)! };
    })
    .sort((a, b) => b.weight - a.weight || (a.source + a.target < b.source + b.target ? -1 : 1));
  return { entities, relations, passages: n };
}
