import { randomBytes } from 'node:crypto';
import { isHttpsUrl, type OAuthClientProvider, type OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import { createPrivateKeyJwtAuth } from '@modelcontextprotocol/sdk/client/auth-extensions.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { checkDiscovery } from './oauth-guard';

/** What one OAuth client provider keeps between calls: stored encrypted by the platform (McpOAuthStore), in memory by the CLI. */
export interface OAuthRecord {
  /** Registered (dynamic registration), URL-based (CIMD) or pre-registered client information, as the SDK passed it. */
  client?: OAuthClientInformationMixed;
  /** Pre-registered by an admin: never dropped or replaced by a new registration. */
  preRegistered?: boolean;
  tokens?: OAuthTokens;
  codeVerifier?: string;
  discovery?: OAuthDiscoveryState;
  /** The scope the last challenge asked for (WWW-Authenticate, else protected-resource metadata): requested on consent. */
  requiredScope?: string;
}

/** Fields set to undefined in a patch are cleared. */
export interface OAuthStore {
  read(): Promise<OAuthRecord>;
  write(patch: Partial<OAuthRecord>): Promise<void>;
}

export class InMemoryOAuthStore implements OAuthStore {
  private record: OAuthRecord = {};
  constructor(initial: OAuthRecord = {}) {
    this.record = { ...initial };
  }
  async read(): Promise<OAuthRecord> {
    return { ...this.record };
  }
  async write(patch: Partial<OAuthRecord>): Promise<void> {
    this.record = { ...this.record, ...patch };
  }
}

export interface McpOAuthProviderOptions {
  serverUrl: string;
  store: OAuthStore;
  clientName: string;
  /** authorization_code (a person consents in the browser) or client_credentials (machine to machine, no person). */
  grant: 'authorization_code' | 'client_credentials';
  /** authorization_code: where the authorization server sends the browser back (the platform's callback route). */
  redirectUrl?: string;
  /** An https URL serving this client's metadata document (SEP-991), used as client_id where the server supports it. */
  clientMetadataUrl?: string;
  /** Scope asked for when neither the server's challenge nor its metadata names one. */
  scope?: string;
  /** client_credentials with private_key_jwt client authentication (RFC 7523) instead of a client secret. */
  privateKeyJwt?: { privateKey: string; algorithm: string };
  /**
   * Set when a person starts authorization: the state to send (the caller has bound it to that person) and where
   * the authorization URL goes. The PKCE verifier is kept, and stored tokens are ignored so the flow always asks
   * for consent (a refresh cannot widen scope). Unset (a connection or the callback): a redirect the SDK decides on
   * only reports that authorization is required, and the verifier of a consent in progress is left alone.
   */
  interactive?: { state: string; onAuthorizationUrl(url: URL): void };
  /** A connection needs (new) authorization: no usable token, refresh refused, or more scope asked for. */
  onAuthorizationRequired?(url: URL): void | Promise<void>;
  /**
   * Exchanging a code at the callback: a refused exchange must not drop the tokens in use (the SDK invalidates
   * tokens on invalid_grant), or anyone holding a pending state could log the server out with a bad code.
   */
  exchangingCode?: boolean;
}

/**
 * The SDK's OAuthClientProvider for one MCP server (and one user when the server is per-user). Everything the SDK's
 * auth() decides (discovery, registration, PKCE, the token and refresh requests, re-authorization when a refresh is
 * refused) stays in the SDK; this class stores what it hands over, adds the platform's checks on discovered
 * metadata (checkDiscovery) and turns "redirect the user" into either an authorization URL for the person who asked
 * or a needs-authorization mark on the connection.
 */
export class McpOAuthProvider implements OAuthClientProvider {
  readonly addClientAuthentication?: OAuthClientProvider['addClientAuthentication'];

  constructor(private readonly options: McpOAuthProviderOptions) {
    if (options.grant === 'client_credentials' && options.privateKeyJwt) {
      const jwt = options.privateKeyJwt;
      // The client id is known only once client information is read; the SDK calls this after reading it.
      this.addClientAuthentication = async (headers, params, url, metadata) => {
        const clientId = (await this.options.store.read()).client?.client_id ?? '';
        return createPrivateKeyJwtAuth({ issuer: clientId, subject: clientId, privateKey: jwt.privateKey, alg: jwt.algorithm })(
          headers,
          params,
          url,
          metadata,
        );
      };
    }
  }

  get redirectUrl(): string | undefined {
    return this.options.grant === 'authorization_code' ? this.options.redirectUrl : undefined;
  }

  get clientMetadataUrl(): string | undefined {
    return this.options.clientMetadataUrl && isHttpsUrl(this.options.clientMetadataUrl) ? this.options.clientMetadataUrl : undefined;
  }

  get clientMetadata(): OAuthClientMetadata {
    if (this.options.grant === 'client_credentials')
      return {
        client_name: this.options.clientName,
        redirect_uris: [],
        grant_types: ['client_credentials'],
        token_endpoint_auth_method: this.options.privateKeyJwt ? 'private_key_jwt' : 'client_secret_basic',
        ...(this.options.scope ? { scope: this.options.scope } : {}),
      };
    return {
      client_name: this.options.clientName,
      redirect_uris: this.options.redirectUrl ? [this.options.redirectUrl] : [],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      ...(this.options.scope ? { scope: this.options.scope } : {}),
    };
  }

  state(): string {
    return this.options.interactive?.state ?? randomBytes(32).toString('base64url');
  }

  async clientInformation(): Promise<OAuthClientInformationMixed | undefined> {
    const { client, preRegistered } = await this.options.store.read();
    if (!client) return undefined;
    // A registration made for another callback URL (PUBLIC_URL changed) cannot complete a consent: register again.
    const registered = (client as { redirect_uris?: string[] }).redirect_uris;
    if (!preRegistered && this.redirectUrl && Array.isArray(registered) && !registered.includes(this.redirectUrl)) return undefined;
    return client;
  }

  async saveClientInformation(client: OAuthClientInformationMixed): Promise<void> {
    await this.options.store.write({ client });
  }

  async tokens(): Promise<OAuthTokens | undefined> {
    if (this.options.interactive) return undefined;
    return (await this.options.store.read()).tokens;
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    await this.options.store.write({ tokens, codeVerifier: undefined });
  }

  async redirectToAuthorization(authorizationUrl: URL): Promise<void> {
    if (this.options.interactive) return this.options.interactive.onAuthorizationUrl(authorizationUrl);
    await this.options.store.write({ requiredScope: authorizationUrl.searchParams.get('scope') ?? undefined });
    await this.options.onAuthorizationRequired?.(authorizationUrl);
  }

  async saveCodeVerifier(codeVerifier: string): Promise<void> {
    if (this.options.interactive) await this.options.store.write({ codeVerifier });
  }

  async codeVerifier(): Promise<string> {
    const { codeVerifier } = await this.options.store.read();
    if (!codeVerifier) throw new Error('No authorization is in progress for this server (no PKCE verifier stored)');
    return codeVerifier;
  }

  async saveDiscoveryState(state: OAuthDiscoveryState): Promise<void> {
    checkDiscovery(state, this.options.serverUrl);
    await this.options.store.write({ discovery: state });
  }

  async discoveryState(): Promise<OAuthDiscoveryState | undefined> {
    return (await this.options.store.read()).discovery;
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    const { preRegistered } = await this.options.store.read();
    const patch: Partial<OAuthRecord> = {};
    if ((scope === 'all' || scope === 'client') && !preRegistered) patch.client = undefined;
    if ((scope === 'all' || scope === 'tokens') && !this.options.exchangingCode) patch.tokens = undefined;
    if (scope === 'all' || scope === 'verifier') patch.codeVerifier = undefined;
    if (scope === 'all' || scope === 'discovery') patch.discovery = undefined;
    await this.options.store.write(patch);
  }

  prepareTokenRequest(scope?: string): URLSearchParams | undefined {
    if (this.options.grant !== 'client_credentials') return undefined;
    const params = new URLSearchParams({ grant_type: 'client_credentials' });
    if (scope) params.set('scope', scope);
    return params;
  }
}
