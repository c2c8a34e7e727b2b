import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { In, IsNull, Not, type Repository } from 'typeorm';
import type { Env } from '@libs/config';
import { isUniqueViolation } from '@libs/database';
import { loadSecretBox, type SecretBox } from '@libs/crypto';
import type { Principal } from 'src/core/auth/permissions';
import { ENV } from 'src/core/env.token';
import type { McpServerEntity } from 'src/modules/tools/mcp/mcp-server.entity';
import { ToolsError, ToolsErrorCode } from 'src/modules/tools/tools.errors';
import { McpOAuthCredentialEntity, SERVER_LEVEL, type McpOAuthStatus } from './mcp-oauth-credential.entity';
import { McpOAuthProvider, type OAuthRecord, type OAuthStore } from './mcp-oauth-provider';
import { guardedOAuthFetch, OAuthPolicyError, sameIssuer } from './oauth-guard';

/** OAuth settings an admin gives for a server; all optional (discovery and dynamic registration need none). */
export interface McpOAuthSettings {
  grant?: 'authorization_code' | 'client_credentials';
  clientId?: string;
  clientSecret?: string;
  privateKeyPem?: string;
  signingAlgorithm?: string;
  scope?: string;
}

export interface McpAuthorizationSummary {
  /** none: stdio; bearer: a static Authorization header is configured; oauth: the MCP authorization flow. */
  mode: 'none' | 'bearer' | 'oauth';
  perUser: boolean;
  /** Shared servers: the server's state. Per-user servers: the state of the user asking. */
  status: 'not_required' | 'needs_authorization' | 'pending' | 'authorized';
  authorizedUsers: number;
  expiresAt: string | null;
  scope: string | null;
  lastError: string | null;
}

/** How long a consent started with POST /authorize may take before its state expires. */
const STATE_TTL_MS = 10 * 60_000;
/** Cached reads of a store: tokens are read for every MCP request. */
const STORE_CACHE_MS = 5_000;
const CLIENT_NAME = 'Agentic AI Acceleration';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * OAuth for MCP servers on top of the SDK's client auth (auth(), discovery, registration, PKCE, refresh): builds
 * the per-server (and per-user) provider whose client information, tokens and PKCE verifier live sealed in
 * mcp_oauth_credentials, starts a consent for a person (POST /api/mcp/servers/:id/authorize) and completes it at
 * the callback (state single use, expiring, bound to whoever started it).
 */
@Injectable()
export class McpOAuthService {
  private readonly secrets: SecretBox;

  constructor(
    @Inject(ENV) private readonly env: Env,
    @InjectRepository(McpOAuthCredentialEntity) private readonly credentials: Repository<McpOAuthCredentialEntity>,
  ) {
    this.secrets = loadSecretBox(env);
  }

  private get base(): string {
    return (this.env.PUBLIC_URL ?? `http://localhost:${this.env.PORT ?? 8000}`).replace(/\/$/, '');
  }

  /** Where authorization servers send the browser back: PUBLIC_URL (else http://localhost:PORT) + /api/mcp/oauth/callback. */
  get redirectUrl(): string {
    return `${this.base}/api/mcp/oauth/callback`;
  }

  /** The URL of this platform's client metadata document (SEP-991), when PUBLIC_URL is https (the spec requires it). */
  get clientMetadataUrl(): string | undefined {
    return this.base.startsWith('https://') ? `${this.base}/api/mcp/oauth/client-metadata.json` : undefined;
  }

  /** The client metadata document authorization servers fetch when this platform uses its URL as client_id. */
  clientMetadataDocument(): Record<string, unknown> {
    return {
      client_id: this.clientMetadataUrl ?? `${this.base}/api/mcp/oauth/client-metadata.json`,
      client_name: CLIENT_NAME,
      client_uri: this.base,
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  settingsOf(server: McpServerEntity): McpOAuthSettings {
    return server.oauthSealed ? (JSON.parse(this.secrets.open(server.oauthSealed)) as McpOAuthSettings) : {};
  }

  sealSettings(settings: McpOAuthSettings | undefined): string | null {
    const kept = Object.fromEntries(Object.entries(settings ?? {}).filter(([, value]) => value !== undefined && value !== ''));
    return Object.keys(kept).length ? this.secrets.seal(JSON.stringify(kept)) : null;
  }

  /** The fetch for a server's MCP and OAuth requests: see guardedOAuthFetch. */
  fetchFor(server: McpServerEntity): FetchLike {
    return guardedOAuthFetch({ serverUrl: server.url!, allowPrivate: this.env.MCP_OAUTH_ALLOW_PRIVATE });
  }

  /** The provider a connection uses: it reports when a person has to authorize (onAuthorizationRequired). */
  provider(server: McpServerEntity, userId: string, onAuthorizationRequired?: () => void): McpOAuthProvider {
    return this.buildProvider(server, userId, { onAuthorizationRequired });
  }

  private buildProvider(
    server: McpServerEntity,
    userId: string,
    extra: Pick<ConstructorParameters<typeof McpOAuthProvider>[0], 'interactive' | 'onAuthorizationRequired' | 'exchangingCode'>,
  ): McpOAuthProvider {
    const settings = this.settingsOf(server);
    return new McpOAuthProvider({
      serverUrl: server.url!,
      store: new SealedOAuthStore(this.credentials, this.secrets, server.id, userId, settings),
      clientName: CLIENT_NAME,
      grant: settings.grant ?? 'authorization_code',
      redirectUrl: this.redirectUrl,
      clientMetadataUrl: this.clientMetadataUrl,
      scope: settings.scope,
      privateKeyJwt: settings.privateKeyPem
        ? { privateKey: settings.privateKeyPem, algorithm: settings.signingAlgorithm ?? 'RS256' }
        : undefined,
      ...extra,
    });
  }

  /** Records that a server (or a user of a per-user server) waits for someone to authorize it. */
  async markNeedsAuthorization(serverId: string, userId: string): Promise<void> {
    const row = await ensureRow(this.credentials, serverId, userId);
    const pending = row.stateHash && row.stateExpiresAt && Date.parse(row.stateExpiresAt) > Date.now();
    await this.credentials.update({ id: row.id }, { status: pending ? 'pending' : 'needs_authorization' });
  }

  /**
   * Starts authorization for a person: the SDK's auth() discovers, registers if needed, makes the PKCE pair and the
   * authorization URL, which is returned for the person to open. Client credentials servers get their token at once
   * (authorizationUrl null).
   */
  async begin(
    server: McpServerEntity,
    userId: string,
    principal: Principal,
  ): Promise<{ authorizationUrl: string | null; expiresAt: string | null }> {
    const state = randomBytes(32).toString('base64url');
    let authorizationUrl: URL | undefined;
    const interactive = (this.settingsOf(server).grant ?? 'authorization_code') === 'authorization_code';
    const provider = this.buildProvider(server, userId, {
      interactive: interactive ? { state, onAuthorizationUrl: (url) => void (authorizationUrl = url) } : undefined,
    });
    const row = await ensureRow(this.credentials, server.id, userId);
    const result = await auth(provider, {
      serverUrl: server.url!,
      scope: row.requiredScope ?? undefined,
      fetchFn: this.fetchFor(server),
    }).catch((error: unknown) => {
      throw asOAuthError(error, 'Could not start authorization');
    });
    if (result === 'AUTHORIZED' || !authorizationUrl) return { authorizationUrl: null, expiresAt: null };
    const expiresAt = new Date(Date.now() + STATE_TTL_MS).toISOString();
    await this.credentials.update(
      { id: row.id },
      { stateHash: sha256(state), stateUserId: principal.id, stateExpiresAt: expiresAt, status: 'pending', lastError: null },
    );
    return { authorizationUrl: authorizationUrl.href, expiresAt };
  }

  /**
   * The callback: the state must be one this platform issued, not expired, not used before, and (when the browser
   * presents a platform credential) started by the same user. It is used up before the code is exchanged; the SDK
   * exchanges the code with the stored PKCE verifier, so a code issued for another verifier is refused by the
   * authorization server. Returns which server and user now hold tokens.
   */
  async complete(
    query: { code?: string; state: string; error?: string; error_description?: string; iss?: string },
    caller: Principal | undefined,
    findServer: (id: string) => Promise<McpServerEntity>,
  ): Promise<{ serverId: string; userId: string; startedBy: string }> {
    const hash = sha256(query.state);
    const row = await this.credentials.findOne({ where: { stateHash: hash } });
    if (!row) throw new ToolsError(ToolsErrorCode.OAUTH_STATE_INVALID, 'Unknown or already used authorization state');
    if (caller && caller.id !== row.stateUserId)
      throw new ToolsError(ToolsErrorCode.TOOL_FORBIDDEN, 'This authorization was started by another user');
    const consumed = await this.credentials.update(
      { id: row.id, stateHash: hash },
      { stateHash: null, stateUserId: null, stateExpiresAt: null },
    );
    if (consumed.affected !== 1) throw new ToolsError(ToolsErrorCode.OAUTH_STATE_INVALID, 'Unknown or already used authorization state');
    const startedBy = row.stateUserId ?? '';
    const fail = async (message: string, code = ToolsErrorCode.OAUTH_FAILED): Promise<never> => {
      await this.credentials.update(
        { id: row.id },
        { status: 'needs_authorization', lastError: message.slice(0, 2000), verifierSealed: null },
      );
      throw new ToolsError(code, message, { serverId: row.serverId });
    };
    if (!row.stateExpiresAt || Date.parse(row.stateExpiresAt) <= Date.now())
      return fail('The authorization took too long; start it again', ToolsErrorCode.OAUTH_STATE_INVALID);
    if (query.error)
      return fail(`The authorization server answered ${query.error}${query.error_description ? `: ${query.error_description}` : ''}`);
    if (!query.code) return fail('The callback carries no authorization code', ToolsErrorCode.OAUTH_STATE_INVALID);
    const server = await findServer(row.serverId);
    // RFC 9207: an iss parameter must name the authorization server this consent was started with.
    const discovered = (await this.credentials.findOne({ where: { serverId: row.serverId, userId: SERVER_LEVEL } }))?.discovery;
    const issuer = discovered?.authorizationServerMetadata?.issuer;
    if (query.iss && issuer && !sameIssuer(query.iss, issuer))
      return fail(`The callback names issuer ${query.iss}, not ${issuer} where the authorization started`, ToolsErrorCode.OAUTH_UNSAFE);
    try {
      await auth(this.buildProvider(server, row.userId, { exchangingCode: true }), {
        serverUrl: server.url!,
        authorizationCode: query.code,
        scope: row.requiredScope ?? undefined,
        fetchFn: this.fetchFor(server),
      });
    } catch (error) {
      const failure = asOAuthError(error, 'The authorization code could not be exchanged');
      return fail(failure.message, failure.code);
    }
    return { serverId: row.serverId, userId: row.userId, startedBy };
  }

  /** What the server list shows about authorization (per-user servers: for the user asking). */
  async summaries(servers: McpServerEntity[], userId: string | undefined): Promise<Map<string, McpAuthorizationSummary>> {
    const rows = servers.length ? await this.credentials.find({ where: { serverId: In(servers.map((s) => s.id)) } }) : [];
    const out = new Map<string, McpAuthorizationSummary>();
    for (const server of servers) {
      const mine = rows.filter((row) => row.serverId === server.id);
      const hasBearer = server.headersSealed !== null && /"authorization"/i.test(this.secrets.open(server.headersSealed));
      const mode = server.transport === 'stdio' ? 'none' : hasBearer ? 'bearer' : 'oauth';
      const row = mine.find((r) => r.userId === (server.perUser ? (userId ?? '\0') : SERVER_LEVEL));
      const status: McpAuthorizationSummary['status'] =
        mode !== 'oauth' || !row ? 'not_required' : row.tokensSealed ? 'authorized' : statusName(row.status);
      out.set(server.id, {
        mode,
        perUser: server.perUser,
        status,
        authorizedUsers: mine.filter((r) => r.tokensSealed && (server.perUser ? r.userId !== SERVER_LEVEL : true)).length,
        expiresAt: row?.tokensSealed ? row.tokenExpiresAt : null,
        scope: row?.tokensSealed ? row.grantedScope : null,
        lastError: row?.lastError ?? null,
      });
    }
    return out;
  }

  /**
   * Forgets one account's tokens for a server (a person disconnecting it), keeping the client registration and the
   * discovered metadata so authorizing again needs no new registration.
   */
  async forget(serverId: string, userId: string): Promise<boolean> {
    const result = await this.credentials.update(
      { serverId, userId, tokensSealed: Not(IsNull()) },
      {
        tokensSealed: null,
        tokenExpiresAt: null,
        grantedScope: null,
        verifierSealed: null,
        stateHash: null,
        stateUserId: null,
        stateExpiresAt: null,
        authorizedAt: null,
        lastError: null,
        status: 'needs_authorization',
      },
    );
    return (result.affected ?? 0) > 0;
  }

  async remove(serverId: string): Promise<void> {
    await this.credentials.delete({ serverId });
  }
}

function statusName(status: McpOAuthStatus): McpAuthorizationSummary['status'] {
  return status === 'none' ? 'not_required' : status;
}

/** An SDK / policy failure as the platform's error: unsafe metadata, or the authorization server refusing. */
function asOAuthError(error: unknown, context: string): ToolsError {
  if (error instanceof ToolsError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof OAuthPolicyError)
    return new ToolsError(ToolsErrorCode.OAUTH_UNSAFE, `${context}: ${message}`, error.url ? { url: error.url } : undefined);
  return new ToolsError(ToolsErrorCode.OAUTH_FAILED, `${context}: ${message}`.slice(0, 2000));
}

async function ensureRow(
  credentials: Repository<McpOAuthCredentialEntity>,
  serverId: string,
  userId: string,
): Promise<McpOAuthCredentialEntity> {
  const existing = await credentials.findOne({ where: { serverId, userId } });
  if (existing) return existing;
  await credentials.insert({ serverId, userId, status: 'none' }).catch((error: unknown) => {
    if (!isUniqueViolation(error)) throw error; // else a concurrent insert won
  });
  return (await credentials.findOne({ where: { serverId, userId } }))!;
}

/**
 * The OAuthStore of one (server, user): client information and discovery on the server-level row, tokens, PKCE
 * verifier and required scope on the user's row (the same row for a shared server); secrets sealed. Reads are
 * cached briefly (tokens are read for every MCP request); writes go through and update the row's status.
 */
class SealedOAuthStore implements OAuthStore {
  private cache?: { at: number; record: OAuthRecord };

  constructor(
    private readonly credentials: Repository<McpOAuthCredentialEntity>,
    private readonly secrets: SecretBox,
    private readonly serverId: string,
    private readonly userId: string,
    private readonly settings: McpOAuthSettings,
  ) {}

  async read(): Promise<OAuthRecord> {
    if (this.cache && Date.now() - this.cache.at < STORE_CACHE_MS) return { ...this.cache.record };
    const rows = await this.credentials.find({ where: { serverId: this.serverId, userId: In([SERVER_LEVEL, this.userId]) } });
    const serverRow = rows.find((row) => row.userId === SERVER_LEVEL);
    const userRow = rows.find((row) => row.userId === this.userId);
    let client = this.open<OAuthClientInformationMixed>(serverRow?.clientSealed);
    const preRegistered = Boolean(this.settings.clientId);
    if (preRegistered && client?.client_id !== this.settings.clientId)
      client = { client_id: this.settings.clientId!, ...(this.settings.clientSecret ? { client_secret: this.settings.clientSecret } : {}) };
    const record: OAuthRecord = {
      client,
      preRegistered,
      discovery: serverRow?.discovery ?? undefined,
      tokens: this.open<OAuthTokens>(userRow?.tokensSealed),
      codeVerifier: userRow?.verifierSealed ? this.secrets.open(userRow.verifierSealed) : undefined,
      requiredScope: userRow?.requiredScope ?? undefined,
    };
    this.cache = { at: Date.now(), record };
    return { ...record };
  }

  async write(patch: Partial<OAuthRecord>): Promise<void> {
    const serverFields: Partial<McpOAuthCredentialEntity> = {};
    const userFields: Partial<McpOAuthCredentialEntity> = {};
    if ('client' in patch) serverFields.clientSealed = patch.client ? this.secrets.seal(JSON.stringify(patch.client)) : null;
    if ('discovery' in patch) serverFields.discovery = patch.discovery ?? null;
    if ('tokens' in patch) {
      const tokens = patch.tokens;
      userFields.tokensSealed = tokens ? this.secrets.seal(JSON.stringify(tokens)) : null;
      userFields.tokenExpiresAt = tokens?.expires_in ? new Date(Date.now() + tokens.expires_in * 1000).toISOString() : null;
      userFields.grantedScope = tokens?.scope ?? null;
      if (tokens) Object.assign(userFields, { status: 'authorized', authorizedAt: new Date().toISOString(), lastError: null });
    }
    if ('codeVerifier' in patch) userFields.verifierSealed = patch.codeVerifier ? this.secrets.seal(patch.codeVerifier) : null;
    if ('requiredScope' in patch) userFields.requiredScope = patch.requiredScope ?? null;
    const targets: Array<[string, Partial<McpOAuthCredentialEntity>]> =
      this.userId === SERVER_LEVEL
        ? [[SERVER_LEVEL, { ...serverFields, ...userFields }]]
        : [
            [SERVER_LEVEL, serverFields],
            [this.userId, userFields],
          ];
    for (const [userId, fields] of targets) {
      if (!Object.keys(fields).length) continue;
      const row = await ensureRow(this.credentials, this.serverId, userId);
      await this.credentials.update({ id: row.id }, fields as never);
    }
    this.cache = undefined;
  }

  private open<T>(sealed: string | null | undefined): T | undefined {
    return sealed ? (JSON.parse(this.secrets.open(sealed)) as T) : undefined;
  }
}
