import { useState, type FormEvent } from 'react';
import type { PlatformApi } from '@agentic/sdk';
import { api, asProblem, authFetch, call, ProblemError, socketUrl } from '../lib/api';
import { Pager, ProblemAlert, Status, useAction, useLoad } from '../lib/ui';

type SearchResult = PlatformApi.SearchResultDto;
const MODES = ['semantic', 'keyword', 'hybrid'] as const;
const LIMIT = 20;

export default function Knowledge() {
  const collections = useLoad(() => call<PlatformApi.CollectionResponseDto[]>(api.listCollections()), []);
  const [selected, setSelected] = useState('');
  const [uploads, setUploads] = useState(0);
  const collection = selected || collections.data?.[0]?.name || '';
  return (
    <section aria-labelledby="knowledge-title">
      <h1 id="knowledge-title">Knowledge</h1>
      <div className="grid two">
        <section className="card" aria-labelledby="collections-title">
          <h2 id="collections-title">Collections</h2>
          <ProblemAlert problem={collections.problem} />
          <table>
            <caption className="sr-only">Collections</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Documents</th>
                <th scope="col">Chunks</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {collections.data?.map((c) => (
                <tr key={c.id} aria-selected={c.name === collection}>
                  <th scope="row">
                    <button type="button" className="link" onClick={() => setSelected(c.name)} aria-pressed={c.name === collection}>
                      {c.name}
                    </button>
                  </th>
                  <td>{c.documentCount}</td>
                  <td>{c.chunkCount}</td>
                  <td>
                    <Status value={c.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <CreateCollection
            onCreated={(name) => {
              setSelected(name);
              collections.reload();
            }}
          />
        </section>
        {collection ? (
          <Upload
            collection={collection}
            onUploaded={() => {
              collections.reload();
              setUploads((n) => n + 1);
            }}
          />
        ) : null}
      </div>
      {collection ? <Documents collection={collection} version={uploads} /> : null}
      {collection ? <SearchPlayground collection={collection} /> : null}
    </section>
  );
}

function CreateCollection({ onCreated }: { onCreated: (name: string) => void }) {
  const [name, setName] = useState('');
  const { busy, problem, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await call(api.createCollection({ name }));
      setName('');
      onCreated(name);
    });
  };
  return (
    <form onSubmit={submit} className="row">
      <label>
        New collection
        <input required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <button type="submit" disabled={busy}>
        Create
      </button>
      <ProblemAlert problem={problem} />
    </form>
  );
}

/** Follows a document's ingestion over the WebSocket /api/documents/live until it is indexed or failed. */
function followIngestion(documentId: string, onStatus: (status: string, progress: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(socketUrl('/api/documents/live', { documentId }));
    ws.onmessage = (event) => {
      const message = JSON.parse(String(event.data)) as {
        status?: string;
        progress?: number;
        ended?: boolean;
        error?: { message: string };
      };
      if (message.error) reject(new Error(message.error.message));
      else if (message.ended) resolve();
      else if (message.status) onStatus(message.status, message.progress ?? 0);
      if (message.error || message.ended) ws.close();
    };
    ws.onerror = () => reject(new Error('The progress stream closed unexpectedly'));
  });
}

function Upload({ collection, onUploaded }: { collection: string; onUploaded: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [done, setDone] = useState<PlatformApi.DocumentResponseDto | null>(null);
  const [progress, setProgress] = useState<{ status: string; progress: number } | null>(null);
  const { busy, problem, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setDone(null);
    void run(async () => {
      // Multipart upload: the SDK types the JSON body only, so this one goes through the authenticated fetch.
      const form = new FormData();
      form.set('collection', collection);
      form.set('file', file);
      const res = await authFetch('/api/documents', { method: 'POST', body: form });
      const body = await res.json().catch(() => undefined);
      if (!res.ok) throw new ProblemError(asProblem(res.status, body));
      const queued = body as PlatformApi.DocumentResponseDto;
      setProgress({ status: queued.status, progress: 0 });
      if (queued.status !== 'indexed' && queued.status !== 'failed')
        await followIngestion(queued.id, (status, value) => setProgress({ status, progress: value }));
      setDone(await call<PlatformApi.DocumentResponseDto>(api.getDocument(queued.id)));
      setProgress(null);
      onUploaded();
    });
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="upload-title">
      <h2 id="upload-title">Upload to {collection}</h2>
      <label>
        Document (PDF, DOCX, HTML, Markdown, text, CSV, JSON)
        <input type="file" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      <ProblemAlert problem={problem} />
      <button type="submit" className="primary" disabled={busy || !file}>
        {busy ? 'Uploading…' : 'Upload'}
      </button>
      {progress ? (
        <p role="status" data-testid="upload-progress">
          <Status value={progress.status} />{' '}
          <progress max={1} value={progress.progress} aria-label={`Ingestion of ${file?.name ?? 'the document'}`} />
        </p>
      ) : null}
      {done ? (
        <p role="status" data-testid="upload-status">
          {done.filename}: <Status value={done.status} /> · {done.chunkCount} chunks{done.duplicate ? ' (already there)' : ''}
          {done.errorMessage ? <> · {done.errorMessage}</> : null}
        </p>
      ) : null}
    </form>
  );
}

function Documents({ collection, version }: { collection: string; version: number }) {
  const [offset, setOffset] = useState(0);
  const docs = useLoad(
    () => call<PlatformApi.DocumentPageDto>(api.listDocuments({ collection, limit: LIMIT, offset })),
    [collection, offset, version],
  );
  return (
    <section className="card" aria-labelledby="documents-title">
      <h2 id="documents-title">Documents in {collection}</h2>
      <ProblemAlert problem={docs.problem} />
      <ul>
        {docs.data?.items.map((d) => (
          <li key={d.id}>
            {d.title || d.filename} <Status value={d.status} /> <span className="muted small">{d.chunkCount} chunks</span>
          </li>
        ))}
      </ul>
      <button type="button" onClick={docs.reload}>
        Refresh
      </button>
      <Pager offset={offset} limit={LIMIT} total={docs.data?.total} onChange={setOffset} />
    </section>
  );
}

function SearchPlayground({ collection }: { collection: string }) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Partial<Record<(typeof MODES)[number], SearchResult>>>({});
  const { busy, problem, run } = useAction();
  const search = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const [semantic, keyword, hybrid] = await Promise.all([
        call<SearchResult>(api.semanticSearch({ collection, query, k: 5 })),
        call<SearchResult>(api.hybridSearch({ collection, query, k: 5, mode: 'keyword' })),
        call<SearchResult>(api.hybridSearch({ collection, query, k: 5, mode: 'hybrid' })),
      ]);
      setResults({ semantic, keyword, hybrid });
    });
  };
  return (
    <section className="card" aria-labelledby="search-title">
      <h2 id="search-title">Search playground</h2>
      <form className="row" role="search" onSubmit={search}>
        <label className="grow">
          Query
          <input required value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          Search
        </button>
      </form>
      <ProblemAlert problem={problem} />
      <div className="grid three">
        {MODES.map((mode) => (
          <section key={mode} aria-labelledby={`mode-${mode}`} data-mode={mode}>
            <h3 id={`mode-${mode}`}>
              {mode} {results[mode] ? <span className="muted small">{results[mode]!.latencyMs.toFixed(0)} ms</span> : null}
            </h3>
            <ol className="hits">
              {results[mode]?.results.map((hit) => (
                <li key={hit.chunkId}>
                  <span className="muted small">
                    {hit.filename}
                    {hit.page !== null ? ` · p. ${hit.page}${hit.pageEnd && hit.pageEnd !== hit.page ? `–${hit.pageEnd}` : ''}` : ''}
                    {hit.heading ? ` · ${hit.heading}` : ''} · score {hit.score.toFixed(3)}
                    {hit.semanticScore !== undefined ? ` · semantic ${hit.semanticScore.toFixed(3)}` : ''}
                    {hit.keywordScore !== undefined ? ` · keyword ${hit.keywordScore.toFixed(3)}` : ''}
                  </span>
                  <p>{hit.text.slice(0, 240)}</p>
                </li>
              ))}
            </ol>
            {results[mode] && results[mode]!.results.length === 0 ? <p className="muted">No hits.</p> : null}
          </section>
        ))}
      </div>
    </section>
  );
}
