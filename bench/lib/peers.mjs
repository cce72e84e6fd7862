// What the benchmark starts: the four peers and the runtime's production entry, each its own process.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { waitForPing, now } from './http.mjs';
import { freePort, start, stop } from './procs.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
export const ROOT = here('../../');
export const PYTHON = '/usr/bin/python3'; // Debian's interpreter: where python3-fastapi is installed

const dataDir = mkdtempSync(`${tmpdir()}/sre-bench-`);
/** The runtime's entry: the production bundle, or another build to compare (BENCH_RUNTIME_ENTRY, relative to the project). */
export const RUNTIME_ENTRY = process.env.BENCH_RUNTIME_ENTRY ?? 'dist/main.mjs';

/** The runtime's environment in the benchmark: loopback, quiet logs, no memory backend. */
export function runtimeEnv(extra = {}) {
  return { NODE_ENV: 'production', HOST: '127.0.0.1', LOG_LEVEL: 'error', MEMORY_BACKEND: 'none', DATA_DIR: dataDir, ...extra };
}

export const PEERS = [
  { id: 'fastapi', label: 'FastAPI + uvicorn (Python)', cmd: PYTHON, args: (port) => [here('../peers/fastapi_app.py'), String(port)] },
  { id: 'sdk', label: 'bedrock-agentcore SDK (Fastify)', cmd: process.execPath, args: (port) => [here('../peers/sdk-app.mjs'), String(port)] },
  { id: 'node-http', label: 'raw node:http', cmd: process.execPath, args: (port) => [here('../peers/node-http.mjs'), String(port)] },
  { id: 'uws', label: 'raw uWebSockets.js', cmd: process.execPath, args: (port) => [here('../peers/uws.mjs'), String(port)] },
  { id: 'runtime', label: `sre-agent (node ${RUNTIME_ENTRY})`, cmd: process.execPath, args: () => [`${ROOT}${RUNTIME_ENTRY}`], env: (port) => runtimeEnv({ PORT: String(port) }) },
];

/** Why a peer cannot run on this machine, or undefined. */
export function unavailable(peer) {
  if (peer.id !== 'fastapi') return undefined;
  try {
    execFileSync(PYTHON, ['-c', 'import fastapi, uvicorn'], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `${PYTHON} cannot import fastapi/uvicorn (${String(error.stderr ?? error.message).trim().split('\n').pop()}); install Debian's python3-fastapi python3-uvicorn (bench/setup.sh)`;
  }
}

/** Starts a peer on a fresh port and waits for /ping 200; { proc, port, startMs } (stopped on failure). */
export async function launch(peer, { env = {}, deadlineMs = 30_000 } = {}) {
  const port = await freePort();
  const t0 = now();
  const proc = start(peer.id, peer.cmd, peer.args(port), { env: { ...(peer.env?.(port) ?? {}), ...env }, cwd: ROOT });
  try {
    const startMs = await waitForPing(port, { t0, deadlineMs, proc });
    return { proc, port, startMs };
  } catch (error) {
    await stop(proc);
    throw error;
  }
}

/** Starts the runtime with extra settings (PORT is chosen here). */
export function launchRuntime(extraEnv = {}, options = {}) {
  return launch(PEERS.find((p) => p.id === 'runtime'), { ...options, env: runtimeEnv(extraEnv) });
}
