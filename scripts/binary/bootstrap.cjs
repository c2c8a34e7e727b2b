'use strict';
/* global process, Buffer, require */
/* eslint-disable @typescript-eslint/no-require-imports -- a single executable's entry must be CommonJS */
// Entry point of the single executable (`npm run build:binary`). Builtins only: inside a single executable
// application `require` loads nothing else. It unpacks the embedded archive (dist/ plus the production
// node_modules) once per build into a versioned cache folder, then starts dist/src/main.js from there.
// The platform starts child processes with process.execPath (the local Chroma server, the SQLite tool's worker):
// here that is this file again, so it also runs `<exe> script.js args` and `<exe> -e code` the way node does.
const { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { homedir } = require('node:os');
const { dirname, isAbsolute, join, resolve } = require('node:path');
const { inflateRawSync } = require('node:zlib');
const sea = require('node:sea');

const PREFIX = 'agentic-ai:';
const SCRIPT = /\.(c|m)?js$/;

function say(line) {
  process.stderr.write(`${PREFIX} ${line}\n`);
}

/** Node-style child invocations: leading V8/node flags, then `-e code` or a script path. */
function childInvocation(args) {
  let i = 0;
  const flags = [];
  while (i < args.length && args[i].startsWith('--') && args[i] !== '--') flags.push(args[i++]);
  if (args[i] === '-e' || args[i] === '--eval') return { flags, code: args[i + 1] ?? '', rest: args.slice(i + 2) };
  const script = args[i];
  if (script && SCRIPT.test(script) && existsSync(resolve(script)) && statSync(resolve(script)).isFile()) {
    return { flags, script: resolve(script), rest: args.slice(i + 1) };
  }
  return flags.length ? { flags, invalid: true } : undefined;
}

function runChild(child) {
  if (child.invalid) {
    say(`unsupported arguments ${JSON.stringify(child.flags)}: this executable runs the platform, a script, or -e code`);
    process.exit(9);
  }
  // Heap limits cannot be changed after start (pass them in NODE_OPTIONS instead); other V8 flags apply.
  for (const flag of child.flags) if (!/^--max-(old|semi)-space-size/.test(flag)) require('node:v8').setFlagsFromString(flag);
  if (child.script) {
    process.argv = [process.execPath, child.script, ...child.rest];
    Module.runMain(child.script);
    return;
  }
  process.argv = [process.execPath, ...child.rest];
  const filename = join(process.cwd(), '[eval]');
  const module = new Module(filename, null);
  module.filename = filename;
  module.paths = Module._nodeModulePaths(process.cwd());
  module._compile(child.code, filename);
}

function cacheBase() {
  if (process.env.AGENTIC_CACHE_DIR) return resolve(process.env.AGENTIC_CACHE_DIR);
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'agentic-ai-acceleration');
}

/** Leftovers of unpacks whose process is gone (a crash or a kill mid-unpack): never trusted, removed. */
function removeAbandoned(base) {
  for (const name of readdirSync(base)) {
    const match = /^\.unpack-[0-9a-f]+-(\d+)-/.exec(name);
    if (!match) continue;
    try {
      process.kill(Number(match[1]), 0);
    } catch (error) {
      if (error.code === 'ESRCH') rmSync(join(base, name), { recursive: true, force: true });
    }
  }
}

function unpack(manifest, base, root) {
  mkdirSync(base, { recursive: true });
  removeAbandoned(base);
  const started = Date.now();
  const archive = Buffer.from(sea.getAsset('app.agar'));
  const indexLength = archive.readUInt32LE(0);
  const entries = JSON.parse(archive.subarray(4, 4 + indexLength).toString('utf8'));
  const data = 4 + indexLength;
  say(`first run of build ${manifest.hash.slice(0, 12)}: unpacking ${entries.length} files into ${root}`);
  const temp = join(base, `.unpack-${manifest.hash.slice(0, 12)}-${process.pid}-${Date.now()}`);
  const made = new Set();
  for (const [path, mode, offset, length] of entries) {
    const target = join(temp, path);
    const folder = dirname(target);
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    writeFileSync(target, inflateRawSync(archive.subarray(data + offset, data + offset + length)), { mode });
  }
  writeFileSync(join(temp, '.complete'), `${manifest.hash}\n`);
  try {
    renameSync(temp, root);
  } catch (error) {
    // Another process finished the same unpack first: its folder is as good as this one.
    rmSync(temp, { recursive: true, force: true });
    if (!existsSync(join(root, '.complete'))) throw error;
  }
  say(`unpacked in ${Date.now() - started} ms`);
}

function main() {
  const args = process.argv.slice(2);
  const manifest = JSON.parse(sea.getAsset('manifest.json', 'utf8'));
  if (args[0] === '--version' || args[0] === '-v') {
    process.stdout.write(`${manifest.version} (build ${manifest.hash.slice(0, 12)}, node ${process.version})\n`);
    return;
  }
  if (args[0] === '--help' || args[0] === '-h') {
    process.stdout.write(
      'Usage: agentic-ai    starts the platform; configured by environment variables only (see README "Configuration").\n' +
        '       agentic-ai --version\n' +
        `First run unpacks ${Math.ceil(manifest.unpackedBytes / 1e6)} MB into ${join(cacheBase(), manifest.hash)}.\n`,
    );
    return;
  }
  const child = childInvocation(args);
  if (child) return runChild(child);
  const base = cacheBase();
  const root = join(base, manifest.hash);
  try {
    if (!existsSync(join(root, '.complete'))) {
      if (existsSync(root)) rmSync(root, { recursive: true, force: true });
      unpack(manifest, base, root);
    }
  } catch (error) {
    say(`cannot unpack into ${root}: ${error.message}`);
    say('set XDG_CACHE_HOME or AGENTIC_CACHE_DIR to a writable folder (about ' + `${Math.ceil(manifest.unpackedBytes / 1e6)} MB)`);
    process.exit(1);
  }
  for (const piece of manifest.missing) {
    say(`not embedded: ${piece.what}: ${piece.effect}`);
    Object.assign(process.env, { ...piece.env, ...process.env });
  }
  process.env.AGENTIC_BINARY_ROOT = root;
  const entry = join(root, 'dist', 'src', 'main.js');
  process.argv = [process.execPath, entry, ...args];
  Module.runMain(entry);
}

main();
