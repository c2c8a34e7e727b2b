#!/usr/bin/env node
/* global process, console */
// Builds the web console (console/, Vite) unless console/dist is newer than every source it is made of:
// `npm run build` (and the pretest and bench scripts that run it) pays for a Vite build only after a change.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Beside console/dist, not in it: everything in console/dist is served.
const stamp = join(root, 'console', '.build-stamp');
export const CONSOLE_SOURCES = [
  'console/src',
  'console/index.html',
  'console/vite.config.ts',
  'console/tsconfig.json',
  'console/package.json',
  'console/scripts',
  'libs/sdk',
  'libs/workflow',
  'package-lock.json',
];

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path))
    if (entry !== 'node_modules' && entry !== 'dist') latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
const changed = Math.max(...CONSOLE_SOURCES.map((s) => newest(join(root, s))));
if (process.argv.includes('--force') || changed > built || !existsSync(join(root, 'console', 'dist', 'index.html'))) {
  execSync('npm run build --workspace console --silent', { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, new Date().toISOString());
} else {
  console.log('console: up to date (console/dist)');
}
