import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readBeirDataset, readQrels } from './beir';

const BEIR_MINI = resolve(__dirname, '../../../../test/fixtures/rag/beir-mini');

describe('readBeirDataset', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'beir-'));
    await mkdir(join(dir, 'qrels'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const write = (name: string, content: string) => writeFile(join(dir, name), content);

  it('reads corpus, judged queries and graded qrels', async () => {
    await write(
      'corpus.jsonl',
      '\uFEFF{"_id":"d1","title":"First","text":"one"}\r\n\r\n{"_id":2,"text":"two, no title"}\n{"_id":"d3","title":"Third","text":"three","metadata":{}}',
    );
    await write(
      'queries.jsonl',
      '{"_id":"q1","text":"find one","metadata":{"kind":"lexical"}}\n{"_id":"q2","text":"unjudged"}\n{"_id":3,"text":"numeric id"}\n',
    );
    await write('qrels/test.tsv', 'query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\t2\t1\n3\td3\t1\n');

    const data = await readBeirDataset(dir);
    expect(data.corpus).toEqual([
      { id: 'd1', title: 'First', text: 'one' },
      { id: '2', title: '', text: 'two, no title' },
      { id: 'd3', title: 'Third', text: 'three' },
    ]);
    expect(data.queries).toEqual([
      { id: 'q1', text: 'find one', metadata: { kind: 'lexical' } },
      { id: '3', text: 'numeric id' },
    ]);
    expect(data.qrels).toEqual(
      new Map([
        [
          'q1',
          new Map([
            ['d1', 2],
            ['2', 1],
          ]),
        ],
        ['3', new Map([['d3', 1]])],
      ]),
    );
  });

  it('reads another split', async () => {
    await write('corpus.jsonl', '{"_id":"d1","text":"one"}\n');
    await write('queries.jsonl', '{"_id":"q1","text":"a"}\n{"_id":"q2","text":"b"}\n');
    await write('qrels/dev.tsv', 'q2\td1\t1\n');
    expect((await readBeirDataset(dir, { split: 'dev' })).queries).toEqual([{ id: 'q2', text: 'b' }]);
    await expect(readBeirDataset(dir)).rejects.toThrow(/not found: .*qrels\/test\.tsv/);
  });

  it('names the file and line of malformed input', async () => {
    await write('queries.jsonl', '{"_id":"q1","text":"a"}\n');
    await write('qrels/test.tsv', 'q1\td1\t1\n');
    await write('corpus.jsonl', '{"_id":"d1","text":"one"}\n{"_id":"d2","text":\n');
    await expect(readBeirDataset(dir)).rejects.toThrow(/corpus\.jsonl:2: invalid JSON/);
    await write('corpus.jsonl', '{"_id":"d1","text":"one"}\n{"_id":"d1","text":"again"}\n');
    await expect(readBeirDataset(dir)).rejects.toThrow(/corpus\.jsonl:2: duplicate document id "d1"/);
    await write('corpus.jsonl', '{"title":"no id","text":"one"}\n');
    await expect(readBeirDataset(dir)).rejects.toThrow(/corpus\.jsonl:1: missing or invalid "_id"/);
    await write('corpus.jsonl', '["not", "an", "object"]\n');
    await expect(readBeirDataset(dir)).rejects.toThrow(/corpus\.jsonl:1: not a JSON object/);
  });
});

describe('readQrels', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qrels-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const qrelsOf = async (content: string) => {
    await writeFile(join(dir, 'q.tsv'), content);
    return readQrels(join(dir, 'q.tsv'));
  };

  it('tolerates a missing header, blank lines and CRLF', async () => {
    expect(await qrelsOf('q1\td1\t1\r\n\r\nq1\td2\t0\r\n')).toEqual(
      new Map([
        [
          'q1',
          new Map([
            ['d1', 1],
            ['d2', 0],
          ]),
        ],
      ]),
    );
  });

  it('accepts the four-column TREC layout and keeps the last grade of a repeated pair', async () => {
    expect(await qrelsOf('q1 0 d1 1\nq1 0 d1 2\n')).toEqual(new Map([['q1', new Map([['d1', 2]])]]));
  });

  it('refuses lines it cannot read', async () => {
    await expect(qrelsOf('query-id\tcorpus-id\tscore\nq1\td1\n')).rejects.toThrow(/q\.tsv:2: expected 3 or 4 columns, got 2/);
    await expect(qrelsOf('q1\td1\t1\nq1\td2\thigh\n')).rejects.toThrow(/q\.tsv:2: invalid score "high"/);
  });
});

describe('the committed beir-mini dataset', () => {
  const lines = async (file: string) => (await readFile(join(BEIR_MINI, file), 'utf8')).split('\n').filter((l) => l.trim()).length;

  it('loads completely and is internally consistent', async () => {
    const data = await readBeirDataset(BEIR_MINI);

    // Every line of every file made it through.
    expect(data.corpus).toHaveLength(await lines('corpus.jsonl'));
    expect(data.queries).toHaveLength(await lines('queries.jsonl'));
    const judgements = [...data.qrels.values()].reduce((n, judged) => n + judged.size, 0);
    expect(judgements).toBe((await lines('qrels/test.tsv')) - 1);

    expect(data.corpus.length).toBeGreaterThanOrEqual(300);
    expect(data.corpus.length).toBeLessThanOrEqual(600);
    expect(data.queries.length).toBeGreaterThanOrEqual(80);
    expect(data.queries.length).toBeLessThanOrEqual(150);

    const docIds = new Set(data.corpus.map((d) => d.id));
    expect(docIds.size).toBe(data.corpus.length);
    const queryIds = new Set(data.queries.map((q) => q.id));
    expect(queryIds.size).toBe(data.queries.length);
    expect(new Set(data.queries.map((q) => q.text)).size).toBe(data.queries.length);

    // Every judged query exists, every judged document exists, 1 to 4 relevant documents, graded 1 or 2.
    expect([...data.qrels.keys()].sort()).toEqual([...queryIds].sort());
    for (const [queryId, judged] of data.qrels) {
      expect([queryId, judged.size >= 1 && judged.size <= 4]).toEqual([queryId, true]);
      for (const [docId, grade] of judged) {
        expect(docIds.has(docId)).toBe(true);
        expect([1, 2]).toContain(grade);
      }
    }
  });

  it('has documents of 40 to 250 words and the three kinds of query', async () => {
    const data = await readBeirDataset(BEIR_MINI);
    for (const doc of data.corpus) {
      expect(doc.title).not.toBe('');
      const words = doc.text.split(/\s+/).filter(Boolean).length;
      expect(words).toBeGreaterThanOrEqual(40);
      expect(words).toBeLessThanOrEqual(250);
    }
    const kinds = new Map<unknown, number>();
    for (const q of data.queries) kinds.set(q.metadata?.kind, (kinds.get(q.metadata?.kind) ?? 0) + 1);
    expect([...kinds.keys()].sort()).toEqual(['lexical', 'mixed', 'semantic']);
    for (const count of kinds.values()) expect(count).toBeGreaterThanOrEqual(20);
  });
});
