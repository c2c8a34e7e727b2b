import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  CallToolRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  ListResourceTemplatesRequestSchema,
  SetLevelRequestSchema,
  CompleteRequestSchema,
  McpError,
  ErrorCode,
} from '@modelcontextprotocol/sdk/types.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Env } from '@libs/config';
import { jsonRpcError, JsonRpcErrorCode } from '@libs/contracts';
import { can, type Principal } from 'src/core/auth/permissions';
import { ENV } from 'src/core/env.token';
import { RequestAuthenticator } from 'src/core/auth/request-authenticator';
import { documentRawRoutes } from 'src/core/openapi';
import { PLATFORM_VERSION } from 'src/core/platform-version';
import { ToolExecutionService } from 'src/modules/tools/tool-execution.service';
import { ToolRegistryService } from 'src/modules/tools/tool-registry.service';

/** The Streamable HTTP transport's own codes (MCP SDK): a server-side refusal, and missing credentials. */
const MCP_SERVER_ERROR = -32000;
const MCP_UNAUTHORIZED = -32001;

export const MCP_PATH = '/mcp';

documentRawRoutes({
  [MCP_PATH]: {
    post: {
      tags: ['tools'],
      operationId: 'mcpStreamableHttp',
      summary: 'The platform as an MCP server (Streamable HTTP, stateless): its tools (by the caller’s permissions), resources and prompts',
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
      responses: {
        '200': {
          description: 'JSON-RPC response, as JSON or an SSE stream',
          content: { 'application/json': { schema: { type: 'object' } }, 'text/event-stream': { schema: { type: 'string' } } },
        },
        '401': { description: 'No valid credential' },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
  },
});

const PROMPTS = [
  {
    name: 'use-tool',
    description: 'Ask the assistant to solve a task with one of the platform tools',
    arguments: [
      { name: 'task', description: 'What to do', required: true },
      { name: 'tool', description: 'Tool name to prefer', required: false },
    ],
  },
];

/**
 * POST /mcp: any MCP client (IDE, desktop assistant, the official SDK) uses the platform's tools. Stateless
 * Streamable HTTP: each request gets a fresh protocol server listing only the tools the caller may run; tool
 * calls go through the same execution engine as REST (validation, permissions, timeouts, logging), with MCP
 * progress and cancellation passed through.
 */
@Injectable()
export class PlatformMcpServer implements OnModuleInit {
  private readonly logger = new Logger('PlatformMcp');

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly adapterHost: HttpAdapterHost,
    private readonly authenticator: RequestAuthenticator,
    private readonly registry: ToolRegistryService,
    private readonly execution: ToolExecutionService,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    void fastify.register(async (scope) => {
      // The SDK transport reads the body itself.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
      scope.all(MCP_PATH, (request, reply) => this.handle(request, reply));
    });
  }

  private async handle(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!this.originAllowed(request.headers.origin)) {
      // DNS rebinding / cross-site use from a browser: only the configured origins and localhost may call.
      void reply
        .status(403)
        .type('application/json')
        .send(jsonRpcError(null, MCP_SERVER_ERROR, 'Origin not allowed'));
      return;
    }
    const principal = await this.authenticator.authenticate(request.headers);
    if (!principal || !can(principal, 'tools:read')) {
      void reply
        .status(principal ? 403 : 401)
        .header('www-authenticate', 'Bearer')
        .type('application/json')
        .send(
          jsonRpcError(
            null,
            MCP_UNAUTHORIZED,
            principal ? 'Permission tools:read is required' : 'A valid access token or API key is required',
          ),
        );
      return;
    }
    if (request.method !== 'POST') {
      // Stateless server: no standalone SSE stream (GET) and no sessions to delete.
      void reply
        .status(405)
        .header('allow', 'POST')
        .send(jsonRpcError(null, MCP_SERVER_ERROR, 'Method not allowed'));
      return;
    }
    const server = this.serverFor(principal);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: false });
    reply.hijack();
    reply.raw.on('close', () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(request.raw, reply.raw);
    } catch (error) {
      this.logger.error(`MCP request failed: ${String(error)}`);
      if (!reply.raw.headersSent)
        reply.raw
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify(jsonRpcError(null, JsonRpcErrorCode.INTERNAL_ERROR, 'Internal error')));
    }
  }

  private originAllowed(origin: string | undefined): boolean {
    if (!origin) return true;
    let host: string;
    try {
      host = new URL(origin).hostname;
    } catch {
      return false;
    }
    if (['localhost', '127.0.0.1', '[::1]', '::1'].includes(host)) return true;
    const allowed = (this.env.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean);
    if (allowed.includes('*') || allowed.includes(origin)) return true;
    return Boolean(this.env.PUBLIC_URL && new URL(this.env.PUBLIC_URL).hostname === host);
  }

  private serverFor(principal: Principal): Server {
    const server = new Server(
      { name: 'agentic-ai-acceleration', version: PLATFORM_VERSION },
      {
        capabilities: { tools: {}, resources: {}, prompts: {}, logging: {}, completions: {} },
        instructions: 'Tools, knowledge, SQL and agents of an Agentic AI Acceleration platform.',
      },
    );
    const canRun = can(principal, 'tools:execute');
    server.setRequestHandler(ListToolsRequestSchema, async () => {
      const tools = canRun ? await this.registry.list({}) : [];
      const visible = [];
      for (const tool of tools) {
        const allowed = await this.registry.permissionsOf(tool.id);
        if (allowed.roles.length && !allowed.roles.includes(principal.role)) continue;
        visible.push({
          name: tool.name,
          description: tool.description,
          inputSchema: { type: 'object' as const, ...tool.inputSchema },
          ...(tool.outputSchema ? { outputSchema: { type: 'object' as const, ...tool.outputSchema } } : {}),
          ...(tool.annotations ? { annotations: tool.annotations } : {}),
        });
      }
      return { tools: visible };
    });
    server.setRequestHandler(CallToolRequestSchema, async (call, extra) => {
      const progressToken = call.params._meta?.progressToken;
      const outcome = await this.execution
        .execute(call.params.name, call.params.arguments ?? {}, {
          principal,
          signal: extra.signal,
          onProgress:
            progressToken !== undefined
              ? (progress) => void extra.sendNotification({ method: 'notifications/progress', params: { progressToken, ...progress } })
              : undefined,
        })
        .catch((error: Error & { code?: string }) => {
          if (error.code === 'TOOL_NOT_FOUND') throw new McpError(ErrorCode.InvalidParams, error.message);
          throw error;
        });
      if (!outcome.ok)
        return { isError: true, content: [{ type: 'text' as const, text: `${outcome.error!.code}: ${outcome.error!.message}` }] };
      const result = outcome.result;
      if (Array.isArray(result) && result.every((c) => c && typeof c === 'object' && 'type' in c)) return { content: result };
      const structured =
        result && typeof result === 'object' && !Array.isArray(result) ? (result as Record<string, unknown>) : { value: result };
      return { content: [{ type: 'text' as const, text: JSON.stringify(result) }], structuredContent: structured };
    });
    server.setRequestHandler(ListResourcesRequestSchema, async () => ({
      resources: (await this.registry.list({})).map((tool) => ({
        uri: `platform://tools/${encodeURIComponent(tool.name)}`,
        name: tool.name,
        description: `Schema and description of tool ${tool.name}`,
        mimeType: 'application/json',
      })),
    }));
    server.setRequestHandler(ReadResourceRequestSchema, async ({ params }) => {
      const match = /^platform:\/\/tools\/(.+)$/.exec(params.uri);
      if (!match) throw new McpError(ErrorCode.InvalidParams, `Unknown resource ${params.uri}`);
      const tool = await this.registry.get(decodeURIComponent(match[1]!)).catch(() => {
        throw new McpError(ErrorCode.InvalidParams, `Unknown resource ${params.uri}`);
      });
      const body = {
        name: tool.name,
        description: tool.description,
        origin: tool.origin,
        inputSchema: tool.inputSchema,
        outputSchema: tool.outputSchema,
      };
      return { contents: [{ uri: params.uri, mimeType: 'application/json', text: JSON.stringify(body, null, 2) }] };
    });
    server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
      resourceTemplates: [
        { uriTemplate: 'platform://tools/{name}', name: 'tool', description: 'Schema of a tool by name', mimeType: 'application/json' },
      ],
    }));
    // Stateless: each request has its own server, so the level applies to that request's log notifications only.
    server.setRequestHandler(SetLevelRequestSchema, async () => ({}));
    server.setRequestHandler(CompleteRequestSchema, async ({ params }) => {
      const prefix = String(params.argument.value ?? '').toLowerCase();
      const wantsTool = params.argument.name === 'tool' || params.argument.name === 'name';
      const names = wantsTool
        ? (await this.registry.list({})).map((tool) => tool.name).filter((name) => name.toLowerCase().startsWith(prefix))
        : [];
      return { completion: { values: names.slice(0, 100), total: names.length, hasMore: names.length > 100 } };
    });
    server.setRequestHandler(ListPromptsRequestSchema, async () => ({ prompts: PROMPTS }));
    server.setRequestHandler(GetPromptRequestSchema, async ({ params }) => {
      if (params.name !== 'use-tool') throw new McpError(ErrorCode.InvalidParams, `Unknown prompt ${params.name}`);
      const task = params.arguments?.task ?? '';
      const tool = params.arguments?.tool;
      return {
        description: 'Solve a task with the platform tools',
        messages: [
          { role: 'user' as const, content: { type: 'text' as const, text: `${task}${tool ? `\n\nPrefer the tool "${tool}".` : ''}` } },
        ],
      };
    });
    return server;
  }
}
