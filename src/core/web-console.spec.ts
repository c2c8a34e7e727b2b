import { CONSOLE_CSP, isConsoleNavigation, NON_CONSOLE_PREFIXES } from 'src/core/web-console';

describe('web console routing', () => {
  const html = 'text/html,application/xhtml+xml,*/*;q=0.8';

  it('answers browser navigations to client-side routes with the app', () => {
    for (const path of ['/', '/agents', '/agents/0b6f', '/workflows/new', '/traces/abc123?x=1', '/knowledge'])
      expect([path, isConsoleNavigation('GET', path, html)]).toEqual([path, true]);
    expect(isConsoleNavigation('HEAD', '/agents', html)).toBe(true);
  });

  it('leaves every API, A2A, auth, health, metrics, docs and WebSocket path to the platform', () => {
    for (const path of [
      '/api/agents',
      '/api/nope',
      '/a2a/message/stream',
      '/auth/login',
      '/.well-known/agent-card.json',
      '/health',
      '/health/ready',
      '/metrics',
      '/docs',
      '/docs/static/index.html',
      '/openapi.json',
      '/mcp',
      '/v1/traces',
      '/api/workflows/live',
    ])
      expect([path, isConsoleNavigation('GET', path, html)]).toEqual([path, false]);
    for (const prefix of ['/api', '/a2a', '/auth', '/.well-known', '/health', '/metrics', '/docs', '/mcp'])
      expect(NON_CONSOLE_PREFIXES).toContain(prefix);
  });

  it('never answers non-GET requests, non-HTML clients or missing files with the app', () => {
    expect(isConsoleNavigation('POST', '/agents', html)).toBe(false);
    expect(isConsoleNavigation('GET', '/agents', 'application/json')).toBe(false);
    expect(isConsoleNavigation('GET', '/agents', undefined)).toBe(false);
    expect(isConsoleNavigation('GET', '/assets/index-abc.js', html)).toBe(false);
    expect(isConsoleNavigation('GET', '/favicon.ico', html)).toBe(false);
  });

  it('keeps the console CSP strict: no inline or remote scripts and styles', () => {
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).toContain("style-src 'self'");
    expect(CONSOLE_CSP).not.toContain('unsafe-inline');
    expect(CONSOLE_CSP).not.toContain('unsafe-eval');
    expect(CONSOLE_CSP).toContain("frame-ancestors 'none'");
  });
});
