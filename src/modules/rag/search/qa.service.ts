import { Injectable } from '@nestjs/common';
import { Bus, BusError } from '@libs/bus';
import { RagError, RagErrorCode } from 'src/modules/rag/rag.errors';
import { SearchHistoryRepository } from 'src/modules/rag/search/search-history.repository';
import { type SearchFilter, type SearchHit, SearchService } from './search.service';
import { keywordTerms } from './keyword-query';

export interface AskRequest {
  collection: string;
  question: string;
  k: number;
  filter?: SearchFilter;
  /** A model provider registered with the agents module (POST /api/model-providers) and its model id. */
  model?: { provider: string; modelId: string };
}

export interface Citation {
  /** The [n] marker used in the answer. */
  n: number;
  chunkId: string;
  documentId: string;
  filename: string;
  page: number | null;
  heading: string | null;
  text: string;
  score: number;
}

export interface AnswerOutcome {
  answer: string;
  /** generative: written by the model from the passages; extractive: the best passages' best sentences (no model). */
  mode: 'generative' | 'extractive';
  citations: Citation[];
  note?: string;
  usage?: { inputTokens: number; outputTokens: number };
  latencyMs: number;
}

const SYSTEM_PROMPT =
  'You answer questions using only the numbered passages you are given. Cite every claim with the passage ' +
  'number in square brackets, like [2]. If the passages do not contain the answer, say that you do not know.';

/** Q&A over a collection: hybrid retrieval, then an answer written by a model with citations, or extracted without one. */
@Injectable()
export class QaService {
  constructor(
    private readonly search: SearchService,
    private readonly history: SearchHistoryRepository,
    private readonly bus: Bus,
  ) {}

  async ask(request: AskRequest, principalId?: string): Promise<AnswerOutcome> {
    const started = performance.now();
    const retrieved = await this.search.search(
      'hybrid',
      { collection: request.collection, query: request.question, k: request.k, filter: request.filter },
      principalId,
    );
    const passages = retrieved.results;
    let outcome: Omit<AnswerOutcome, 'latencyMs'>;
    if (!passages.length) {
      outcome = {
        answer: 'No passage in the collection matches the question.',
        mode: request.model ? 'generative' : 'extractive',
        citations: [],
      };
    } else if (request.model) {
      outcome = await this.generate(request, passages);
    } else {
      outcome = extractiveAnswer(request.question, passages);
    }
    const latencyMs = Math.round(performance.now() - started);
    await this.history.insert({
      collectionId: retrieved.collectionId,
      query: request.question.slice(0, 10_000),
      mode: 'qa',
      resultCount: outcome.citations.length,
      resultIds: outcome.citations.map((c) => c.chunkId),
      answer: outcome.answer.slice(0, 20_000),
      latencyMs,
      principalId: principalId ?? null,
    });
    return { ...outcome, latencyMs };
  }

  private async generate(request: AskRequest, passages: SearchHit[]): Promise<Omit<AnswerOutcome, 'latencyMs'>> {
    const numbered = passages
      .map((p, i) => `[${i + 1}] (${p.filename}${p.page ? `, page ${p.page}` : ''}${p.heading ? `, ${p.heading}` : ''})\n${p.text}`)
      .join('\n\n');
    const prompt = `Passages:\n\n${numbered}\n\nQuestion: ${request.question}\n\nAnswer with citations:`;
    let reply: { text: string; inputTokens: number; outputTokens: number };
    try {
      reply = await this.bus.request('agents.generate', {
        provider: request.model!.provider,
        modelId: request.model!.modelId,
        system: SYSTEM_PROMPT,
        prompt,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof BusError && /not configured|no model|MODEL_NOT_CONFIGURED/i.test(message))
        throw new RagError(RagErrorCode.MODEL_NOT_CONFIGURED, message);
      throw new RagError(RagErrorCode.MODEL_NOT_CONFIGURED, `The model could not answer: ${message}`);
    }
    const cited = new Set(
      [...reply.text.matchAll(/\[(\d{1,3})\]/g)].map((m) => Number(m[1])).filter((n) => n >= 1 && n <= passages.length),
    );
    return {
      answer: reply.text,
      mode: 'generative',
      citations: passages.map((p, i) => toCitation(p, i + 1)).filter((c) => cited.has(c.n)),
      usage: { inputTokens: reply.inputTokens, outputTokens: reply.outputTokens },
      ...(cited.size ? {} : { note: 'The model cited no passage' }),
    };
  }
}

function toCitation(p: SearchHit, n: number): Citation {
  return {
    n,
    chunkId: p.chunkId,
    documentId: p.documentId,
    filename: p.filename,
    page: p.page,
    heading: p.heading,
    text: p.text,
    score: p.score,
  };
}

/** Without a model: the sentences of the top passages that share the most terms with the question, each cited. */
export function extractiveAnswer(question: string, passages: SearchHit[], maxSentences = 3): Omit<AnswerOutcome, 'latencyMs'> {
  const terms = new Set(keywordTerms(question).flat());
  const candidates = passages.slice(0, 3).flatMap((passage, p) =>
    (passage.text.match(/[^.!?\n]+[.!?]?/g) ?? [])
      .map((sentence) => sentence.trim())
      .filter((sentence) => sentence.length > 20)
      .map((sentence, position) => {
        const words = new Set(sentence.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
        const overlap = [...terms].filter((t) => words.has(t)).length;
        return { sentence, p, position, rank: overlap - p * 0.5 - position * 0.01 };
      }),
  );
  const chosen = candidates.sort((a, b) => b.rank - a.rank).slice(0, maxSentences);
  chosen.sort((a, b) => a.p - b.p || a.position - b.position);
  const used = [...new Set(chosen.map((c) => c.p))];
  const answer = chosen.length ? chosen.map((c) => `${c.sentence} [${used.indexOf(c.p) + 1}]`).join(' ') : passages[0].text.slice(0, 500);
  const citations = (used.length ? used : [0]).map((p, i) => toCitation(passages[p], i + 1));
  return { answer, mode: 'extractive', citations, note: 'No model was given: this answer is extracted from the best-matching passages.' };
}
