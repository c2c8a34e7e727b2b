import { Bus } from '@libs/bus';
import type { BusPrincipal } from '@libs/contracts';
import { fetchPublic, TooManyRedirectsError, UrlNotAllowedError } from '@libs/net';
import { ToolsError, ToolsErrorCode } from 'src/modules/tools/tools.errors';
import type { JsSandbox } from './js-sandbox';

export interface ToolCallContext {
  principal?: BusPrincipal;
  agentId?: string;
  signal: AbortSignal;
  timeoutMs: number;
  maxResultBytes: number;
}

export interface BuiltinTool {
  name: string;
  description: string;
  tags: string[];
  inputSchema: Record<string, unknown>;
  run(args: Record<string, any>, context: ToolCallContext): Promise<unknown>;
}

const MAX_REDIRECTS = 3;

/** The platform's own tools. Each is a real capability; those of other modules go over the bus. */
export function builtinTools(deps: { bus: Bus; sandbox: JsSandbox; allowPrivateHttp: boolean }): BuiltinTool[] {
  return [
    {
      name: 'http_request',
      description: 'Make an HTTP request to a public URL and return status, headers and body (text).',
      tags: ['http', 'web'],
      inputSchema: {
        type: 'object',
        properties: {
          url: { type: 'string', format: 'uri', maxLength: 2048 },
          method: { type: 'string', enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'], default: 'GET' },
          headers: { type: 'object', additionalProperties: { type: 'string' }, secret: true },
          body: { type: 'string', maxLength: 1_000_000 },
        },
        required: ['url'],
        additionalProperties: false,
      },
      run: (args, context) => httpRequest(args, context, deps.allowPrivateHttp),
    },
    {
      name: 'javascript',
      description:
        'Run JavaScript in a sandbox (V8 isolate: no require, file system or network). The code is an async function body that receives `input` and returns a JSON value.',
      tags: ['code', 'sandbox'],
      inputSchema: {
        type: 'object',
        properties: { code: { type: 'string', maxLength: 100_000 }, input: {} },
        required: ['code'],
        additionalProperties: false,
      },
      run: async (args, context) => {
        const out = await deps.sandbox.run(String(args.code), args.input ?? null, context.timeoutMs);
        return { result: out.result, logs: out.logs };
      },
    },
    {
      name: 'sql_query',
      description: 'Run one read-only SQL statement on a registered database connection (SQL tool).',
      tags: ['sql', 'data'],
      inputSchema: {
        type: 'object',
        properties: {
          connectionId: { type: 'string', format: 'uuid' },
          sql: { type: 'string', maxLength: 100_000 },
          params: { type: 'array', items: { type: ['string', 'number', 'boolean', 'null'] }, maxItems: 1000 },
        },
        required: ['connectionId', 'sql'],
        additionalProperties: false,
      },
      run: (args, context) =>
        deps.bus.request(
          'sqltool.query',
          { connectionId: args.connectionId, sql: args.sql, params: args.params, principal: context.principal },
          { timeoutMs: context.timeoutMs },
        ),
    },
    {
      name: 'knowledge_search',
      description: 'Search a knowledge collection (RAG) and return the most relevant passages with their sources.',
      tags: ['rag', 'search'],
      inputSchema: {
        type: 'object',
        properties: {
          collection: { type: 'string', maxLength: 200 },
          query: { type: 'string', maxLength: 10_000 },
          k: { type: 'integer', minimum: 1, maximum: 50, default: 5 },
          mode: { type: 'string', enum: ['semantic', 'hybrid', 'keyword'], default: 'hybrid' },
        },
        required: ['collection', 'query'],
        additionalProperties: false,
      },
      run: (args, context) =>
        deps.bus.request(
          'rag.search',
          { collection: args.collection, query: args.query, k: args.k, mode: args.mode },
          { timeoutMs: context.timeoutMs },
        ),
    },
    {
      name: 'ask_agent',
      description: 'Send a message to another agent (by id, or the best agent for a capability) and return its answer.',
      tags: ['agents', 'a2a'],
      inputSchema: {
        type: 'object',
        properties: {
          agentId: { type: 'string', format: 'uuid' },
          capability: { type: 'string', maxLength: 200 },
          text: { type: 'string', maxLength: 100_000 },
        },
        required: ['text'],
        additionalProperties: false,
      },
      run: (args, context) =>
        deps.bus.request(
          'agents.send',
          { agentId: args.agentId, capability: args.capability, text: args.text, principal: context.principal },
          { timeoutMs: context.timeoutMs },
        ),
    },
  ];
}

/** fetch with the SSRF guard on the URL and on every redirect hop, and a body cap. */
async function httpRequest(args: Record<string, any>, context: ToolCallContext, allowPrivate: boolean) {
  const method = String(args.method ?? 'GET');
  const { response, url } = await fetchPublic(
    String(args.url),
    {
      method,
      headers: args.headers as Record<string, string> | undefined,
      body: method === 'GET' || method === 'HEAD' ? undefined : (args.body as string | undefined),
      signal: context.signal,
    },
    { allowPrivate, maxRedirects: MAX_REDIRECTS },
  ).catch((error: Error) => {
    if (error instanceof UrlNotAllowedError)
      throw new ToolsError(ToolsErrorCode.URL_NOT_ALLOWED, `${error.message} (TOOLS_HTTP_ALLOW_PRIVATE=true allows it)`, {
        url: error.url,
      });
    if (context.signal.aborted) throw error;
    if (error instanceof TooManyRedirectsError) throw new ToolsError(ToolsErrorCode.TOOL_FAILED, error.message);
    throw new ToolsError(
      ToolsErrorCode.TOOL_FAILED,
      `Request failed: ${error.cause instanceof Error ? error.cause.message : error.message}`,
    );
  });
  const body = await readCapped(response, context.maxResultBytes);
  return { status: response.status, headers: Object.fromEntries(response.headers), body: body.text, truncated: body.truncated, url };
}

async function readCapped(response: Response, maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  if (!response.body) return { text: '', truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
    if (size + value.length > maxBytes) {
      chunks.push(value.subarray(0, maxBytes - size));
      await reader.cancel();
      return { text: Buffer.concat(chunks).toString('utf8'), truncated: true };
    }
    chunks.push(value);
    size += value.length;
  }
}
