import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { matchesPrefix, MODULE_ROUTE_PREFIXES, PROCESS_LOCAL_PREFIXES } from '@libs/contracts';

// From src/core (ts-jest) or dist/src/core (the build): the repository root either way.
const ROOT = __dirname.includes(`${sep}dist${sep}`) ? resolve(__dirname, '..', '..', '..') : resolve(__dirname, '..', '..');
export const CONSOLE_DIST = resolve(ROOT, 'console', 'dist');

/** Every prefix the API, A2A, health, metrics, docs and WebSocket routes live under: never the console's. */
export const NON_CONSOLE_PREFIXES = [
  ...new Set([
    ...Object.values(MODULE_ROUTE_PREFIXES).flat(),
    ...PROCESS_LOCAL_PREFIXES,
    '/api',
    '/a2a',
    '/auth',
    '/.well-known',
    '/health',
    '/metrics',
    '/docs',
    '/openapi.json',
    '/openapi.yaml',
    '/mcp',
    '/v1',
  ]),
];

/**
 * Content security policy of the console's pages: scripts and styles only from the platform itself (Vite emits
 * module scripts and CSS files, no inline code), API and WebSocket calls to the same origin. The API keeps none.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** A GET the console's index.html answers: a browser navigation to a path no API route owns. */
export function isConsoleNavigation(method: string, url: string, accept: string | undefined): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  const path = url.split('?')[0];
  if (NON_CONSOLE_PREFIXES.some((prefix) => matchesPrefix(path, prefix))) return false;
  // A missing file (an old hashed asset, a favicon) is a 404, not the app.
  if (path.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(path.slice(path.lastIndexOf('/')))) return false;
  return (accept ?? '').includes('text/html');
}

/**
 * Serves the web console (console/dist, built by `npm run build`) at `/`: its files as they are, and index.html for
 * any other page a browser navigates to (client-side routes). API paths keep the API's 404 problem. Skipped with
 * one log line when the console is not built.
 */
export async function registerWebConsole(app: NestFastifyApplication, dist = CONSOLE_DIST): Promise<boolean> {
  const logger = new Logger('WebConsole');
  if (!existsSync(resolve(dist, 'index.html'))) {
    logger.log(`web console not built (${dist} missing): skipping it; build it with npm run build`);
    return false;
  }
  await app.register(fastifyStatic, {
    root: dist,
    prefix: '/',
    wildcard: false,
    index: false,
    // Hashed assets never change; index.html must be revalidated so a new build is picked up.
    setHeaders: (res, path) => {
      res.header('cache-control', path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      if (path.endsWith('.html')) res.header('content-security-policy', CONSOLE_CSP);
    },
  });
  const fastify = app.getHttpAdapter().getInstance();
  const page = (request: FastifyRequest, reply: FastifyReply) => {
    if (!isConsoleNavigation(request.method, request.url, request.headers.accept) && request.url.split('?')[0] !== '/')
      return reply.callNotFound();
    return reply
      .header('content-security-policy', CONSOLE_CSP)
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .sendFile('index.html');
  };
  fastify.get('/', page);
  fastify.get('/*', page);
  return true;
}
