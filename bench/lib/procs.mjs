// Child processes of the benchmark: spawned in their own process group, tracked, and all killed on
// exit, Ctrl-C, SIGTERM or a crash, so that no run leaves an orphan holding a port.
import { spawn, fork, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { clearTimeout, setTimeout } from 'node:timers';

const live = new Set();
const everStarted = [];
const TAIL_BYTES = 8192;

function tail(buf, chunk) {
  const next = buf + chunk.toString('utf8');
  return next.length > TAIL_BYTES ? next.slice(-TAIL_BYTES) : next;
}

function track(child, name) {
  const proc = { name, child, pid: child.pid, output: '', stdout: '', exited: false, exitCode: null, signal: null };
  proc.exit = new Promise((resolve) => {
    const done = (code, signal) => {
      if (proc.exited) return;
      Object.assign(proc, { exited: true, exitCode: code, signal });
      live.delete(proc);
      resolve({ code, signal });
    };
    child.once('exit', done);
    // A command that could not be spawned (ENOENT) may never emit 'exit'.
    child.once('error', (error) => {
      proc.output = tail(proc.output, `spawn error: ${error.message}\n`);
      if (child.pid === undefined) done(127, null);
    });
  });
  // Always drain the pipes (a child blocked on a full pipe would stall), keep only the tail.
  child.stdout?.on('data', (c) => {
    proc.output = tail(proc.output, c);
    if (proc.stdout.length < 1 << 20) proc.stdout += c.toString('utf8');
  });
  child.stderr?.on('data', (c) => { proc.output = tail(proc.output, c); });
  live.add(proc);
  if (child.pid !== undefined) everStarted.push({ name, pid: child.pid });
  return proc;
}

/** Spawns `cmd args` as the leader of a new process group (so the whole group can be killed). */
export function start(name, cmd, args, { env = {}, cwd } = {}) {
  // NODE_EXTRA_CA_CERTS (set by some CI sandboxes) costs every Node peer ~30 ms at start and is not in the image.
  const inherited = { ...process.env };
  delete inherited.NODE_EXTRA_CA_CERTS;
  const child = spawn(cmd, args, { cwd, env: { ...inherited, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  return track(child, name);
}

/** Runs a tracked command to its end; resolves its stdout, rejects on a non-zero exit or the timeout. */
export async function runToEnd(name, cmd, args, { timeoutMs = 60_000, okCodes = [0] } = {}) {
  const proc = start(name, cmd, args);
  const timer = setTimeout(() => signalGroup(proc, 'SIGKILL'), timeoutMs);
  const { code, signal } = await proc.exit;
  clearTimeout(timer);
  if (!okCodes.includes(code)) throw new Error(`${name} failed (code ${code}, signal ${signal}): ${proc.output.trim().slice(-600)}`);
  return proc.stdout;
}

/** Forks a Node helper script with an IPC channel (the prober). */
export function forkHelper(name, script, args = []) {
  const child = fork(script, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  return track(child, name);
}

function signalGroup(proc, signal) {
  try { process.kill(-proc.pid, signal); } catch { try { process.kill(proc.pid, signal); } catch { /* gone */ } }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
export async function stop(proc, graceMs = 3000) {
  if (!proc || proc.exited || proc.pid === undefined) return;
  signalGroup(proc, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(proc, 'SIGKILL'), graceMs);
  await proc.exit;
  clearTimeout(timer);
  // The group may hold grandchildren (none expected); make sure.
  signalGroup(proc, 'SIGKILL');
}

export async function stopAll() {
  await Promise.all([...live].map((p) => stop(p)));
}

export function liveCount() { return live.size; }

/** Every process this run started that still exists (an orphan, unless it is still tracked). */
export function survivors() {
  return everStarted.filter(({ pid }) => {
    try {
      const state = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return state.slice(state.lastIndexOf(')') + 2, state.lastIndexOf(')') + 3) !== 'Z';
    } catch { return false; }
  });
}

function killAllNow() {
  for (const proc of live) signalGroup(proc, 'SIGKILL');
}

let installed = false;
/** Kills every child on any way out of the runner. */
export function installCleanup() {
  if (installed) return;
  installed = true;
  process.on('exit', killAllNow);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      process.stderr.write(`\nbench: ${sig}, stopping ${live.size} child process(es)\n`);
      killAllNow();
      process.exit(130);
    });
  }
  process.on('uncaughtException', (error) => {
    process.stderr.write(`bench: uncaught ${error?.stack ?? error}\n`);
    killAllNow();
    process.exit(1);
  });
}

const CLK_TCK = (() => { try { return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100; } catch { return 100; } })();

/** User + system CPU seconds the process has used so far (/proc/<pid>/stat utime + stime). */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the comm field: state is fields[0]; utime and stime are fields 14 and 15 of the full line.
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** { rssMb, hwmMb } from /proc/<pid>/status (VmRSS now, VmHWM the peak resident set). */
export function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

const handedOut = new Set();
/** A loopback port that is free now (and not handed out before in this run). */
export async function freePort() {
  for (;;) {
    const port = await new Promise((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', () => { const { port: p } = srv.address(); srv.close(() => resolve(p)); });
    });
    if (!handedOut.has(port)) { handedOut.add(port); return port; }
  }
}

export function portsHandedOut() { return [...handedOut]; }

/** True when nothing listens on the port (binding it on 0.0.0.0 and 127.0.0.1 succeeds). */
export async function portIsFree(port) {
  for (const host of ['127.0.0.1', '0.0.0.0']) {
    const ok = await new Promise((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, host, () => srv.close(() => resolve(true)));
    });
    if (!ok) return false;
  }
  return true;
}
