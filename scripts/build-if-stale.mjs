#!/usr/bin/env node
// `npm start` builds only when a source is newer than the last build: a restart takes seconds, not a compile.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.build-stamp');
// console/ too: the build also builds the web console (scripts/build-console.mjs skips it when it is current).
const sources = [
  'src',
  'libs',
  'bench',
  'migrations',
  'tsconfig.json',
  'tsconfig.build.json',
  'package-lock.json',
  'console/src',
  'console/index.html',
  'console/vite.config.ts',
  'console/package.json',
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
const changed = Math.max(...sources.map((s) => newest(join(root, s))));
if (changed > built || !existsSync(join(root, 'dist', 'src', 'main.js'))) {
  execSync('npm run build --silent', { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, new Date().toISOString());
}
