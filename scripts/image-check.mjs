// `npm run image:check`: the container image's steps, performed outside Docker (Docker cannot run
// everywhere CI does). Mirrors the Dockerfile: the bundle; a production install from the lockfile in a
// clean folder; only dist/, production node_modules, package.json and scenarios/ beside it; the
// image's CMD started with the image's environment; /ping; the image's HEALTHCHECK command; one
// investigation; SIGTERM. Exits non-zero with a clear message on any failure.
// Needs the npm registry (the production install is real). IMAGE_CHECK_KEEP=1 keeps the folder.
/* global fetch, AbortSignal, setTimeout */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const started = Date.now();
const MB = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const step = (text) => process.stdout.write(`image:check: ${text}\n`);

class CheckFailed extends Error {}
const fail = (message) => { throw new CheckFailed(message); };

/** Total size of a tree (files and symlinks themselves, not their targets). */
function sizeOf(path) {
  const st = lstatSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

/** Paths below `dir` whose name matches, skipping node_modules. */
function findNamed(dir, pattern, found = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (pattern.test(entry.name)) found.push(path);
    if (entry.isDirectory() && entry.name !== 'node_modules') findNamed(path, pattern, found);
  }
  return found;
}

/** The Dockerfile's exec-form CMD and HEALTHCHECK, so the check runs what the image runs. */
function readDockerfile() {
  const text = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const runtimeStage = text.slice(text.lastIndexOf('\nFROM '));
  const health = /^HEALTHCHECK\s.*?\bCMD\s+(\[.*\])\s*$/m.exec(runtimeStage);
  const cmds = [...runtimeStage.matchAll(/^CMD\s+(\[.*\])\s*$/gm)];
  if (!health) fail('Dockerfile: no exec-form HEALTHCHECK ... CMD [...] in the runtime stage');
  if (!cmds.length) fail('Dockerfile: no exec-form CMD [...] in the runtime stage');
  if (!/^USER\s+\d+\s*$/m.test(runtimeStage)) fail('Dockerfile: the runtime stage needs a numeric USER');
  const copies = [...runtimeStage.matchAll(/^COPY\s+(?:--from=\S+\s+)?(.*)$/gm)].map((m) => m[1].trim());
  return { healthcheck: JSON.parse(health[1]), cmd: JSON.parse(cmds.at(-1)[1]), copies };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function run(command, args, options) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
  if (result.error) fail(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(' ')} exited ${result.status}\n${(result.stdout + result.stderr).trim().split('\n').slice(-30).join('\n')}`);
  return result;
}

const npm = process.env.npm_execpath && process.env.npm_execpath.endsWith('.js')
  ? { command: process.execPath, prefix: [process.env.npm_execpath] }
  : { command: process.platform === 'win32' ? 'npm.cmd' : 'npm', prefix: [] };

let dir;
let child;
let childOutput = '';

async function main() {
  const docker = readDockerfile();

  // 1. The bundle stage: `npm run build`.
  step('building the bundle (node scripts/build.mjs)');
  run(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root });

  // 2. The deps stage: package.json + package-lock.json, then `npm ci --omit=dev`.
  dir = mkdtempSync(join(tmpdir(), 'sre-agent-image-'));
  step(`production install in ${dir} (npm ci --omit=dev)`);
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  cpSync(join(root, 'package-lock.json'), join(dir, 'package-lock.json'));
  const installStarted = Date.now();
  run(npm.command, [...npm.prefix, 'ci', '--omit=dev', '--no-audit', '--no-fund'], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: 'production', npm_config_loglevel: 'warn' },
  });
  const installMs = Date.now() - installStarted;
  // The runtime stage copies node_modules from the deps stage, not the lockfile.
  rmSync(join(dir, 'package-lock.json'));

  // 3. The runtime stage: dist/ and scenarios/ beside production node_modules and package.json.
  for (const part of ['dist', 'scenarios']) {
    if (!docker.copies.some((c) => c.split(/\s+/).at(-1).replace(/^\.\//, '').replace(/\/$/, '') === part)) fail(`Dockerfile: the runtime stage does not COPY ${part}/`);
    cpSync(join(root, part), join(dir, part), { recursive: true });
  }
  mkdirSync(join(dir, 'data'));

  // 4. Nothing that should not be there.
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const devPaths = Object.entries(lock.packages ?? {}).filter(([path, p]) => path && p.dev).map(([path]) => path);
  // The lockfile marks what only dev dependencies need (`dev: true`). A devDependency that a
  // production package also needs (ws, via langsmith) is `devOptional` and rightly installed.
  const devPresent = devPaths.filter((path) => existsSync(join(dir, path)));
  if (devPresent.length) fail(`dev-only packages in the production install: ${devPresent.slice(0, 10).join(', ')}${devPresent.length > 10 ? ', …' : ''}`);
  const devOnly = Object.keys(pkg.devDependencies ?? {}).filter((name) => lock.packages?.[`node_modules/${name}`]?.dev);
  if (devOnly.length < 5) fail(`package-lock.json marks only ${devOnly.length} devDependencies as dev-only; is it current?`);
  for (const name of new Set(['vitest', 'typescript', 'esbuild', 'eslint', 'tsx', ...devOnly])) {
    if (existsSync(join(dir, 'node_modules', name))) fail(`dev-only package ${name} is in the production install`);
  }
  const envFiles = findNamed(dir, /^\.env/);
  if (envFiles.length) fail(`.env files were copied: ${envFiles.join(', ')}`);
  const allowed = new Set(['package.json', 'node_modules', 'dist', 'scenarios', 'data']);
  const extra = readdirSync(dir).filter((name) => !allowed.has(name));
  if (extra.length) fail(`unexpected files in the image folder: ${extra.join(', ')}`);
  if (!existsSync(join(dir, docker.cmd[1] ?? ''))) fail(`the image's CMD ${JSON.stringify(docker.cmd)} names a file that is not there`);
  step(`${devPaths.length} dev-only packages absent, no .env files, only ${[...allowed].join(', ')}`);

  // 5. Start the image's CMD with the image's environment (and nothing from this shell).
  const port = await freePort();
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    TMPDIR: tmpdir(),
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: join(dir, 'data'),
  };
  const [command, ...args] = docker.cmd;
  step(`starting ${docker.cmd.join(' ')} on 127.0.0.1:${port}`);
  const startMs = Date.now();
  child = spawn(command === 'node' ? process.execPath : command, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => { childOutput += d; });
  child.stderr.on('data', (d) => { childOutput += d; });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let exit;
  exited.then((e) => { exit = e; });

  const base = `http://127.0.0.1:${port}`;
  let firstPingMs;
  let ping;
  while (firstPingMs === undefined) {
    if (exit) fail(`the runtime exited before answering /ping (code ${exit.code}, signal ${exit.signal})`);
    if (Date.now() - startMs > 30_000) fail('no 200 from /ping within 30 s');
    try {
      const res = await fetch(`${base}/ping`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) { firstPingMs = Date.now() - startMs; ping = await res.json(); break; }
    } catch { /* not listening yet */ }
    await sleep(100);
  }
  if (ping?.status !== 'Healthy') fail(`/ping answered ${JSON.stringify(ping)}, expected status Healthy`);
  step(`/ping 200 ${JSON.stringify(ping)} after ${firstPingMs} ms`);

  // The HEALTHCHECK command itself, as Docker would run it inside the container.
  const [hcCommand, ...hcArgs] = docker.healthcheck;
  const hc = spawnSync(hcCommand === 'node' ? process.execPath : hcCommand, hcArgs, { cwd: dir, env, encoding: 'utf8', timeout: 3000 });
  if (hc.status !== 0) fail(`the HEALTHCHECK command exited ${hc.status ?? hc.signal ?? hc.error?.message}: ${hc.stderr}`);
  step('HEALTHCHECK command exited 0');

  const invokeStarted = Date.now();
  const res = await fetch(`${base}/invocations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: 'Why is the database pod restarting?' }),
    signal: AbortSignal.timeout(60_000),
  });
  const body = await res.text();
  let parsed;
  try { parsed = JSON.parse(body); } catch { fail(`/invocations answered ${res.status} with non-JSON: ${body.slice(0, 300)}`); }
  if (res.status !== 200 || parsed?.output?.status !== 'completed') {
    fail(`/invocations answered ${res.status} status ${parsed?.output?.status ?? '?'}: ${body.slice(0, 500)}`);
  }
  const invokeMs = Date.now() - invokeStarted;
  step(`investigation completed in ${invokeMs} ms (${parsed.output.plan?.steps?.length ?? '?'} plan steps)`);

  // 6. SIGTERM: a clean exit.
  child.kill('SIGTERM');
  const stopped = await Promise.race([exited, sleep(15_000).then(() => undefined)]);
  if (!stopped) fail('the runtime did not exit within 15 s of SIGTERM');
  if (stopped.code !== 0) fail(`the runtime exited ${stopped.code ?? stopped.signal} after SIGTERM, expected 0`);
  step('SIGTERM: exited 0');

  // 7. Summary.
  const distFiles = readdirSync(join(dir, 'dist'));
  const bundles = distFiles.filter((f) => f.endsWith('.mjs')).map((f) => `${f} ${MB(statSync(join(dir, 'dist', f)).size)}`);
  // The entries are small: code shared by both, and adapters loaded only when configured, are chunks.
  const chunks = existsSync(join(dir, 'dist', 'chunks')) ? readdirSync(join(dir, 'dist', 'chunks')).filter((f) => f.endsWith('.mjs')) : [];
  if (chunks.length) bundles.push(`${chunks.length} chunks ${MB(chunks.reduce((sum, f) => sum + statSync(join(dir, 'dist', 'chunks', f)).size, 0))}`);
  const summary = [
    `production node_modules ${MB(sizeOf(join(dir, 'node_modules')))} (${readdirSync(join(dir, 'node_modules')).filter((n) => !n.startsWith('.')).length} top-level entries, installed in ${secs(installMs)})`,
    `bundle ${MB(sizeOf(join(dir, 'dist')))} (${bundles.join(', ')})`,
    `scenarios ${MB(sizeOf(join(dir, 'scenarios')))}`,
    `app folder total ${MB(sizeOf(dir))} (plus the node:20-bookworm-slim base)`,
    `first /ping ${firstPingMs} ms after start; investigation ${invokeMs} ms`,
  ];
  step(`PASSED in ${secs(Date.now() - started)}\n  ${summary.join('\n  ')}`);
}

let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  const message = error instanceof CheckFailed ? error.message : error instanceof Error ? error.stack : String(error);
  process.stderr.write(`image:check: FAILED: ${message}\n`);
  if (childOutput) process.stderr.write(`--- runtime output (last 40 lines) ---\n${childOutput.trim().split('\n').slice(-40).join('\n')}\n`);
} finally {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (dir) {
    if (process.env.IMAGE_CHECK_KEEP) step(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
process.exit(failed ? 1 : 0);
