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
