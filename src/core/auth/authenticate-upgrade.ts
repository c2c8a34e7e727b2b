import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { can, type Permission, type Principal } from 'src/core/auth/permissions';
import type { RequestAuthenticator } from 'src/core/auth/request-authenticator';

/**
 * Authenticates a WebSocket upgrade: a Bearer header or API key, or `?token=` (browsers cannot set headers on a
 * WebSocket). Answers 401/403 on the socket and returns undefined when the caller may not have the permission.
 */
export async function authenticateUpgrade(
  authenticator: RequestAuthenticator,
  request: IncomingMessage,
  socket: Duplex,
  permission: Permission,
): Promise<Principal | undefined> {
  const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
  const headers = token && !request.headers.authorization ? { ...request.headers, authorization: `Bearer ${token}` } : request.headers;
  const principal = await authenticator.authenticate(headers);
  if (principal && can(principal, permission)) return principal;
  socket.end(`HTTP/1.1 ${principal ? '403 Forbidden' : '401 Unauthorized'}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  return undefined;
}
