export type Theme = 'light' | 'dark';
const KEY = 'agentic.theme';

/** The saved choice, else the system's (prefers-color-scheme). */
export function initialTheme(): Theme {
  const saved = localStorage.getItem(KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function applyTheme(theme: Theme, persist = false): void {
  document.documentElement.dataset.theme = theme;
  if (persist) localStorage.setItem(KEY, theme);
}
