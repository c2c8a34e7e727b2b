/**
 * Agentic AI Acceleration
 * 0.1.0
 * DO NOT MODIFY - This file has been generated using oazapfts.
 * See https://www.npmjs.com/package/oazapfts
 */
import * as Oazapfts from "@oazapfts/runtime";
import * as QS from "@oazapfts/runtime/query";
export const defaults: Oazapfts.Defaults<Oazapfts.CustomHeaders> = {
    headers: {},
    baseUrl: "/"
};
const oazapfts = Oazapfts.runtime(defaults);
export const servers = {};
export type ProblemDetails = {
    /** Stable machine-readable code, e.g. VALIDATION_FAILED, NOT_FOUND, MODULE_UNAVAILABLE. */
    code: string;
    detail?: string;
    /** Domain-specific facts, e.g. SQL validation findings. */
    details?: {
        [key: string]: any;
    };
    /** On 500s: the id that also appears in the server log. */
    errorId?: string;
    errors?: {
        field: string;
        messages: string[];
    }[];
    instance?: string;
    status: number;
    title: string;
    "type": string;
};
export type ModelRefDto = {
    modelId: string;
    provider: string;
};
export type BroadcastDto = {
    agentIds?: string[];
    capability?: string;
    deadlineMs?: number;
    judgeAgentId?: string;
    message: string;
    model?: ModelRefDto;
    quorum?: number;
    resolution?: "none" | "majority" | "weighted" | "first-valid" | "judge" | "merge";
    schema?: {
        [key: string]: any;
    };
};
export type BallotDto = {
    agentId: string;
    error?: string;
    latencyMs: number;
    name: string;
    status: "answered" | "failed" | "timeout";
    text?: string;
};
export type BroadcastResultDto = {
    answers: BallotDto[];
    durationMs: number;
    id: string;
    outcome: "quorum-met" | "all-answered" | "deadline" | "failed";
    quorum: number;
    /** method, answer, winners, tally, reason */
    resolution?: {
        [key: string]: any;
    };
};
export type AgentCardsResponseDto = {
    /** A2A agent cards (1.0 JSON) of every registered agent */
    cards: object[];
};
export type DiscoverAgentsDto = {
    /** Capabilities every match must have (see GET /api/agents?capability=) */
    capabilities?: string[];
    /** Include remote agents that are currently failing */
    includeUnhealthy?: boolean;
    limit?: number;
    query: string;
};
export type DiscoveryMatchDto = {
    agentId: string;
    /** A2A agent card (1.0 JSON) */
    card: object;
    healthy: boolean;
    matchedSkills: string[];
    name: string;
    /** BM25 relevance of the card to the query */
    score: number;
};
export type DiscoverAgentsResponseDto = {
    matches: DiscoveryMatchDto[];
};
export type SendA2AMessageDto = {
    /** Target agent id */
    agentId?: string;
    /** Or: the best agent having this capability / matching this need */
    capability?: string;
    contextId?: string;
    data?: object;
    taskId?: string;
    text: string;
};
export type ExecutionResultDto = {
    agentId: string;
    contextId: string;
    output: string;
    /** A2A task state, e.g. completed, input-required, failed */
    state: string;
    /** The A2A task (1.0 JSON form) */
    task: object;
    taskId: string;
};
export type NetworkEdgeDto = {
    count: number;
    errorRate: number;
    kind: string;
    lastSeen: string;
    p50Ms: number;
    p95Ms: number;
    source: string;
    target: string;
};
export type NetworkNodeDto = {
    id: string;
    kind: "orchestrator" | "agent" | "module" | "process";
    label: string;
};
export type NetworkDto = {
    edges: NetworkEdgeDto[];
    nodes: NetworkNodeDto[];
    since: string;
};
export type A2ARouteRequestDto = {
    id: string | number;
    jsonrpc: "2.0";
    method: string;
    params?: {
        [key: string]: any;
    };
    target?: string;
};
export type A2ARouteResponseDto = {
    error?: {
        [key: string]: any;
    };
    id: ((string | null) | (number | null)) | null;
    jsonrpc: "2.0";
    result?: {
        [key: string]: any;
    };
};
export type A2ASqlRequestDto = {
    id: string | number;
    jsonrpc: "2.0";
    method: "query" | "ask";
    params: {
        [key: string]: any;
    };
};
export type A2ASqlResponseDto = {
    error?: {
        [key: string]: any;
    };
    id: ((string | null) | (number | null)) | null;
    jsonrpc: "2.0";
    result?: {
        [key: string]: any;
    };
};
export type A2AFlowEdgeDto = {
    count: number;
    errors: number;
    source: string;
    target: string;
};
export type A2AFlowMessageDto = {
    at: string;
    durationMs: number;
    kind: "bus-request" | "bus-event" | "a2a";
    /** Bus method or A2A operation */
    method: string;
    source: string;
    spanId?: string | null;
    status: string;
    target: string;
    traceId?: string | null;
};
export type A2AFlowDto = {
    edges: A2AFlowEdgeDto[];
    /** In time order */
    messages: A2AFlowMessageDto[];
    traceIds: string[];
};
export type AssignAgentsDto = {
    workflowId: string;
};
export type AgentAlternativeDto = {
    agentId: string;
    name: string;
    score: number;
};
export type StepAssignmentDto = {
    agentId: string | null;
    agentName: string | null;
    alternatives: AgentAlternativeDto[];
    capability: string | null;
    score: number;
    status: "fixed" | "matched" | "unmatched";
    stepId: string;
};
export type AssignmentResultDto = {
    assignments: StepAssignmentDto[];
    version: number;
    workflowId: string;
};
export type AgentLimitsDto = {
    /** Model/tool steps per run */
    maxSteps?: number;
    timeoutMs?: number;
};
export type ModelParametersDto = {
    maxOutputTokens?: number;
    temperature?: number;
    topP?: number;
};
export type AgentModelDto = {
    modelId: string;
    parameters?: ModelParametersDto;
    /** Name of a model provider (GET /api/model-providers) */
    provider: string;
};
export type AgentSkillDto = {
    description: string;
    examples?: string[];
    id: string;
    name: string;
    tags: string[];
};
export type AgentDto = {
    /** A2A endpoint (JSON-RPC); HTTP+JSON at <url>/rest; card at <url>/.well-known/agent-card.json */
    a2aUrl: string;
    brain: "llm" | "remote" | "echo" | "conformance" | "langchain" | "llamaindex" | "supervisor" | "knowledge" | "database" | "toolbox" | "coordinator" | "monitor";
    cardUrl: string | null;
    createdAt: string;
    description: string;
    id: string;
    instructions: string;
    knowledge: string[];
    limits: AgentLimitsDto;
    model: (AgentModelDto) | null;
    name: string;
    publicAccess: boolean;
    skills: AgentSkillDto[];
    sqlConnections: string[];
    tools: string[];
    updatedAt: string;
    version: number;
};
export type AgentListDto = {
    items: AgentDto[];
    total: number;
};
export type CreateAgentDto = {
    /** llm: built-in model loop; remote: an A2A agent by cardUrl */
    brain?: "llm" | "remote" | "echo" | "conformance" | "langchain" | "llamaindex" | "supervisor" | "knowledge" | "database" | "toolbox" | "coordinator" | "monitor";
    /** brain=remote: URL of the remote agent card (or its base URL) */
    cardUrl?: string;
    description?: string;
    /** System instructions of the built-in model loop */
    instructions?: string;
    /** Knowledge collections the agent may search */
    knowledge?: string[];
    limits?: AgentLimitsDto;
    model?: AgentModelDto;
    name: string;
    /** Admins only: reachable over A2A without a credential */
    publicAccess?: boolean;
    skills?: AgentSkillDto[];
    /** SQL connection ids the agent may query */
    sqlConnections?: string[];
    /** Tool ids the agent may call */
    tools?: string[];
};
export type UpdateAgentDto = {
    /** brain=remote: URL of the remote agent card (or its base URL) */
    cardUrl?: string;
    description?: string;
    /** System instructions of the built-in model loop */
    instructions?: string;
    /** Knowledge collections the agent may search */
    knowledge?: string[];
    limits?: AgentLimitsDto;
    model?: AgentModelDto;
    name?: string;
    /** Admins only: reachable over A2A without a credential */
    publicAccess?: boolean;
    skills?: AgentSkillDto[];
    /** SQL connection ids the agent may query */
    sqlConnections?: string[];
    /** Tool ids the agent may call */
    tools?: string[];
    /** Optimistic concurrency: the version you read; 409 if it changed */
    version?: number;
};
export type AgentCapabilitiesDto = {
    /** A2A capabilities of its card */
    a2a: object;
    agentId: string;
    capabilities: string[];
    knowledge: string[];
    skills: AgentSkillDto[];
    sqlConnections: string[];
    tools: string[];
};
export type CollaborateDto = {
    /** Agents to delegate to (default: discovered from the task) */
    agentIds?: string[];
    capabilities?: string[];
    contextId?: string;
    maxAgents?: number;
    /** lead: the agent in the path merges the answers */
    merge?: "concat" | "lead";
    strategy?: "parallel" | "sequential";
    task: string;
};
export type CollaborationResultDto = {
    contextId: string;
    contributions: ExecutionResultDto[];
    leadAgentId: string;
    output: string;
    state: "completed" | "partial";
    strategy: "parallel" | "sequential";
};
export type ExecuteAgentDto = {
    /** Continue a conversation (A2A contextId) */
    contextId?: string;
    data?: object;
    input: string;
    /** Answer an input-required task */
    taskId?: string;
};
export type AgentExecutionDto = {
    contextId: string | null;
    costUsd: number;
    createdAt: string;
    error: string | null;
    id: string;
    inputTokens: number;
    latencyMs: number;
    outputTokens: number;
    status: string;
    steps: object[];
    taskId: string | null;
};
export type AlertRuleDto = {
    activeSince?: string | null;
    aggregation: string;
    annotations: object;
    comparison: string;
    enabled: boolean;
    firedAt?: string | null;
    forMs: number;
    hasWebhookSecret: boolean;
    id: string;
    labels: object;
    lastEvaluatedAt?: string | null;
    lastValue?: number | null;
    metric: string;
    name: string;
    /** The same rule as PromQL (null when Prometheus has no such series) */
    promql?: string | null;
    resolvedAt?: string | null;
    series?: string | null;
    silencedUntil?: string | null;
    state: "inactive" | "pending" | "firing" | "resolved";
    threshold: number;
    webhookUrl?: string | null;
    windowMs: number;
};
export type CreateAlertRuleDto = {
    /** count, rate, ratio, sum, avg, p50, p95, p99 or max (which ones a metric takes: GET /api/alerts/metrics) */
    aggregation: string;
    annotations?: object;
    comparison: ">" | ">=" | "<" | "<=" | "==" | "!=";
    enabled?: boolean;
    /** How long the condition must hold before firing (default 0) */
    "for"?: string;
    labels?: object;
    metric: "http.requests" | "http.errors" | "http.latency_ms" | "module.requests" | "module.errors" | "module.latency_ms" | "agent.runs" | "agent.errors" | "agent.latency_ms" | "agent.cost_usd" | "model.calls" | "model.errors" | "model.latency_ms" | "model.input_tokens" | "model.output_tokens" | "model.cost_usd" | "tool.calls" | "tool.errors" | "tool.latency_ms" | "bus.requests" | "bus.errors" | "bus.latency_ms" | "process.rss_bytes" | "process.cpu_percent" | "process.event_loop_lag_ms";
    name: string;
    /** One series of the metric: a route (`GET /api/agents`), agent name, `provider/model`, tool or bus method */
    series?: string;
    threshold: number;
    /** HMAC-SHA256 key: the body is signed in X-Alert-Signature: sha256=<hex> */
    webhookSecret?: string;
    /** Notified on firing and on resolved (signed when webhookSecret is set) */
    webhookUrl?: string;
    /** Evaluation window: 10s … 7d */
    window: string;
};
export type UpdateAlertRuleDto = {
    aggregation?: string;
    annotations?: object;
    comparison?: ">" | ">=" | "<" | "<=" | "==" | "!=";
    enabled?: boolean;
    "for"?: string;
    labels?: object;
    metric?: "http.requests" | "http.errors" | "http.latency_ms" | "module.requests" | "module.errors" | "module.latency_ms" | "agent.runs" | "agent.errors" | "agent.latency_ms" | "agent.cost_usd" | "model.calls" | "model.errors" | "model.latency_ms" | "model.input_tokens" | "model.output_tokens" | "model.cost_usd" | "tool.calls" | "tool.errors" | "tool.latency_ms" | "bus.requests" | "bus.errors" | "bus.latency_ms" | "process.rss_bytes" | "process.cpu_percent" | "process.event_loop_lag_ms";
    series?: string | null;
    threshold?: number;
    webhookSecret?: string;
    webhookUrl?: string | null;
    window?: string;
};
export type AlertEventDto = {
    at: string;
    notification: string;
    state: string;
    value?: number | null;
};
export type SilenceAlertDto = {
    /** Silence notifications for this long (0s lifts a silence) */
    duration: string;
};
export type MetricCatalogueEntryDto = {
    aggregations: string[];
    description: string;
    exportsToPrometheus: boolean;
    metric: string;
};
export type AuditEventDto = {
    action: "login" | "login_failed" | "logout" | "token_reuse" | "apikey_created" | "apikey_revoked" | "user_created" | "role_changed";
    actorId: string | null;
    actorName: string | null;
    createdAt: string;
    id: string;
    ip: string | null;
    subject: string | null;
    userAgent: string | null;
};
export type AuditPageDto = {
    items: AuditEventDto[];
    total: number;
};
export type CollectionResponseDto = {
    chunkCount: number;
    chunkOverlapTokens: number;
    chunkTokens: number;
    createdAt: string;
    description: string;
    documentCount: number;
    embeddingModelId: string;
    id: string;
    lastError: string | null;
    name: string;
    status: "ready" | "reembedding";
};
export type CreateCollectionDto = {
    chunkOverlapTokens?: number;
    chunkTokens?: number;
    description?: string;
    embeddingModel?: string;
    name: string;
};
export type GraphEntityDto = {
    name: string;
    passages: number;
};
export type GraphRelationDto = {
    source: string;
    target: string;
    weight: number;
};
export type GraphDto = {
    collectionId: string;
    durationMs: number;
    entities: GraphEntityDto[];
    entityCount: number;
    error: string | null;
    passageCount: number;
    relationCount: number;
    relations: GraphRelationDto[];
    status: "none" | "building" | "ready" | "failed";
    updatedAt: string | null;
};
export type GraphSummaryDto = {
    collectionId: string;
    durationMs: number;
    entityCount: number;
    error: string | null;
    passageCount: number;
    relationCount: number;
    status: "none" | "building" | "ready" | "failed";
    updatedAt: string | null;
};
export type GraphNeighbourDto = {
    name: string;
    passages: number;
    weight: number;
};
export type NeighboursDto = {
    entity: GraphEntityDto;
    neighbours: GraphNeighbourDto[];
};
export type CoordinateDto = {
    action: "reassign" | "message" | "cancel";
    agentId?: string;
    sessionId: string;
    taskId?: string;
    text?: string;
};
export type CoordinationResultDto = {
    action: string;
    detail: string;
    /** The agent's reply to a message */
    reply?: string;
};
export type DocumentResponseDto = {
    chunkCount: number;
    collectionId: string;
    contentHash: string;
    createdAt: string;
    duplicate?: boolean;
    errorCode: string | null;
    errorMessage: string | null;
    filename: string;
    format: ("pdf" | "docx" | "html" | "markdown" | "text" | "csv" | "json") | null;
    id: string;
    indexedAt: string | null;
    language: string | null;
    metadata: {
        [key: string]: any;
    };
    mimeType: string | null;
    pages: number | null;
    progress: number;
    sizeBytes: number;
    sourceUrl: string | null;
    status: "queued" | "parsing" | "embedding" | "indexed" | "failed";
    title: string | null;
    tokenCount: number;
    updatedAt: string;
};
export type DocumentPageDto = {
    items: DocumentResponseDto[];
    total: number;
};
export type CreateDocumentDto = {
    collection: string;
    filename?: string;
    metadata?: {
        [key: string]: string | number | boolean;
    };
    text?: string;
    url?: string;
};
export type EmbeddingModelResponseDto = {
    baseUrl: string | null;
    batchSize: number;
    dimensions: number;
    hasApiKey: boolean;
    id: string;
    kind: "local" | "openai" | "openai-compatible" | "ollama" | "google" | "transformers";
    modelId: string;
    name: string;
};
export type CreateEmbeddingModelDto = {
    baseUrl?: string;
    batchSize?: number;
    dimensions: number;
    kind: "local" | "openai" | "openai-compatible" | "ollama" | "google" | "transformers";
    modelId: string;
    name: string;
};
export type CreateEmbeddingModelDtoWrite = {
    apiKey?: string;
    baseUrl?: string;
    batchSize?: number;
    dimensions: number;
    kind: "local" | "openai" | "openai-compatible" | "ollama" | "google" | "transformers";
    modelId: string;
    name: string;
};
export type OptimizeIndexDto = {
    collection?: string;
    reembedWith?: string;
};
export type ApiKeyResponseDto = {
    createdAt: string;
    id: string;
    lastUsedAt: string | null;
    name: string;
    prefix: string;
    revokedAt: string | null;
    role: "admin" | "operator" | "viewer";
    scopes: string[];
};
export type CreateApiKeyDto = {
    name: string;
    role?: "admin" | "operator" | "viewer";
    scopes?: ("services:read" | "profile:read" | "users:read" | "users:write" | "apikeys:read" | "apikeys:write" | "audit:read" | "a2a:route" | "agents:read" | "agents:write" | "agents:execute" | "agents:admin" | "orchestrator:read" | "orchestrator:write" | "rag:read" | "rag:write" | "tools:read" | "tools:write" | "tools:execute" | "sql:read" | "sql:execute" | "sql:admin" | "workflows:read" | "workflows:write" | "workflows:execute" | "observability:read" | "observability:write" | "metrics:read")[];
};
export type CreatedApiKeyDto = {
    createdAt: string;
    id: string;
    key: string;
    lastUsedAt: string | null;
    name: string;
    prefix: string;
    revokedAt: string | null;
    role: "admin" | "operator" | "viewer";
    scopes: string[];
};
export type DiscoverMcpDto = {
    /** Server id or name */
    serverId: string;
};
export type McpAuthorizationDto = {
    /** Accounts holding tokens for this server (per-user: users) */
    authorizedUsers: number;
    /** When the access token expires (it is refreshed when it does) */
    expiresAt: string | null;
    lastError: string | null;
    /** none: stdio; bearer: a static token is configured; oauth: MCP authorization */
    mode: "none" | "bearer" | "oauth";
    perUser: boolean;
    scope: string | null;
    /** Shared servers: the server. Per-user servers: the user asking */
    status: "not_required" | "needs_authorization" | "pending" | "authorized";
};
export type McpRootDto = {
    name?: string;
    /** A file:// URI */
    uri: string;
};
export type McpSamplingSettingsDto = {
    /** Allow sampling/createMessage from this server */
    enabled: boolean;
    /** Cap on one request's maxTokens */
    maxTokens?: number;
    /** Model id at that provider */
    modelId: string;
    /** Requests per minute this server may make */
    perMinute?: number;
    /** Model provider (GET /api/model-providers) that answers */
    provider: string;
};
export type DiscoveredToolRefDto = {
    id: string;
    name: string;
};
export type McpDiscoveryDto = {
    args: string[];
    authorization: McpAuthorizationDto;
    command: string | null;
    createdAt: string;
    discoveredAt: string | null;
    enabled: boolean;
    hasEnv: boolean;
    hasHeaders: boolean;
    id: string;
    lastError: string | null;
    name: string;
    perUser: boolean;
    prompts: object[];
    resources: object[];
    roots: McpRootDto[];
    /** null: sampling is refused */
    sampling: (McpSamplingSettingsDto) | null;
    serverInfo: object | null;
    status: "connected" | "connecting" | "disconnected" | "failed" | "needs_authorization";
    tools: DiscoveredToolRefDto[];
    transport: "stdio" | "streamable-http" | "sse";
    url: string | null;
};
export type McpOAuthCallbackResultDto = {
    /** The server's connection state after reconnecting with the new tokens */
    connection: string;
    serverId: string;
    serverName: string;
    status: "authorized";
};
export type McpServerDto = {
    args: string[];
    authorization: McpAuthorizationDto;
    command: string | null;
    createdAt: string;
    discoveredAt: string | null;
    enabled: boolean;
    hasEnv: boolean;
    hasHeaders: boolean;
    id: string;
    lastError: string | null;
    name: string;
    perUser: boolean;
    prompts: object[];
    resources: object[];
    roots: McpRootDto[];
    /** null: sampling is refused */
    sampling: (McpSamplingSettingsDto) | null;
    serverInfo: object | null;
    status: "connected" | "connecting" | "disconnected" | "failed" | "needs_authorization";
    transport: "stdio" | "streamable-http" | "sse";
    url: string | null;
};
export type McpOAuthSettingsDto = {
    /** A client registered beforehand with the authorization server (else dynamic registration) */
    clientId?: string;
    /** authorization_code: a person consents in the browser. client_credentials: the platform authenticates as itself */
    grant?: "authorization_code" | "client_credentials";
    /** Scope to ask for when the server names none */
    scope?: string;
    signingAlgorithm?: "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "ES512";
};
export type McpOAuthSettingsDtoWrite = {
    /** A client registered beforehand with the authorization server (else dynamic registration) */
    clientId?: string;
    /** Secret of the pre-registered client (stored encrypted) */
    clientSecret?: string;
    /** authorization_code: a person consents in the browser. client_credentials: the platform authenticates as itself */
    grant?: "authorization_code" | "client_credentials";
    /** client_credentials with private_key_jwt: PKCS#8 PEM private key (stored encrypted) */
    privateKeyPem?: string;
    /** Scope to ask for when the server names none */
    scope?: string;
    signingAlgorithm?: "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "ES512";
};
export type CreateMcpServerDto = {
    args?: string[];
    /** stdio: the program to run (admins only) */
    command?: string;
    /** Connect and discover now; false stores the server without contacting it */
    connect?: boolean;
    /** Its tools are named <name>.<tool> */
    name: string;
    /** OAuth settings (HTTP servers without bearerToken) */
    oauth?: McpOAuthSettingsDto;
    /** Each user authorizes with their own account and calls run with their own tokens */
    perUser?: boolean;
    /** Roots the server is told it may work in (default none) */
    roots?: McpRootDto[];
    /** Let the server sample the platform’s models (admins only; default: refused) */
    sampling?: McpSamplingSettingsDto;
    transport: "stdio" | "streamable-http" | "sse";
    /** streamable-http / sse: server URL */
    url?: string;
};
export type CreateMcpServerDtoWrite = {
    args?: string[];
    /** Bearer / OAuth access token (stored encrypted) */
    bearerToken?: string;
    /** stdio: the program to run (admins only) */
    command?: string;
    /** Connect and discover now; false stores the server without contacting it */
    connect?: boolean;
    /** stdio: environment of the child (stored encrypted) */
    env?: object;
    /** HTTP headers sent to the server (stored encrypted) */
    headers?: object;
    /** Its tools are named <name>.<tool> */
    name: string;
    /** OAuth settings (HTTP servers without bearerToken) */
    oauth?: McpOAuthSettingsDtoWrite;
    /** Each user authorizes with their own account and calls run with their own tokens */
    perUser?: boolean;
    /** Roots the server is told it may work in (default none) */
    roots?: McpRootDto[];
    /** Let the server sample the platform’s models (admins only; default: refused) */
    sampling?: McpSamplingSettingsDto;
    transport: "stdio" | "streamable-http" | "sse";
    /** streamable-http / sse: server URL */
    url?: string;
};
export type UpdateMcpServerDto = {
    args?: string[];
    command?: string;
    enabled?: boolean;
    /** Replaces the OAuth settings ({} clears them) */
    oauth?: McpOAuthSettingsDto;
    perUser?: boolean;
    /** Replaces the roots; connected servers get roots/list_changed. No reconnect */
    roots?: McpRootDto[];
    /** Sampling settings (admins only to enable); null refuses sampling again. No reconnect */
    sampling?: (McpSamplingSettingsDto) | null;
    url?: string;
};
export type UpdateMcpServerDtoWrite = {
    args?: string[];
    bearerToken?: string;
    command?: string;
    enabled?: boolean;
    env?: object;
    headers?: object;
    /** Replaces the OAuth settings ({} clears them) */
    oauth?: McpOAuthSettingsDtoWrite;
    perUser?: boolean;
    /** Replaces the roots; connected servers get roots/list_changed. No reconnect */
    roots?: McpRootDto[];
    /** Sampling settings (admins only to enable); null refuses sampling again. No reconnect */
    sampling?: (McpSamplingSettingsDto) | null;
    url?: string;
};
export type McpAuthorizeResultDto = {
    /** Open in a browser to consent; null when no consent is needed (client credentials) */
    authorizationUrl: string | null;
    /** When the consent must be completed by */
    expiresAt: string | null;
    status: "pending" | "authorized";
};
export type McpSamplingRequestDto = {
    createdAt: string;
    durationMs: number;
    id: string;
    inputTokens: number;
    maxTokensRequested: number;
    messageCount: number;
    /** <provider>/<modelId> */
    model: string | null;
    outcome: "completed" | "refused" | "failed";
    outputTokens: number;
    /** The user whose tool call the request came during */
    principalId: string | null;
    reason: string | null;
    serverId: string;
};
export type McpSamplingRequestPageDto = {
    items: McpSamplingRequestDto[];
    total: number;
};
export type ToolDto = {
    annotations: object | null;
    description: string;
    health: "healthy" | "unhealthy" | "unknown";
    id: string;
    inputSchema: object;
    /** What agents and MCP clients call it (MCP tools: <server>.<tool>) */
    name: string;
    origin: "builtin" | "mcp";
    outputSchema: object | null;
    serverId: string | null;
    tags: string[];
    version: string;
};
export type ModelProviderDto = {
    baseUrl: string | null;
    hasApiKey: boolean;
    id: string;
    inputCostPerMTok: number;
    kind: "openai" | "openai-compatible" | "azure" | "anthropic" | "google" | "ollama";
    name: string;
    outputCostPerMTok: number;
    source: "registered" | "environment";
};
export type CreateModelProviderDto = {
    baseUrl?: string;
    /** USD per million input tokens, for cost accounting */
    inputCostPerMTok?: number;
    kind: "openai" | "openai-compatible" | "azure" | "anthropic" | "google" | "ollama";
    name: string;
    /** USD per million output tokens */
    outputCostPerMTok?: number;
};
export type CreateModelProviderDtoWrite = {
    apiKey?: string;
    baseUrl?: string;
    /** USD per million input tokens, for cost accounting */
    inputCostPerMTok?: number;
    kind: "openai" | "openai-compatible" | "azure" | "anthropic" | "google" | "ollama";
    name: string;
    /** USD per million output tokens */
    outputCostPerMTok?: number;
};
export type UpdateModelProviderDto = {
    baseUrl?: string;
    /** USD per million input tokens, for cost accounting */
    inputCostPerMTok?: number;
    /** USD per million output tokens */
    outputCostPerMTok?: number;
};
export type UpdateModelProviderDtoWrite = {
    apiKey?: string;
    baseUrl?: string;
    /** USD per million input tokens, for cost accounting */
    inputCostPerMTok?: number;
    /** USD per million output tokens */
    outputCostPerMTok?: number;
};
export type SessionSummaryDto = {
    agents: string[];
    createdAt: string;
    goal: string;
    id: string;
    replans: number;
    status: "planning" | "running" | "succeeded" | "failed" | "canceled";
    tasks: number;
    tokensUsed: number;
    traceId: string | null;
    updatedAt: string;
};
export type SessionListDto = {
    items: SessionSummaryDto[];
    total: number;
};
export type BudgetDto = {
    maxReplans?: number;
    maxSteps?: number;
    maxTimeMs?: number;
    maxTokens?: number;
};
export type StartSessionDto = {
    agentIds?: string[];
    budget?: BudgetDto;
    capabilities?: string[];
    context?: string;
    goal: string;
    model?: ModelRefDto;
    wait?: boolean;
    waitMs?: number;
};
export type LedgerEntryDto = {
    at: string;
    detail: string;
    event: string;
};
export type LedgerDto = {
    facts: string[];
    guesses: string[];
    progress: LedgerEntryDto[];
};
export type PlannedTaskDto = {
    agentId: string | null;
    capability?: string;
    dependsOn: string[];
    id: string;
    instructions: string;
    /** The agent's answer */
    output?: object;
    state: "pending" | "assigned" | "running" | "succeeded" | "failed" | "skipped" | "canceled";
    title: string;
};
export type SessionResponseDto = {
    budget: {
        [key: string]: any;
    };
    createdAt: string;
    /** Why the session failed */
    error?: object;
    goal: string;
    id: string;
    ledger: LedgerDto;
    plan: PlannedTaskDto[];
    replans: number;
    /** Each task's answer by task id, once the session succeeded */
    result?: object;
    runId: string | null;
    status: "planning" | "running" | "succeeded" | "failed" | "canceled";
    tokensUsed: number;
    traceId: string | null;
    updatedAt: string;
    workflowId: string | null;
};
export type SearchFilterDto = {
    documentIds?: string[];
    formats?: ("pdf" | "docx" | "html" | "markdown" | "text" | "csv" | "json")[];
    metadata?: {
        [key: string]: string | number | boolean;
    };
    pageFrom?: number;
    pageTo?: number;
};
export type QueryDto = {
    collection: string;
    filter?: SearchFilterDto;
    k?: number;
    model?: ModelRefDto;
    question: string;
};
export type CitationDto = {
    chunkId: string;
    documentId: string;
    filename: string;
    heading: string | null;
    n: number;
    page: number | null;
    score: number;
    text: string;
};
export type AnswerDto = {
    answer: string;
    citations: CitationDto[];
    latencyMs: number;
    mode: "generative" | "extractive";
    note?: string;
    usage?: {
        inputTokens?: number;
        outputTokens?: number;
    };
};
export type ScheduleResponseDto = {
    catchup: "skip" | "once" | "all";
    catchupWindowMs: number;
    createdAt: string;
    cron: string;
    id: string;
    /** Input of every run (any JSON) */
    input?: object;
    name: string;
    nextFires: string[];
    overlap: "skip" | "queue" | "allow";
    paused: boolean;
    timezone: string;
    workflowId: string;
};
export type CreateScheduleDto = {
    catchup?: "skip" | "once" | "all";
    catchupWindowMs?: number;
    cron: string;
    /** Input of every run (any JSON) */
    input?: object;
    name?: string;
    overlap?: "skip" | "queue" | "allow";
    timezone?: string;
    workflowId: string;
};
export type ScheduleFireDto = {
    outcome: "started" | "skipped" | "queued";
    reason: string | null;
    runId: string | null;
    tickAt: string;
};
export type SearchFeedbackDto = {
    graphTerms?: number;
    passages?: number;
    terms?: number;
    termWeight?: number;
    vectorWeight?: number;
};
export type HybridSearchDto = {
    candidates?: number;
    collection: string;
    feedback?: SearchFeedbackDto;
    filter?: SearchFilterDto;
    k?: number;
    keywordWeight?: number;
    mode?: "hybrid" | "keyword";
    query: string;
    semanticWeight?: number;
};
export type SearchHitDto = {
    chunkId: string;
    chunkIndex: number;
    documentId: string;
    filename: string;
    heading: string | null;
    keywordScore?: number;
    page: number | null;
    pageEnd: number | null;
    score: number;
    semanticScore?: number;
    text: string;
    title: string | null;
};
export type SearchResultDto = {
    collectionId: string;
    latencyMs: number;
    mode: "semantic" | "keyword" | "hybrid";
    results: SearchHitDto[];
};
export type SemanticSearchDto = {
    collection: string;
    filter?: SearchFilterDto;
    k?: number;
    minScore?: number;
    query: string;
};
export type ModuleServiceDto = {
    lastSeen: string | null;
    name: string;
    processId: string | null;
    routePrefixes: string[];
    status: "up" | "down";
    url: string | null;
};
export type ServicesResponseDto = {
    mode: "single" | "split";
    modules: ModuleServiceDto[];
    processes: {
        [key: string]: any;
    }[];
};
export type AssignedAgentDto = {
    agentId: string;
    agentName: string;
    error: string | null;
    latencyMs: number | null;
    reason: string;
    role: string;
    score: {
        [key: string]: any;
    };
    state: "assigned" | "running" | "succeeded" | "failed" | "canceled" | "replaced";
    taskId: string;
};
export type SpanEventDto = {
    attributes?: object;
    name: string;
    timeMs: number;
};
export type SpanDto = {
    agentId?: string | null;
    attributes: object;
    durationMs: number;
    events: SpanEventDto[];
    /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer */
    kind: number;
    "module"?: string | null;
    name: string;
    operation?: string | null;
    parentSpanId?: string | null;
    resource: object;
    runId?: string | null;
    service: string;
    sessionId?: string | null;
    spanId: string;
    startMs: number;
    status: "unset" | "ok" | "error";
    statusMessage?: string | null;
    traceId: string;
};
export type SpanListDto = {
    items: SpanDto[];
    limit: number;
    offset: number;
};
export type AskModelDto = {
    modelId: string;
    provider: string;
};
export type AskSqlDto = {
    connectionId: string;
    maxAttempts?: number;
    model?: AskModelDto;
    question: string;
};
export type AskAttemptDto = {
    /** Why it was refused */
    error?: string;
    sql: string;
};
export type AskSqlResultDto = {
    attempts: AskAttemptDto[];
    columns: {
        name?: string;
        "type"?: string;
    }[];
    durationMs: number;
    explanation: string;
    rowCount: number;
    rows: any[][];
    sql: string;
    tables: string[];
    truncated: boolean;
};
export type ConnectionResponseDto = {
    createdAt: string;
    database: string | null;
    dialect: "postgres" | "mysql" | "mariadb" | "sqlite" | "mssql";
    filePath: string | null;
    hasPassword: boolean;
    host: string | null;
    id: string;
    name: string;
    poolMax: number;
    port: number | null;
    username: string | null;
    writable: boolean;
};
export type ConnectionInput = {
    database?: string;
    dialect: "postgres" | "mysql" | "mariadb" | "sqlite" | "mssql";
    filePath?: string;
    host?: string;
    name: string;
    poolMax?: number;
    port?: number;
    username?: string;
    writable?: boolean;
};
export type ConnectionInputWrite = {
    database?: string;
    dialect: "postgres" | "mysql" | "mariadb" | "sqlite" | "mssql";
    filePath?: string;
    host?: string;
    name: string;
    password?: string;
    poolMax?: number;
    port?: number;
    username?: string;
    writable?: boolean;
};
export type ConnectionTestDto = {
    latencyMs: number;
    ok: boolean;
};
export type ExecuteSqlDto = {
    connectionId: string;
    maxRows?: number;
    params?: (string | number | boolean)[];
    sql: string;
    timeoutMs?: number;
};
export type SqlColumnDto = {
    name: string;
    "type": string;
};
export type SqlResultDto = {
    affectedRows?: number;
    columns: SqlColumnDto[];
    durationMs: number;
    rowCount: number;
    rows: any[][];
    truncated: boolean;
};
export type HistoryEntryDto = {
    connectionId: string;
    createdAt: string;
    durationMs: number;
    errorCode: string | null;
    id: string;
    outcome: "ok" | "rejected" | "error" | "timeout";
    principalName: string | null;
    rowCount: number;
    sql: string;
};
export type HistoryPageDto = {
    items: HistoryEntryDto[];
    total: number;
};
export type SuggestionDto = {
    code: string;
    fix?: string;
    message: string;
    planNode?: {
        [key: string]: any;
    };
    reason: string;
};
export type OptimizeResultDto = {
    plan: {
        [key: string]: any;
    };
    suggestions: SuggestionDto[];
};
export type OptimizeBodyDto = {
    connectionId: string;
    sql: string;
};
export type ValidateSqlDto = {
    allowWrite?: boolean;
    dialect: "postgres" | "mysql" | "mariadb" | "sqlite" | "mssql";
    sql: string;
};
export type SqlFindingDto = {
    code: string;
    column?: number;
    line?: number;
    message: string;
    severity: "error" | "warning";
};
export type SqlValidationDto = {
    findings: SqlFindingDto[];
    statementType?: string;
    valid: boolean;
};
export type ExecuteToolDto = {
    /** Calling on behalf of this agent (checked against the tool allow list) */
    agentId?: string;
    /** Arguments, validated against the tool input schema */
    arguments: object;
    /** Time limit (default TOOLS_TIMEOUT_MS) */
    timeoutMs?: number;
};
export type ToolErrorDto = {
    code: string;
    details?: object;
    message: string;
};
export type ToolOutcomeDto = {
    durationMs: number;
    error?: ToolErrorDto;
    ok: boolean;
    /** The tool result (MCP: structuredContent, else content blocks) */
    result?: object;
    toolId: string;
    toolName: string;
};
export type ToolExecutionDto = {
    agentId: string | null;
    /** Arguments with secret values redacted */
    arguments: object;
    createdAt: string;
    durationMs: number;
    error: string | null;
    id: string;
    /** ok, error, invalid, denied, timeout, canceled, unavailable */
    outcome: string;
    principalId: string | null;
    resultBytes: number;
};
export type ToolHealthDto = {
    health: "healthy" | "unhealthy" | "unknown";
    id: string;
    lastError: string | null;
    name: string;
    /** MCP tools: the connection state of their server */
    serverStatus: string | null;
};
export type ToolPermissionsDto = {
    /** Agent ids allowed (empty = any agent) */
    agents: string[];
    /** Roles allowed (empty = any role with tools:execute) */
    roles: string[];
};
export type ToolSchemaDto = {
    id: string;
    inputSchema: object;
    name: string;
    outputSchema: object | null;
};
export type BatchCallDto = {
    arguments: object;
    /** Tool id or name */
    toolId: string;
};
export type BatchToolsDto = {
    calls: BatchCallDto[];
    timeoutMs?: number;
};
export type BatchResultDto = {
    failed: number;
    results: ToolOutcomeDto[];
    succeeded: number;
};
export type AnswerElicitationDto = {
    action: "accept" | "decline" | "cancel";
    /** accept: the values, checked against the requested schema */
    content?: object;
};
export type TraceSummaryDto = {
    agentIds: string[];
    /** gen_ai.usage.cost (USD) summed over model spans */
    costUsd: number;
    durationMs: number;
    errorCount: number;
    /** gen_ai.usage.input_tokens summed over model spans */
    inputTokens: number;
    modules: string[];
    outputTokens: number;
    /** Name of the root span (or the earliest span when the root is not stored) */
    rootName: string;
    services: string[];
    spanCount: number;
    startMs: number;
    traceId: string;
};
export type TraceListDto = {
    hasMore: boolean;
    items: TraceSummaryDto[];
    limit: number;
    offset: number;
};
export type SpanNodeDto = {
    agentId?: string | null;
    attributes: object;
    children: SpanNodeDto[];
    durationMs: number;
    events: SpanEventDto[];
    /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer */
    kind: number;
    "module"?: string | null;
    name: string;
    operation?: string | null;
    parentSpanId?: string | null;
    resource: object;
    runId?: string | null;
    service: string;
    sessionId?: string | null;
    spanId: string;
    startMs: number;
    status: "unset" | "ok" | "error";
    statusMessage?: string | null;
    traceId: string;
};
export type TraceDto = {
    agentIds: string[];
    /** gen_ai.usage.cost (USD) summed over model spans */
    costUsd: number;
    durationMs: number;
    errorCount: number;
    /** gen_ai.usage.input_tokens summed over model spans */
    inputTokens: number;
    modules: string[];
    outputTokens: number;
    /** Name of the root span (or the earliest span when the root is not stored) */
    rootName: string;
    /** The span tree: roots (spans whose parent is not stored) with their children */
    roots: SpanNodeDto[];
    services: string[];
    spanCount: number;
    startMs: number;
    traceId: string;
};
export type UserResponseDto = {
    createdAt: string;
    disabled: boolean;
    email: string;
    id: string;
    role: "admin" | "operator" | "viewer";
};
export type CreateUserDto = {
    email: string;
    password: string;
    role: "admin" | "operator" | "viewer";
};
export type UpdateUserDto = {
    disabled?: boolean;
    role?: "admin" | "operator" | "viewer";
};
export type WorkflowSummaryDto = {
    description: string | null;
    enabled: boolean;
    id: string;
    name: string;
    updatedAt: string;
    version: number;
};
export type WorkflowPageDto = {
    items: WorkflowSummaryDto[];
    total: number;
};
export type CreateWorkflowDto = {
    /** The DAG: { inputSchema?, steps: [{ id, kind, needs?, ...kind fields }], output?, timeoutMs?, layout? }; layout maps step ids to the canvas position { x, y } the designer drew them at (stored, ignored by the engine). */
    definition: {
        [key: string]: any;
    };
    description?: string;
    name: string;
};
export type WorkflowResponseDto = {
    createdAt: string;
    definition: {
        [key: string]: any;
    };
    description: string | null;
    enabled: boolean;
    id: string;
    name: string;
    updatedAt: string;
    version: number;
};
export type UpdateWorkflowDto = {
    /** The DAG: { inputSchema?, steps: [{ id, kind, needs?, ...kind fields }], output?, timeoutMs?, layout? }; layout maps step ids to the canvas position { x, y } the designer drew them at (stored, ignored by the engine). */
    definition: {
        [key: string]: any;
    };
    description?: string;
    name?: string;
};
export type ExecuteWorkflowDto = {
    /** Run input (any JSON) */
    input?: object;
    version?: number;
    wait?: boolean;
    waitMs?: number;
};
export type RunStartedDto = {
    runId: string;
    status: "queued" | "running" | "waiting" | "succeeded" | "failed" | "canceled";
    version: number;
    workflowId: string;
};
export type StepErrorDto = {
    code: string;
    message: string;
};
export type RunResultsDto = {
    error?: StepErrorDto;
    /** Run output (any JSON) */
    output?: object;
    runId: string;
    status: "queued" | "running" | "waiting" | "succeeded" | "failed" | "canceled";
    steps: {
        [key: string]: any;
    };
};
export type RunStepDto = {
    /** A waiting approval step: its prompt */
    approvalPrompt?: string;
    attempts: number;
    error?: StepErrorDto;
    /** The step output (any JSON) */
    output?: object;
    path: string;
    skippedBecause?: string;
    status: "pending" | "running" | "succeeded" | "failed" | "skipped" | "waiting";
    /** A waiting wait step: when it wakes (ISO 8601) */
    waitingUntil?: string;
};
export type RunResponseDto = {
    createdAt: string;
    error?: StepErrorDto;
    finishedAt: string | null;
    id: string;
    /** Run input (any JSON) */
    input?: object;
    lastSeq: number;
    /** Run output (any JSON), once succeeded */
    output?: object;
    parentRunId: string | null;
    scheduleId: string | null;
    startedAt: string | null;
    status: "queued" | "running" | "waiting" | "succeeded" | "failed" | "canceled";
    steps: RunStepDto[];
    trigger: string;
    version: number;
    workflowId: string;
};
export type WorkflowVersionDto = {
    createdAt: string;
    definition: {
        [key: string]: any;
    };
    version: number;
};
export type RunSummaryDto = {
    createdAt: string;
    finishedAt: string | null;
    id: string;
    status: "queued" | "running" | "waiting" | "succeeded" | "failed" | "canceled";
    trigger: string;
    version: number;
    workflowId: string;
};
export type RunPageDto = {
    items: RunSummaryDto[];
    total: number;
};
export type ApprovalDto = {
    approved: boolean;
    comment?: string;
};
export type RunEventDto = {
    attempt: number | null;
    createdAt: string;
    /** Event data (any JSON) */
    data?: object;
    seq: number;
    stepPath: string | null;
    "type": string;
};
export type RerunDto = {
    fromStep: string;
};
export type TemplateResponseDto = {
    builtin: boolean;
    createdAt: string;
    definition: {
        [key: string]: any;
    };
    description: string | null;
    id: string;
    name: string;
    parameters: {
        [key: string]: any;
    };
};
export type CreateTemplateDto = {
    definition: {
        [key: string]: any;
    };
    description?: string;
    name: string;
    parameters: {
        [key: string]: any;
    };
};
export type InstantiateTemplateDto = {
    description?: string;
    name: string;
    parameters: {
        [key: string]: any;
    };
};
export type ValidateWorkflowDto = {
    /** The DAG: { inputSchema?, steps: [{ id, kind, needs?, ...kind fields }], output?, timeoutMs?, layout? }; layout maps step ids to the canvas position { x, y } the designer drew them at (stored, ignored by the engine). */
    definition: {
        [key: string]: any;
    };
};
export type DefinitionIssueDto = {
    code: string;
    message: string;
    path: string;
};
export type ValidationResultDto = {
    issues: DefinitionIssueDto[];
    valid: boolean;
};
export type LoginDto = {
    email: string;
    password: string;
};
export type TokenPairDto = {
    accessToken: string;
    expiresIn: number;
    refreshToken: string;
    tokenType: "Bearer";
};
export type RefreshDto = {
    refreshToken: string;
};
export type HealthResponseDto = {
    details: {
        [key: string]: any;
    };
    error?: {
        [key: string]: any;
    };
    info?: {
        [key: string]: any;
    };
    status: "ok" | "degraded" | "error" | "shutting_down";
};
export type LivenessResponseDto = {
    processId: string;
    status: "ok";
    uptimeSeconds: number;
};
/**
 * The platform's own A2A card: its live skills; each agent has its own card under /a2a/agents/:id
 */
export function getPlatformCard(opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: object;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/.well-known/agent-card.json", {
        ...opts
    });
}
/**
 * The agent's card at its endpoint URL, where A2A 0.3 clients look (the 0.3 form; send A2A-Version: 1.0 for the 1.0 card)
 */
export function a2AEndpointCard(agentId: string, { a2AVersion }: {
    a2AVersion?: "1.0" | "0.3";
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: object;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/a2a/agents/${encodeURIComponent(agentId)}`, {
        ...opts,
        headers: oazapfts.mergeHeaders(opts?.headers, {
            "A2A-Version": a2AVersion
        })
    });
}
/**
 * A2A JSON-RPC 2.0 endpoint of one agent: SendMessage, SendStreamingMessage (SSE), GetTask, ListTasks, CancelTask, SubscribeToTask, push configs, GetExtendedAgentCard; A2A-Version: 1.0 (absent = 0.3: message/send, tasks/get, ...)
 */
export function a2AJsonRpc(agentId: string, body: {
    id?: string | number;
    jsonrpc: "2.0";
    method: string;
    params?: object;
}, { a2AVersion }: {
    a2AVersion?: "1.0" | "0.3";
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: object;
    } | {
        status: 401;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/a2a/agents/${encodeURIComponent(agentId)}`, oazapfts.json({
        ...opts,
        method: "POST",
        body,
        headers: oazapfts.mergeHeaders(opts?.headers, {
            "A2A-Version": a2AVersion
        })
    }));
}
/**
 * An agent's A2A card (1.0 form with A2A-Version: 1.0; 0.3-compatible form otherwise)
 */
export function getAgentCard(agentId: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: object;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/a2a/agents/${encodeURIComponent(agentId)}/.well-known/agent-card.json`, {
        ...opts
    });
}
/**
 * A2A HTTP+JSON binding of one agent: message:send, message:stream, tasks/{id}:cancel, tasks/{id}/pushNotificationConfigs, ... (GET tasks, tasks/{id}, extendedAgentCard)
 */
export function a2AHttpJson(agentId: string, operation: string, body?: object, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: object;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/a2a/agents/${encodeURIComponent(agentId)}/rest/${encodeURIComponent(operation)}`, oazapfts.json({
        ...opts,
        method: "POST",
        body
    }));
}
export function askOverA2A(body: {
    id: string | number;
    jsonrpc: "2.0";
    method: "ask" | "search";
    params: {
        [key: string]: any;
    };
}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/a2a/ask", oazapfts.json({
        ...opts,
        method: "POST",
        body
    }));
}
export function broadcastMessage(broadcastDto: BroadcastDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: BroadcastResultDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/a2a/broadcast", oazapfts.json({
        ...opts,
        method: "POST",
        body: broadcastDto
    }));
}
/**
 * The A2A cards of every registered agent, for discovery
 */
export function listAgentCards(opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: AgentCardsResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/a2a/cards", {
        ...opts
    });
}
/**
 * Rank agents for a need, filtered by capability and health
 */
export function discoverAgents(discoverAgentsDto: DiscoverAgentsDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: DiscoverAgentsResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/a2a/discover", oazapfts.json({
        ...opts,
        method: "POST",
        body: discoverAgentsDto
    }));
}
/**
 * Send a message to an agent by id, or to the best agent for a capability
 */
export function sendA2AMessage(sendA2AMessageDto: SendA2AMessageDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: ExecutionResultDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/a2a/message", oazapfts.json({
        ...opts,
        method: "POST",
        body: sendA2AMessageDto
    }));
}
/**
 * WebSocket: live agent messages. Upgrade with a Bearer token or ?token=, then send {"subscribe":{"agentId"|"taskId"}}
 */
export function streamA2AMessages({ agentId, taskId, token }: {
    agentId?: string;
    taskId?: string;
    token?: string;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 101;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/a2a/message/stream${QS.query(QS.explode({
        agentId,
        taskId,
        token
    }))}`, {
        ...opts
    });
}
export function getNetworkTopology({ sessionId, windowMs }: {
    sessionId?: string;
    windowMs?: number;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: NetworkDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/a2a/network${QS.query(QS.explode({
        sessionId,
        windowMs
    }))}`, {
        ...opts
    });
}
export function routeA2AMessage(a2ARouteRequestDto: A2ARouteRequestDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: A2ARouteResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/a2a/route", oazapfts.json({
        ...opts,
        method: "POST",
        body: a2ARouteRequestDto
    }));
}
export function queryOverA2A(a2ASqlRequestDto: A2ASqlRequestDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: A2ASqlResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/a2a/sql/query", oazapfts.json({
        ...opts,
        method: "POST",
        body: a2ASqlRequestDto
    }));
}
/**
 * JSON-RPC 2.0: method execute {toolId, arguments, timeoutMs?} or list {origin?, tag?}
 */
export function executeToolOverA2A(body: {
    id: any;
    jsonrpc: string;
    method: string;
    params?: object;
}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: {
            error?: object;
            id?: any;
            jsonrpc?: string;
            result?: any;
        };
    } | {
        status: number;
        data: ProblemDetails;
    }>("/a2a/tools/execute", oazapfts.json({
        ...opts,
        method: "POST",
        body
    }));
}
/**
 * The A2A message flow between agents and modules (bus messages and agent invocations), per trace, session or time window
 */
export function getA2ATraces({ $from, limit, sessionId, to, traceId }: {
    $from?: number;
    limit?: number;
    sessionId?: string;
    to?: number;
    traceId?: string;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: A2AFlowDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/a2a/traces${QS.query(QS.explode({
        "from": $from,
        limit,
        sessionId,
        to,
        traceId
    }))}`, {
        ...opts
    });
}
export function assignWorkflowAgents(assignAgentsDto: AssignAgentsDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: AssignmentResultDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/a2a/workflows/assign", oazapfts.json({
        ...opts,
        method: "POST",
        body: assignAgentsDto
    }));
}
/**
 * List agents, filtered by capabilities (all must match) and text
 */
export function listAgents({ capability, limit, offset, q }: {
    capability?: string;
    limit?: number;
    offset?: number;
    q?: string;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: AgentListDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/agents${QS.query(QS.explode({
        capability,
        limit,
        offset,
        q
    }))}`, {
        ...opts
    });
}
/**
 * Create an agent (or register a remote A2A agent by cardUrl); its A2A card is generated
 */
export function createAgent(createAgentDto: CreateAgentDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 201;
        data: AgentDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/agents", oazapfts.json({
        ...opts,
        method: "POST",
        body: createAgentDto
    }));
}
export function deleteAgent(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 204;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/agents/${encodeURIComponent(id)}`, {
        ...opts,
        method: "DELETE"
    });
}
export function getAgent(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: AgentDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/agents/${encodeURIComponent(id)}`, {
        ...opts
    });
}
/**
 * Update an agent; its A2A card is regenerated
 */
export function updateAgent(id: string, updateAgentDto: UpdateAgentDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: AgentDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/agents/${encodeURIComponent(id)}`, oazapfts.json({
        ...opts,
        method: "PUT",
        body: updateAgentDto
    }));
}
export function getAgentCapabilities(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: AgentCapabilitiesDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/agents/${encodeURIComponent(id)}/capabilities`, {
        ...opts
    });
}
/**
 * Delegate a task to several agents, gather and merge their answers
 */
export function collaborateAgents(id: string, collaborateDto: CollaborateDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: CollaborationResultDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/agents/${encodeURIComponent(id)}/collaborate`, oazapfts.json({
        ...opts,
        method: "POST",
        body: collaborateDto
    }));
}
/**
 * Run an agent on an input (an A2A task, persisted); continue with contextId or taskId
 */
export function executeAgent(id: string, executeAgentDto: ExecuteAgentDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: ExecutionResultDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/agents/${encodeURIComponent(id)}/execute`, oazapfts.json({
        ...opts,
        method: "POST",
        body: executeAgentDto
    }));
}
/**
 * Recent runs of an agent with their steps, tokens, latency and cost
 */
export function listAgentExecutions(id: string, { limit }: {
    limit?: number;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: AgentExecutionDto[];
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/agents/${encodeURIComponent(id)}/executions${QS.query(QS.explode({
        limit
    }))}`, {
        ...opts
    });
}
/**
 * Re-read a remote agent card
 */
export function refreshAgent(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: AgentDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/agents/${encodeURIComponent(id)}/refresh`, {
        ...opts,
        method: "POST"
    });
}
/**
 * Alert rules with their state (filter state=firing for active alerts)
 */
export function listAlerts({ state }: {
    state?: "inactive" | "pending" | "firing" | "resolved";
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: AlertRuleDto[];
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/alerts${QS.query(QS.explode({
        state
    }))}`, {
        ...opts
    });
}
/**
 * Create an alert rule: metric, aggregation, window, comparison, threshold, for, labels, annotations, webhook
 */
export function createAlert(createAlertRuleDto: CreateAlertRuleDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 201;
        data: AlertRuleDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/alerts", oazapfts.json({
        ...opts,
        method: "POST",
        body: createAlertRuleDto
    }));
}
export function deleteAlert(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 204;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/alerts/${encodeURIComponent(id)}`, {
        ...opts,
        method: "DELETE"
    });
}
export function getAlert(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: AlertRuleDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/alerts/${encodeURIComponent(id)}`, {
        ...opts
    });
}
export function updateAlert(id: string, updateAlertRuleDto: UpdateAlertRuleDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: AlertRuleDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/alerts/${encodeURIComponent(id)}`, oazapfts.json({
        ...opts,
        method: "PATCH",
        body: updateAlertRuleDto
    }));
}
/**
 * The rule’s state changes and what each notification did, newest first
 */
export function listAlertEvents(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: AlertEventDto[];
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/alerts/${encodeURIComponent(id)}/events`, {
        ...opts
    });
}
/**
 * Silence the rule’s notifications for a while (it still changes state); 0s lifts the silence
 */
export function silenceAlert(id: string, silenceAlertDto: SilenceAlertDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: AlertRuleDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/alerts/${encodeURIComponent(id)}/silence`, oazapfts.json({
        ...opts,
        method: "POST",
        body: silenceAlertDto
    }));
}
/**
 * The metrics a rule can use, with their aggregations
 */
export function listAlertMetrics(opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: MetricCatalogueEntryDto[];
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/alerts/metrics", {
        ...opts
    });
}
/**
 * The rules as a Prometheus rule file (promtool check rules passes), for running them in Prometheus
 */
export function exportAlertRules(opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: string;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/alerts/prometheus-rules", {
        ...opts
    });
}
export function listAuditEvents({ action, limit, offset }: {
    action?: "login" | "login_failed" | "logout" | "token_reuse" | "apikey_created" | "apikey_revoked" | "user_created" | "role_changed";
    limit?: number;
    offset?: number;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: AuditPageDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/audit${QS.query(QS.explode({
        action,
        limit,
        offset
    }))}`, {
        ...opts
    });
}
export function listCollections(opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: CollectionResponseDto[];
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/collections", {
        ...opts
    });
}
export function createCollection(createCollectionDto: CreateCollectionDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 201;
        data: CollectionResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/collections", oazapfts.json({
        ...opts,
        method: "POST",
        body: createCollectionDto
    }));
}
export function deleteCollection(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 204;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/collections/${encodeURIComponent(id)}`, {
        ...opts,
        method: "DELETE"
    });
}
export function getCollection(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: CollectionResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/collections/${encodeURIComponent(id)}`, {
        ...opts
    });
}
export function getGraph(id: string, { limit, q }: {
    limit?: number;
    q?: string;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: GraphDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/collections/${encodeURIComponent(id)}/graph${QS.query(QS.explode({
        limit,
        q
    }))}`, {
        ...opts
    });
}
export function buildGraph(id: string, { wait }: {
    wait?: boolean;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 202;
        data: GraphSummaryDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/collections/${encodeURIComponent(id)}/graph${QS.query(QS.explode({
        wait
    }))}`, {
        ...opts,
        method: "POST"
    });
}
export function getGraphNeighbours(id: string, entity: string, { limit }: {
    limit?: number;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: NeighboursDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/collections/${encodeURIComponent(id)}/graph/neighbours${QS.query(QS.explode({
        entity,
        limit
    }))}`, {
        ...opts
    });
}
export function coordinateAgents(coordinateDto: CoordinateDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: CoordinationResultDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/coordinate", oazapfts.json({
        ...opts,
        method: "POST",
        body: coordinateDto
    }));
}
/**
 * What a console home page needs in one call: health, last-hour traffic and agent figures, processes, firing alerts
 */
export function getDashboardMetrics(opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: object;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/dashboard/metrics", {
        ...opts
    });
}
export function listDocuments({ collection, limit, offset, q, status }: {
    collection?: string;
    limit?: number;
    offset?: number;
    q?: string;
    status?: "queued" | "parsing" | "embedding" | "indexed" | "failed";
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: DocumentPageDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/documents${QS.query(QS.explode({
        collection,
        limit,
        offset,
        q,
        status
    }))}`, {
        ...opts
    });
}
/**
 * Add a document to a collection: a multipart upload (fields collection, metadata as JSON, file), or JSON with a url or inline text. Answers 202 with the queued document (200 with duplicate: true for bytes already in the collection); ?wait=true answers once it is indexed or failed.
 */
export function createDocument(body: CreateDocumentDto | {
    collection: string;
    file: Blob;
    /** JSON object */
    metadata?: string;
}, { wait }: {
    wait?: boolean;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: DocumentResponseDto;
    } | {
        status: 202;
        data: DocumentResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/documents${QS.query(QS.explode({
        wait
    }))}`, oazapfts.json({
        ...opts,
        method: "POST",
        body
    }));
}
export function deleteDocument(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 204;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/documents/${encodeURIComponent(id)}`, {
        ...opts,
        method: "DELETE"
    });
}
export function getDocument(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: DocumentResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/documents/${encodeURIComponent(id)}`, {
        ...opts
    });
}
export function listDocumentChunks(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/documents/${encodeURIComponent(id)}/chunks`, {
        ...opts
    });
}
export function streamDocumentEvents(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/documents/${encodeURIComponent(id)}/events`, {
        ...opts
    });
}
export function getDocumentInsights(id: string, { model }: {
    model?: string;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/documents/${encodeURIComponent(id)}/insights${QS.query(QS.explode({
        model
    }))}`, {
        ...opts
    });
}
export function reindexDocument(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 202;
        data: DocumentResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/documents/${encodeURIComponent(id)}/reindex`, {
        ...opts,
        method: "POST"
    });
}
/**
 * WebSocket: ingestion progress. Upgrade with a Bearer token or ?token=, then send {"subscribe":{"documentId"}} or {"subscribe":{"collection"}} (id or name)
 */
export function streamDocumentStatus({ collection, documentId, token }: {
    collection?: string;
    documentId?: string;
    token?: string;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 101;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/documents/live${QS.query(QS.explode({
        collection,
        documentId,
        token
    }))}`, {
        ...opts
    });
}
export function listEmbeddingModels(opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: EmbeddingModelResponseDto[];
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/embedding-models", {
        ...opts
    });
}
export function createEmbeddingModel(createEmbeddingModelDto: CreateEmbeddingModelDtoWrite, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 201;
        data: EmbeddingModelResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/embedding-models", oazapfts.json({
        ...opts,
        method: "POST",
        body: createEmbeddingModelDto
    }));
}
export function deleteEmbeddingModel(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 204;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/embedding-models/${encodeURIComponent(id)}`, {
        ...opts,
        method: "DELETE"
    });
}
/**
 * Every module and dependency across all processes: status, hosting processes with uptime and resources, last failure
 */
export function getServicesHealth(opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: object;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/health/services", {
        ...opts
    });
}
export function optimizeIndex(optimizeIndexDto: OptimizeIndexDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/index/optimize", oazapfts.json({
        ...opts,
        method: "POST",
        body: optimizeIndexDto
    }));
}
export function listApiKeys(opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: ApiKeyResponseDto[];
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/keys", {
        ...opts
    });
}
export function createApiKey(createApiKeyDto: CreateApiKeyDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 201;
        data: CreatedApiKeyDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/keys", oazapfts.json({
        ...opts,
        method: "POST",
        body: createApiKeyDto
    }));
}
export function revokeApiKey(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 204;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/keys/${encodeURIComponent(id)}`, {
        ...opts,
        method: "DELETE"
    });
}
/**
 * List a server's tools, resources and prompts now and update the registry
 */
export function discoverMcpServer(discoverMcpDto: DiscoverMcpDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: McpDiscoveryDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/mcp/discover", oazapfts.json({
        ...opts,
        method: "POST",
        body: discoverMcpDto
    }));
}
/**
 * Where the authorization server sends the browser back: checks the state (single use, expiring, bound to who started it), exchanges the code, stores the tokens and reconnects. HTML for browsers, JSON otherwise
 */
export function mcpOAuthCallback(state: string, { code, error, errorDescription, errorUri, iss }: {
    code?: string;
    error?: string;
    errorDescription?: string;
    errorUri?: string;
    iss?: string;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: McpOAuthCallbackResultDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/mcp/oauth/callback${QS.query(QS.explode({
        code,
        error,
        error_description: errorDescription,
        error_uri: errorUri,
        iss,
        state
    }))}`, {
        ...opts
    });
}
/**
 * This platform's OAuth client metadata document (used as client_id where servers support URL-based client ids)
 */
export function mcpOAuthClientMetadata(opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: object;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/mcp/oauth/client-metadata.json", {
        ...opts
    });
}
/**
 * Registered MCP servers with their live connection state and authorization state
 */
export function listMcpServers(opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: McpServerDto[];
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/mcp/servers", {
        ...opts
    });
}
/**
 * Register an MCP server (stdio: admins only); it is connected and its tools discovered at once. A server that asks for OAuth is kept with status needs_authorization
 */
export function createMcpServer(createMcpServerDto: CreateMcpServerDtoWrite, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 201;
        data: McpServerDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/mcp/servers", oazapfts.json({
        ...opts,
        method: "POST",
        body: createMcpServerDto
    }));
}
export function deleteMcpServer(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 204;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/mcp/servers/${encodeURIComponent(id)}`, {
        ...opts,
        method: "DELETE"
    });
}
export function getMcpServer(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: McpServerDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/mcp/servers/${encodeURIComponent(id)}`, {
        ...opts
    });
}
export function updateMcpServer(id: string, updateMcpServerDto: UpdateMcpServerDtoWrite, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: McpServerDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/mcp/servers/${encodeURIComponent(id)}`, oazapfts.json({
        ...opts,
        method: "PUT",
        body: updateMcpServerDto
    }));
}
/**
 * Disconnect: forget the OAuth tokens of a server (shared: needs tools:write; per-user: your own) and close its connection; the client registration is kept for the next authorization
 */
export function forgetMcpAuthorization(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 204;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/mcp/servers/${encodeURIComponent(id)}/authorization`, {
        ...opts,
        method: "DELETE"
    });
}
/**
 * Start OAuth authorization of a server (shared: needs tools:write; per-user: for yourself). Open authorizationUrl in a browser; the authorization server returns to /api/mcp/oauth/callback
 */
export function authorizeMcpServer(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: McpAuthorizeResultDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/mcp/servers/${encodeURIComponent(id)}/authorize`, {
        ...opts,
        method: "POST"
    });
}
/**
 * Sampling requests the server made (answered, refused or failed), newest first, with their token use
 */
export function listMcpSamplingRequests(id: string, { limit, offset }: {
    limit?: number;
    offset?: number;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: McpSamplingRequestPageDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/mcp/servers/${encodeURIComponent(id)}/sampling-requests${QS.query(QS.explode({
        limit,
        offset
    }))}`, {
        ...opts
    });
}
/**
 * Tools discovered on MCP servers
 */
export function listMcpTools(opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: ToolDto[];
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/mcp/tools", {
        ...opts
    });
}
/**
 * Metrics as JSON: request, error, latency (p50/p95/p99), token and cost series per route, module, agent, model, tool and bus method, rolled up at 10s/1m/1h; CPU, memory and event-loop lag per process; span queue depths. Prometheus text stays at /metrics.
 */
export function getMetrics({ $from, kind, name, resolution, to }: {
    $from?: number;
    kind?: "http" | "module" | "agent" | "model" | "tool" | "bus";
    name?: string;
    resolution?: "10s" | "1m" | "1h";
    to?: number;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: object;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/metrics${QS.query(QS.explode({
        "from": $from,
        kind,
        name,
        resolution,
        to
    }))}`, {
        ...opts
    });
}
/**
 * Model providers: registered ones and those implied by OPENAI_API_KEY, ANTHROPIC_API_KEY, ...
 */
export function listModelProviders(opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: ModelProviderDto[];
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/model-providers", {
        ...opts
    });
}
/**
 * Register a model provider (API key stored encrypted)
 */
export function createModelProvider(createModelProviderDto: CreateModelProviderDtoWrite, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 201;
        data: ModelProviderDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/model-providers", oazapfts.json({
        ...opts,
        method: "POST",
        body: createModelProviderDto
    }));
}
export function deleteModelProvider(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 204;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/model-providers/${encodeURIComponent(id)}`, {
        ...opts,
        method: "DELETE"
    });
}
export function updateModelProvider(id: string, updateModelProviderDto: UpdateModelProviderDtoWrite, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: ModelProviderDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/model-providers/${encodeURIComponent(id)}`, oazapfts.json({
        ...opts,
        method: "PUT",
        body: updateModelProviderDto
    }));
}
export function listOrchestrations({ limit, offset, status }: {
    limit?: number;
    offset?: number;
    status?: "planning" | "running" | "succeeded" | "failed" | "canceled";
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: SessionListDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/orchestrate${QS.query(QS.explode({
        limit,
        offset,
        status
    }))}`, {
        ...opts
    });
}
export function startOrchestration(startSessionDto: StartSessionDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 201;
        data: SessionResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/orchestrate", oazapfts.json({
        ...opts,
        method: "POST",
        body: startSessionDto
    }));
}
export function getOrchestration(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: SessionResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/orchestrate/${encodeURIComponent(id)}`, {
        ...opts
    });
}
export function cancelOrchestration(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: SessionResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/orchestrate/${encodeURIComponent(id)}/cancel`, {
        ...opts,
        method: "POST"
    });
}
/**
 * Performance analytics from stored spans: p50/p95/p99, error rate and count per route, module, agent, model, tool and bus method, against the previous window; slowest traces
 */
export function getPerformance({ windowMs }: {
    windowMs?: number;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: object;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/performance${QS.query(QS.explode({
        windowMs
    }))}`, {
        ...opts
    });
}
export function queryKnowledge(queryDto: QueryDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: AnswerDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/query", oazapfts.json({
        ...opts,
        method: "POST",
        body: queryDto
    }));
}
export function listSchedules({ workflowId }: {
    workflowId?: string;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: ScheduleResponseDto[];
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/schedules${QS.query(QS.explode({
        workflowId
    }))}`, {
        ...opts
    });
}
export function createSchedule(createScheduleDto: CreateScheduleDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 201;
        data: ScheduleResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/schedules", oazapfts.json({
        ...opts,
        method: "POST",
        body: createScheduleDto
    }));
}
export function deleteSchedule(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 204;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/schedules/${encodeURIComponent(id)}`, {
        ...opts,
        method: "DELETE"
    });
}
export function getSchedule(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: ScheduleResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/schedules/${encodeURIComponent(id)}`, {
        ...opts
    });
}
export function listScheduleFires(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: ScheduleFireDto[];
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/schedules/${encodeURIComponent(id)}/fires`, {
        ...opts
    });
}
export function pauseSchedule(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: ScheduleResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/schedules/${encodeURIComponent(id)}/pause`, {
        ...opts,
        method: "POST"
    });
}
export function resumeSchedule(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: ScheduleResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/schedules/${encodeURIComponent(id)}/resume`, {
        ...opts,
        method: "POST"
    });
}
export function listSearchHistory({ collection, limit }: {
    collection?: string;
    limit?: number;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/search/history${QS.query(QS.explode({
        collection,
        limit
    }))}`, {
        ...opts
    });
}
export function hybridSearch(hybridSearchDto: HybridSearchDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: SearchResultDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/search/hybrid", oazapfts.json({
        ...opts,
        method: "POST",
        body: hybridSearchDto
    }));
}
export function semanticSearch(semanticSearchDto: SemanticSearchDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: SearchResultDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/search/semantic", oazapfts.json({
        ...opts,
        method: "POST",
        body: semanticSearchDto
    }));
}
export function listServices(opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: ServicesResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/services", {
        ...opts
    });
}
export function listSessionAgents(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: AssignedAgentDto[];
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/sessions/${encodeURIComponent(id)}/agents`, {
        ...opts
    });
}
/**
 * Search spans (the same filters as traces, traceId included); newest first
 */
export function listSpans({ agentId, attr, $from, limit, maxDurationMs, minDurationMs, $module, name, offset, operation, runId, sessionId, status, to, traceId }: {
    agentId?: string;
    attr?: string[];
    $from?: number;
    limit?: number;
    maxDurationMs?: number;
    minDurationMs?: number;
    $module?: string;
    name?: string;
    offset?: number;
    operation?: string;
    runId?: string;
    sessionId?: string;
    status?: "unset" | "ok" | "error";
    to?: number;
    traceId?: string;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: SpanListDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/spans${QS.query(QS.explode({
        agentId,
        attr,
        "from": $from,
        limit,
        maxDurationMs,
        minDurationMs,
        "module": $module,
        name,
        offset,
        operation,
        runId,
        sessionId,
        status,
        to,
        traceId
    }))}`, {
        ...opts
    });
}
/**
 * One span with its attributes, events and resource
 */
export function getSpan(spanId: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: SpanDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/spans/${encodeURIComponent(spanId)}`, {
        ...opts
    });
}
export function askSql(askSqlDto: AskSqlDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: AskSqlResultDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/sql/ask", oazapfts.json({
        ...opts,
        method: "POST",
        body: askSqlDto
    }));
}
export function listSqlConnections(opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: ConnectionResponseDto[];
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/sql/connections", {
        ...opts
    });
}
export function createSqlConnection(connectionInput: ConnectionInputWrite, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 201;
        data: ConnectionResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/sql/connections", oazapfts.json({
        ...opts,
        method: "POST",
        body: connectionInput
    }));
}
export function deleteSqlConnection(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 204;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/sql/connections/${encodeURIComponent(id)}`, {
        ...opts,
        method: "DELETE"
    });
}
export function getSqlConnection(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: ConnectionResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/sql/connections/${encodeURIComponent(id)}`, {
        ...opts
    });
}
export function updateSqlConnection(id: string, connectionInput: ConnectionInputWrite, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: ConnectionResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/sql/connections/${encodeURIComponent(id)}`, oazapfts.json({
        ...opts,
        method: "PUT",
        body: connectionInput
    }));
}
export function testSqlConnection(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: ConnectionTestDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/sql/connections/${encodeURIComponent(id)}/test`, {
        ...opts,
        method: "POST"
    });
}
export function executeSql(executeSqlDto: ExecuteSqlDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: SqlResultDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/sql/execute", oazapfts.json({
        ...opts,
        method: "POST",
        body: executeSqlDto
    }));
}
export function listSqlHistory({ connectionId, limit, offset, outcome }: {
    connectionId?: string;
    limit?: number;
    offset?: number;
    outcome?: "ok" | "rejected" | "error" | "timeout";
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: HistoryPageDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/sql/history${QS.query(QS.explode({
        connectionId,
        limit,
        offset,
        outcome
    }))}`, {
        ...opts
    });
}
export function getSqlAdvice(connectionId: string, sql: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: OptimizeResultDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/sql/optimize${QS.query(QS.explode({
        connectionId,
        sql
    }))}`, {
        ...opts
    });
}
export function postSqlAdvice(optimizeBodyDto: OptimizeBodyDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: OptimizeResultDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/sql/optimize", oazapfts.json({
        ...opts,
        method: "POST",
        body: optimizeBodyDto
    }));
}
export function listSqlPerformance({ connectionId, limit, offset, outcome }: {
    connectionId?: string;
    limit?: number;
    offset?: number;
    outcome?: "ok" | "rejected" | "error" | "timeout";
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/sql/performance${QS.query(QS.explode({
        connectionId,
        limit,
        offset,
        outcome
    }))}`, {
        ...opts
    });
}
export function getSqlSchema(connectionId: string, { refresh }: {
    refresh?: boolean;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/sql/schema${QS.query(QS.explode({
        connectionId,
        refresh
    }))}`, {
        ...opts
    });
}
export function validateSql(validateSqlDto: ValidateSqlDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: SqlValidationDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/sql/validate", oazapfts.json({
        ...opts,
        method: "POST",
        body: validateSqlDto
    }));
}
/**
 * Built-in and MCP tools in one list, filtered by origin, tag, health or text
 */
export function listTools({ health, origin, q, tag }: {
    health?: "healthy" | "unhealthy" | "unknown";
    origin?: "builtin" | "mcp";
    q?: string;
    tag?: string;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: ToolDto[];
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/tools${QS.query(QS.explode({
        health,
        origin,
        q,
        tag
    }))}`, {
        ...opts
    });
}
export function getTool(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: ToolDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/tools/${encodeURIComponent(id)}`, {
        ...opts
    });
}
/**
 * Call a tool. With Accept: text/event-stream, MCP progress arrives as `progress` events, an MCP server's request for input as an `elicitation` event (answer it with POST /api/tools/elicitations/:id; unanswered it is declined after MCP_ELICITATION_TIMEOUT_MS), and the outcome as a `result` event. Without the stream such requests are declined
 */
export function executeTool(id: string, executeToolDto: ExecuteToolDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: ToolOutcomeDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/tools/${encodeURIComponent(id)}/execute`, oazapfts.json({
        ...opts,
        method: "POST",
        body: executeToolDto
    }));
}
/**
 * Recent calls of a tool (arguments with secrets redacted)
 */
export function listToolExecutions(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: ToolExecutionDto[];
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/tools/${encodeURIComponent(id)}/executions`, {
        ...opts
    });
}
/**
 * Health of a tool (MCP tools: the live state of their server connection)
 */
export function getToolHealth(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: ToolHealthDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/tools/${encodeURIComponent(id)}/health`, {
        ...opts
    });
}
/**
 * Restrict a tool to roles and agents (admins only)
 */
export function setToolPermissions(id: string, toolPermissionsDto: ToolPermissionsDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: ToolPermissionsDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/tools/${encodeURIComponent(id)}/permissions`, oazapfts.json({
        ...opts,
        method: "PUT",
        body: toolPermissionsDto
    }));
}
/**
 * Input and output JSON schemas of a tool
 */
export function getToolSchema(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: ToolSchemaDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/tools/${encodeURIComponent(id)}/schema`, {
        ...opts
    });
}
/**
 * Run many tool calls (at most TOOLS_BATCH_CONCURRENCY at once); each item has its own outcome
 */
export function batchTools(batchToolsDto: BatchToolsDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: BatchResultDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/tools/batch", oazapfts.json({
        ...opts,
        method: "POST",
        body: batchToolsDto
    }));
}
/**
 * Answer an MCP server's request for input (the `elicitation` event of a streamed call): accept with content matching requestedSchema (its defaults fill omitted fields), decline or cancel
 */
export function answerElicitation(id: string, answerElicitationDto: AnswerElicitationDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 204;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/tools/elicitations/${encodeURIComponent(id)}`, oazapfts.json({
        ...opts,
        method: "POST",
        body: answerElicitationDto
    }));
}
/**
 * Search traces: by module, operation, agent, session, run, status, span duration, time range and attributes; newest first
 */
export function listTraces({ agentId, attr, $from, limit, maxDurationMs, minDurationMs, $module, name, offset, operation, runId, sessionId, status, to, traceId }: {
    agentId?: string;
    attr?: string[];
    $from?: number;
    limit?: number;
    maxDurationMs?: number;
    minDurationMs?: number;
    $module?: string;
    name?: string;
    offset?: number;
    operation?: string;
    runId?: string;
    sessionId?: string;
    status?: "unset" | "ok" | "error";
    to?: number;
    traceId?: string;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: TraceListDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/traces${QS.query(QS.explode({
        agentId,
        attr,
        "from": $from,
        limit,
        maxDurationMs,
        minDurationMs,
        "module": $module,
        name,
        offset,
        operation,
        runId,
        sessionId,
        status,
        to,
        traceId
    }))}`, {
        ...opts
    });
}
/**
 * Every stored span of one trace, as a tree, with token and cost totals
 */
export function getTrace(traceId: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: TraceDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/traces/${encodeURIComponent(traceId)}`, {
        ...opts
    });
}
export function listUsers(opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: UserResponseDto[];
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/users", {
        ...opts
    });
}
export function createUser(createUserDto: CreateUserDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 201;
        data: UserResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/users", oazapfts.json({
        ...opts,
        method: "POST",
        body: createUserDto
    }));
}
export function updateUser(id: string, updateUserDto: UpdateUserDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: UserResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/users/${encodeURIComponent(id)}`, oazapfts.json({
        ...opts,
        method: "PATCH",
        body: updateUserDto
    }));
}
export function listWorkflows({ enabled, limit, offset, search }: {
    enabled?: boolean;
    limit?: number;
    offset?: number;
    search?: string;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: WorkflowPageDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/workflows${QS.query(QS.explode({
        enabled,
        limit,
        offset,
        search
    }))}`, {
        ...opts
    });
}
export function createWorkflow(createWorkflowDto: CreateWorkflowDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 201;
        data: WorkflowResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/workflows", oazapfts.json({
        ...opts,
        method: "POST",
        body: createWorkflowDto
    }));
}
export function deleteWorkflow(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 204;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/workflows/${encodeURIComponent(id)}`, {
        ...opts,
        method: "DELETE"
    });
}
export function getWorkflow(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: WorkflowResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/workflows/${encodeURIComponent(id)}`, {
        ...opts
    });
}
export function updateWorkflow(id: string, updateWorkflowDto: UpdateWorkflowDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: WorkflowResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/workflows/${encodeURIComponent(id)}`, oazapfts.json({
        ...opts,
        method: "PUT",
        body: updateWorkflowDto
    }));
}
export function disableWorkflow(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: WorkflowResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/workflows/${encodeURIComponent(id)}/disable`, {
        ...opts,
        method: "POST"
    });
}
export function enableWorkflow(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: WorkflowResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/workflows/${encodeURIComponent(id)}/enable`, {
        ...opts,
        method: "POST"
    });
}
export function executeWorkflow(id: string, executeWorkflowDto: ExecuteWorkflowDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: RunStartedDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/workflows/${encodeURIComponent(id)}/execute`, oazapfts.json({
        ...opts,
        method: "POST",
        body: executeWorkflowDto
    }));
}
export function getWorkflowResults(id: string, { runId }: {
    runId?: string;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: RunResultsDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/workflows/${encodeURIComponent(id)}/results${QS.query(QS.explode({
        runId
    }))}`, {
        ...opts
    });
}
export function getWorkflowStatus(id: string, { runId }: {
    runId?: string;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: RunResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/workflows/${encodeURIComponent(id)}/status${QS.query(QS.explode({
        runId
    }))}`, {
        ...opts
    });
}
export function listWorkflowVersions(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: WorkflowVersionDto[];
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/workflows/${encodeURIComponent(id)}/versions`, {
        ...opts
    });
}
/**
 * WebSocket: live run events. Upgrade with a Bearer token or ?token=, then send {"subscribe":{"runId","after"?}}; each event carries its seq
 */
export function streamWorkflowRuns({ after, runId, token }: {
    after?: number;
    runId?: string;
    token?: string;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 101;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/workflows/live${QS.query(QS.explode({
        after,
        runId,
        token
    }))}`, {
        ...opts
    });
}
export function listWorkflowRuns({ limit, offset, status, workflowId }: {
    limit?: number;
    offset?: number;
    status?: "queued" | "running" | "waiting" | "succeeded" | "failed" | "canceled";
    workflowId?: string;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: RunPageDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/workflows/runs${QS.query(QS.explode({
        limit,
        offset,
        status,
        workflowId
    }))}`, {
        ...opts
    });
}
export function getWorkflowRun(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: RunResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/workflows/runs/${encodeURIComponent(id)}`, {
        ...opts
    });
}
export function decideWorkflowApproval(id: string, stepPath: string, approvalDto: ApprovalDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: RunResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/workflows/runs/${encodeURIComponent(id)}/approvals/${encodeURIComponent(stepPath)}`, oazapfts.json({
        ...opts,
        method: "POST",
        body: approvalDto
    }));
}
export function cancelWorkflowRun(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: RunResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/workflows/runs/${encodeURIComponent(id)}/cancel`, {
        ...opts,
        method: "POST"
    });
}
export function listWorkflowRunEvents(id: string, { after }: {
    after?: number;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: RunEventDto[];
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/workflows/runs/${encodeURIComponent(id)}/events${QS.query(QS.explode({
        after
    }))}`, {
        ...opts
    });
}
export function rerunWorkflowRun(id: string, rerunDto: RerunDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: RunStartedDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/workflows/runs/${encodeURIComponent(id)}/rerun`, oazapfts.json({
        ...opts,
        method: "POST",
        body: rerunDto
    }));
}
export function retryWorkflowRun(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: RunStartedDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/workflows/runs/${encodeURIComponent(id)}/retry`, {
        ...opts,
        method: "POST"
    });
}
export function streamWorkflowRun(id: string, { after }: {
    after?: number;
} = {}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/workflows/runs/${encodeURIComponent(id)}/stream${QS.query(QS.explode({
        after
    }))}`, {
        ...opts
    });
}
export function listWorkflowTemplates(opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: TemplateResponseDto[];
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/workflows/templates", {
        ...opts
    });
}
export function createWorkflowTemplate(createTemplateDto: CreateTemplateDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 201;
        data: TemplateResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/workflows/templates", oazapfts.json({
        ...opts,
        method: "POST",
        body: createTemplateDto
    }));
}
export function deleteWorkflowTemplate(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 204;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/workflows/templates/${encodeURIComponent(id)}`, {
        ...opts,
        method: "DELETE"
    });
}
export function getWorkflowTemplate(id: string, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: TemplateResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/workflows/templates/${encodeURIComponent(id)}`, {
        ...opts
    });
}
export function instantiateWorkflowTemplate(id: string, instantiateTemplateDto: InstantiateTemplateDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 201;
        data: WorkflowResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>(`/api/workflows/templates/${encodeURIComponent(id)}/instantiate`, oazapfts.json({
        ...opts,
        method: "POST",
        body: instantiateTemplateDto
    }));
}
export function validateWorkflow(validateWorkflowDto: ValidateWorkflowDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: ValidationResultDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/api/workflows/validate", oazapfts.json({
        ...opts,
        method: "POST",
        body: validateWorkflowDto
    }));
}
export function login(loginDto: LoginDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: TokenPairDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/auth/login", oazapfts.json({
        ...opts,
        method: "POST",
        body: loginDto
    }));
}
export function logout(refreshDto: RefreshDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 204;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/auth/logout", oazapfts.json({
        ...opts,
        method: "POST",
        body: refreshDto
    }));
}
export function getMe(opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: UserResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/auth/me", {
        ...opts
    });
}
export function refreshTokens(refreshDto: RefreshDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: TokenPairDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/auth/refresh", oazapfts.json({
        ...opts,
        method: "POST",
        body: refreshDto
    }));
}
export function getHealth(opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: HealthResponseDto;
    } | {
        status: 503;
        data: HealthResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/health", {
        ...opts
    });
}
export function getDetailedHealth(opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: HealthResponseDto;
    } | {
        status: 503;
        data: HealthResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/health/detailed", {
        ...opts
    });
}
export function getLiveness(opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: LivenessResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/health/live", {
        ...opts
    });
}
export function getReadiness(opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: HealthResponseDto;
    } | {
        status: 503;
        data: HealthResponseDto;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/health/ready", {
        ...opts
    });
}
/**
 * The platform as an MCP server (Streamable HTTP, stateless): its tools (by the caller’s permissions), resources and prompts
 */
export function mcpStreamableHttp(body: object, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: object;
    } | {
        status: 401;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/mcp", oazapfts.json({
        ...opts,
        method: "POST",
        body
    }));
}
export function getPrometheusMetrics(opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
        data: string;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/metrics", {
        ...opts
    });
}
/**
 * OTLP/HTTP trace receiver (protobuf or JSON, gzip allowed): external agents add their spans to the platform’s traces; needs observability:write
 */
export function otlpExportTraces(body: {
    resourceSpans: object[];
}, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 200;
    } | {
        status: 400;
    } | {
        status: 413;
    } | {
        status: 415;
    } | {
        status: number;
        data: ProblemDetails;
    }>("/v1/traces", oazapfts.json({
        ...opts,
        method: "POST",
        body
    }));
}
