import type { PlatformApi } from '@agentic/sdk';
import type { ProblemDetails } from './api';
import { lines, optionalNumber, optionalText, pairs } from './forms';

export const TRANSPORTS = ['stdio', 'streamable-http', 'sse'] as const;
type Algorithm = NonNullable<PlatformApi.McpOAuthSettingsDtoWrite['signingAlgorithm']>;
export const JWT_ALGORITHMS: Algorithm[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];
export type Transport = (typeof TRANSPORTS)[number];

/** What the "Register an MCP server" form holds: text as typed, shaped into the API's body on submit. */
export const EMPTY_SERVER = {
  name: '',
  transport: 'stdio' as Transport,
  command: '',
  args: '',
  env: '',
  url: '',
  headers: '',
  bearerToken: '',
  perUser: false,
  grant: '',
  clientId: '',
  clientSecret: '',
  privateKeyPem: '',
  signingAlgorithm: '',
  scope: '',
  sampling: false,
  samplingProvider: '',
  samplingModel: '',
  samplingMaxTokens: '',
  samplingPerMinute: '',
  roots: '',
  connect: true,
};
export type ServerForm = typeof EMPTY_SERVER;

/** Lines that could not be read, as a problem shaped like the API's (field errors in words). */
function unreadable(fields: Array<[string, string[]]>): ProblemDetails | null {
  const errors = fields
    .filter(([, bad]) => bad.length)
    .map(([field, bad]) => ({ field, messages: bad.map((line) => `cannot read the line "${line}"`) }));
  return errors.length ? { type: 'about:blank', title: 'Some lines could not be read', status: 0, code: 'CLIENT_INVALID', errors } : null;
}

/**
 * The body of POST /api/mcp/servers: only the fields of the chosen transport, blanks left out. The API validates
 * everything else; only lines the form cannot read come back here as a problem.
 */
export function serverBody(form: ServerForm): { body: PlatformApi.CreateMcpServerDtoWrite } | { problem: ProblemDetails } {
  const stdio = form.transport === 'stdio';
  const env = pairs(form.env, '=');
  const headers = pairs(form.headers, ':');
  const problem = unreadable(stdio ? [['env', env.invalid]] : [['headers', headers.invalid]]);
  if (problem) return { problem };
  const roots = lines(form.roots).map((line) => {
    const [uri, ...name] = line.split(/\s+/);
    return name.length ? { uri, name: name.join(' ') } : { uri };
  });
  const oauth = {
    grant: optionalText(form.grant) as 'authorization_code' | 'client_credentials' | undefined,
    clientId: optionalText(form.clientId),
    clientSecret: optionalText(form.clientSecret),
    privateKeyPem: optionalText(form.privateKeyPem),
    signingAlgorithm: optionalText(form.signingAlgorithm) as Algorithm | undefined,
    scope: optionalText(form.scope),
  };
  const body: PlatformApi.CreateMcpServerDtoWrite = {
    name: form.name.trim(),
    transport: form.transport,
    connect: form.connect,
    ...(roots.length ? { roots } : {}),
    ...(form.sampling
      ? {
          sampling: {
            enabled: true,
            provider: form.samplingProvider,
            modelId: form.samplingModel.trim(),
            maxTokens: optionalNumber(form.samplingMaxTokens),
            perMinute: optionalNumber(form.samplingPerMinute),
          },
        }
      : {}),
    ...(stdio
      ? {
          command: optionalText(form.command),
          args: lines(form.args),
          ...(Object.keys(env.value).length ? { env: env.value } : {}),
        }
      : {
          url: optionalText(form.url),
          perUser: form.perUser,
          bearerToken: optionalText(form.bearerToken),
          ...(Object.keys(headers.value).length ? { headers: headers.value } : {}),
          ...(Object.values(oauth).some(Boolean) ? { oauth } : {}),
        }),
  };
  return { body };
}
