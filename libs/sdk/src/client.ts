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
    scopes?: ("services:read" | "profile:read" | "users:read" | "users:write" | "apikeys:read" | "apikeys:write" | "audit:read" | "a2a:route" | "agents:read" | "agents:write" | "agents:execute" | "orchestrator:read" | "orchestrator:write" | "rag:read" | "rag:write" | "tools:read" | "tools:write" | "tools:execute" | "sql:read" | "sql:execute" | "sql:admin" | "workflows:read" | "workflows:write" | "workflows:execute" | "observability:read" | "observability:write" | "metrics:read")[];
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
export type AskSqlDto = {
    connectionId: string;
    question: string;
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
export function askSql(askSqlDto: AskSqlDto, opts?: Oazapfts.RequestOpts) {
    return oazapfts.fetchJson<{
        status: 201;
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
