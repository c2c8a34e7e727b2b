import { lazy, Suspense, useEffect, useState, useSyncExternalStore, type ComponentType, type LazyExoticComponent } from 'react';
import { isSignedIn, onSessionChange, signOut } from './lib/api';
import { Link, match, navigate, RouterProvider, usePath } from './lib/router';
import { applyTheme, initialTheme, type Theme } from './lib/theme';
import { SignIn } from './pages/SignIn';

// One chunk per page: the first load carries only the shell and the sign-in form.
const Home = lazy(() => import('./pages/Home'));
const Agents = lazy(() => import('./pages/Agents'));
const AgentChat = lazy(() => import('./pages/AgentChat'));
const AgentEdit = lazy(() => import('./pages/AgentEdit'));
const AgentRuns = lazy(() => import('./pages/AgentRuns'));
const Orchestration = lazy(() => import('./pages/Orchestration'));
const OrchestrationSession = lazy(() => import('./pages/OrchestrationSession'));
const Broadcast = lazy(() => import('./pages/Broadcast'));
const Workflows = lazy(() => import('./pages/Workflows'));
const WorkflowDesigner = lazy(() => import('./pages/WorkflowDesigner'));
const WorkflowRuns = lazy(() => import('./pages/WorkflowRuns'));
const WorkflowSchedules = lazy(() => import('./pages/WorkflowSchedules'));
const WorkflowVersions = lazy(() => import('./pages/WorkflowVersions'));
const WorkflowTemplates = lazy(() => import('./pages/WorkflowTemplates'));
const Traces = lazy(() => import('./pages/Traces'));
const TraceDetail = lazy(() => import('./pages/TraceDetail'));
const Knowledge = lazy(() => import('./pages/Knowledge'));
const Tools = lazy(() => import('./pages/Tools'));
const ToolDetail = lazy(() => import('./pages/ToolDetail'));
const Sql = lazy(() => import('./pages/Sql'));
const Network = lazy(() => import('./pages/Network'));
const Admin = lazy(() => import('./pages/Admin'));

type Page = LazyExoticComponent<ComponentType<{ params: Record<string, string> }>>;
const ROUTES: Array<[string, Page, string]> = [
  ['/', Home, 'Home'],
  ['/agents', Agents, 'Agents'],
  ['/agents/:id', AgentChat, 'Agent'],
  ['/agents/:id/edit', AgentEdit, 'Edit agent'],
  ['/agents/:id/runs', AgentRuns, 'Agent runs'],
  ['/orchestration', Orchestration, 'Orchestration'],
  // Before /orchestration/:id, which would take "broadcast" for a session id.
  ['/orchestration/broadcast', Broadcast, 'Broadcast'],
  ['/orchestration/:id', OrchestrationSession, 'Orchestration session'],
  ['/workflows', Workflows, 'Workflows'],
  ['/workflows/new', WorkflowDesigner, 'New workflow'],
  ['/workflows/runs', WorkflowRuns, 'Workflow runs'],
  ['/workflows/templates', WorkflowTemplates, 'Workflow templates'],
  ['/workflows/:id', WorkflowDesigner, 'Workflow'],
  ['/workflows/:id/runs', WorkflowRuns, 'Workflow runs'],
  ['/workflows/:id/schedules', WorkflowSchedules, 'Workflow schedules'],
  ['/workflows/:id/versions', WorkflowVersions, 'Workflow versions'],
  ['/workflows/:id/versions/:version', WorkflowDesigner, 'Workflow version'],
  ['/traces', Traces, 'Traces'],
  ['/traces/:id', TraceDetail, 'Trace'],
  ['/knowledge', Knowledge, 'Knowledge'],
  ['/tools', Tools, 'Tools'],
  ['/tools/:id', ToolDetail, 'Tool'],
  ['/sql', Sql, 'SQL'],
  ['/network', Network, 'A2A network'],
  ['/admin', Admin, 'Administration'],
];
const NAV: Array<[string, string]> = [
  ['/', 'Home'],
  ['/agents', 'Agents'],
  ['/orchestration', 'Orchestration'],
  ['/workflows', 'Workflows'],
  ['/traces', 'Traces'],
  ['/knowledge', 'Knowledge'],
  ['/tools', 'Tools'],
  ['/sql', 'SQL'],
  ['/network', 'Network'],
  ['/admin', 'Admin'],
];

const signedIn = () => isSignedIn();

export function App() {
  return (
    <RouterProvider>
      <Shell />
    </RouterProvider>
  );
}

function Shell() {
  const path = usePath();
  const authed = useSyncExternalStore(onSessionChange, signedIn);
  const [theme, setTheme] = useState<Theme>(initialTheme);
  const pathname = path.split('?')[0];

  let page: { Page: Page; params: Record<string, string>; title: string } | undefined;
  for (const [pattern, Page, title] of ROUTES) {
    const params = match(pattern, pathname);
    if (params) {
      page = { Page, params, title };
      break;
    }
  }
  useEffect(() => {
    document.title = `${authed ? (page?.title ?? 'Not found') : 'Sign in'} · Agentic console`;
  }, [authed, page?.title]);

  if (!authed) return <SignIn />;
  const toggle = () => {
    const next = theme === 'dark' ? 'light' : 'dark';
    applyTheme(next, true);
    setTheme(next);
  };
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Agentic console</span>
        <nav aria-label="Main">
          <ul>
            {NAV.map(([to, label]) => {
              const current = to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
              return (
                <li key={to}>
                  <Link to={to} aria-current={current ? 'page' : undefined}>
                    {label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="actions">
          <button type="button" onClick={toggle} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
            {theme === 'dark' ? '☀ Light' : '☾ Dark'}
          </button>
          <button
            type="button"
            onClick={() => {
              void signOut();
              navigate('/', true);
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p aria-busy="true">Loading…</p>}>
          {page ? (
            <page.Page params={page.params} key={pathname} />
          ) : (
            <section>
              <h1>Not found</h1>
              <p>
                No page at <code>{pathname}</code>. <Link to="/">Home</Link>
              </p>
            </section>
          )}
        </Suspense>
      </main>
    </div>
  );
}
