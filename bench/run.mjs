#!/usr/bin/env node
// `npm run bench`: the runtime against its peers on loopback, in one run (issue 10). Prints tables
// of absolute numbers, ratios and targets, and writes bench/results.json.
// Flags: --quick (small numbers, to debug the harness), --only=cold,http,throughput,sse,burst,specialists
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request, sleep, now, stats, median, timeFirstSseEvent } from './lib/http.mjs';
import { burst, closedLoop, investigate, planFloor } from './lib/investigations.mjs';
import { detectLoadTool, load } from './lib/load.mjs';
import { PEERS, PYTHON, ROOT, RUNTIME_ENTRY, launch, launchRuntime, unavailable } from './lib/peers.mjs';
import { cpuSeconds, forkHelper, installCleanup, memory, portIsFree, portsHandedOut, runToEnd, stop, stopAll, survivors } from './lib/procs.mjs';
import { fmt, machine, packageVersion, pythonVersions } from './lib/report.mjs';
import { evaluate, printTables } from './lib/summary.mjs';
import { clearInterval, setInterval } from 'node:timers';

installCleanup();
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const only = argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const wanted = (section) => !only || only.includes(section);
const envNum = (name, fallback) => Number(process.env[name] ?? fallback);

const CONFIG = {
  connections: envNum('BENCH_CONNECTIONS', 50),
  loadThreads: envNum('BENCH_THREADS', 1), // one core for the load generator, the other for the server
  seconds: envNum('BENCH_SECONDS', quick ? 2 : 5),
  warmupSeconds: 1,
  coldRuns: envNum('BENCH_COLD_RUNS', quick ? 2 : 5),
  throughput: { concurrency: 8, warmupMs: quick ? 1000 : 2000, durationMs: quick ? 3000 : 10_000 },
  burst: { n: envNum('BENCH_BURST', quick ? 100 : 1000), delayMs: 200, probeEveryMs: 10, idleProbeMs: 1000 },
  sse: { n: quick ? 10 : 50, warmup: 5, slowN: quick ? 10 : 50 },
  specialists: { delayMs: 300, runs: quick ? 1 : 5 },
};

const results = { command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`, machine: machine(), config: CONFIG, tools: {}, peers: {}, runtime: {}, targets: [], errors: [] };
const log = (msg) => process.stdout.write(`${msg}\n`);
const t0 = now();

async function section(name, fn, enabled = wanted(name)) {
  if (!enabled) return;
  log(`\n▶ ${name}`);
  try {
    await fn();
  } catch (error) {
    log(`  ✗ ${name} failed: ${error.message}`);
    results.errors.push({ section: name, error: error.message });
  }
}

// ── setup: Debian packages and the bundle ──────────────────────────────────────────────────────
/** The files a start parses: the entry and the chunks it imports statically, transitively (not those behind `import()`). */
function parsedAtStart(entry, seen = new Set()) {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  for (const m of readFileSync(entry, 'utf8').matchAll(/(?:^|\n)import\s*(?:[^"';]*?from\s*)?"(\.{1,2}\/[^"]+)"/g)) parsedAtStart(resolve(dirname(entry), m[1]), seen);
  return seen;
}

async function setup() {
  const needed = !spawnSync('sh', ['-c', 'command -v wrk']).stdout.length || unavailable(PEERS[0]);
  if (needed) {
    log('  installing Debian packages (bench/setup.sh)…');
    try { log(`  ${(await runToEnd('setup', 'bash', [`${ROOT}bench/setup.sh`], { timeoutMs: 300_000 })).trim()}`); }
    catch (error) { log(`  ✗ ${error.message}`); results.errors.push({ section: 'setup', error: error.message }); }
  }
  results.tools.load = await detectLoadTool();
  results.tools.python = pythonVersions(PYTHON);
  results.tools.node = process.version;
  for (const name of ['bedrock-agentcore', 'fastify', 'uWebSockets.js', 'autocannon', 'esbuild']) results.tools[name] = packageVersion(ROOT, name);
  log(`  load generator: ${results.tools.load.version}`);
  if (results.tools.python) log(`  python ${results.tools.python.python}, fastapi ${results.tools.python.fastapi}, uvicorn ${results.tools.python.uvicorn} (${results.tools.python.loop}, ${results.tools.python.http})`);

  // The production bundle, rebuilt when older than the sources (the same rule as `npm start`).
  const built = RUNTIME_ENTRY !== 'dist/main.mjs' ? { status: 0 }
    : spawnSync(process.execPath, ['--input-type=module', '-e', "import { ensureBuilt } from './scripts/ensure-built.mjs'; ensureBuilt();"], { cwd: ROOT, stdio: 'inherit' });
  const bundle = `${ROOT}${RUNTIME_ENTRY}`;
  if (!existsSync(bundle)) throw new Error(`npm run build failed (exit ${built.status}) and there is no dist/main.mjs; the runtime is skipped`);
  const files = [...parsedAtStart(bundle)];
  results.tools.bundle = { path: RUNTIME_ENTRY, bytes: files.reduce((sum, f) => sum + statSync(f).size, 0), files: files.length, builtAt: statSync(bundle).mtime.toISOString(), sourceMap: existsSync(`${bundle}.map`) ? statSync(`${bundle}.map`).size : 0 };
  if (built.status !== 0) {
    // Measure what exists rather than nothing, and say so everywhere.
    results.tools.bundle.stale = `npm run build failed (exit ${built.status}); measuring the previous bundle of ${results.tools.bundle.builtAt}`;
    log(`  ✗ ${results.tools.bundle.stale}`);
    results.errors.push({ section: 'setup', error: results.tools.bundle.stale });
  }
  log(`  ${RUNTIME_ENTRY}: ${(results.tools.bundle.bytes / 2 ** 20).toFixed(1)} MB parsed at start (the entry and ${results.tools.bundle.files - 1} chunks; + ${(results.tools.bundle.sourceMap / 2 ** 20).toFixed(1)} MB source map)`);
}

// ── peers: cold start and /ping under load ─────────────────────────────────────────────────────
function peerEntry(peer) {
  results.peers[peer.id] ??= { label: peer.label };
  return results.peers[peer.id];
}

function skipReason(peer) {
  const reason = unavailable(peer) ?? (peer.id === 'runtime' && !results.tools.bundle ? 'no bundle (build failed)' : undefined);
  if (reason) { peerEntry(peer).skipped = reason; log(`  - ${peer.label}: SKIPPED: ${reason}`); }
  return reason;
}

async function coldStarts() {
  for (const peer of PEERS) {
    if (skipReason(peer)) continue;
    const runs = [], cpu = [];
    try {
      for (let i = 0; i <= CONFIG.coldRuns; i++) {
        const { proc, startMs } = await launch(peer);
        // CPU the process used up to its first /ping: less sensitive to a busy machine than wall time.
        const cpuMs = cpuSeconds(proc.pid) * 1000;
        await stop(proc);
        if (i > 0) { runs.push(startMs); cpu.push(cpuMs); } // the first run warms the page cache
      }
      peerEntry(peer).coldStart = { runsMs: runs.map((r) => Number(r.toFixed(1))), medianMs: median(runs), cpuMsToFirstPing: cpu, medianCpuMs: median(cpu) };
      log(`  ${peer.label}: ${fmt(median(runs))} ms (runs ${runs.map((r) => fmt(r, 0)).join(', ')}), CPU to first /ping ${fmt(median(cpu), 0)} ms`);
    } catch (error) {
      peerEntry(peer).coldStart = { error: error.message };
      log(`  ✗ ${peer.label}: ${error.message}`);
    }
  }
}

async function httpLayer() {
  const tool = results.tools.load ?? await detectLoadTool();
  const opts = { connections: CONFIG.connections, seconds: CONFIG.seconds, threads: CONFIG.loadThreads };
  for (const peer of PEERS) {
    if (skipReason(peer)) continue;
    let running;
    try {
      running = await launch(peer);
      const url = `http://127.0.0.1:${running.port}/ping`;
      await load(tool, url, { ...opts, seconds: CONFIG.warmupSeconds });
      const r = await load(tool, url, opts);
      peerEntry(peer).ping = { tool: tool.name, ...opts, ...r };
      log(`  ${peer.label}: ${fmt(r.rps, 0)} req/s, p50 ${fmt(r.p50Ms, 2)} ms, p99 ${fmt(r.p99Ms, 2)} ms${r.non2xx ? `, ${r.non2xx} non-2xx` : ''}`);
    } catch (error) {
      peerEntry(peer).ping = { error: error.message };
      log(`  ✗ ${peer.label}: ${error.message}`);
    } finally {
      await stop(running?.proc);
    }
  }
}

// ── the runtime: throughput, first SSE event, 1,000 at once, parallel vs sequential ────────────
async function throughputAndSse() {
  const { proc, port } = await launchRuntime({ MAX_CONCURRENT_INVESTIGATIONS: '1000' });
  try {
    let cpu0 = 0, cpu1 = 0;
    const { concurrency, warmupMs, durationMs } = CONFIG.throughput;
    if (wanted('throughput')) {
    const rssBefore = memory(proc.pid).rssMb;
    const r = await closedLoop(port, { concurrency, warmupMs, durationMs, onWindow: (w) => { if (w === 'start') cpu0 = cpuSeconds(proc.pid); else cpu1 = cpuSeconds(proc.pid); } });
    const perSecond = r.completed / (r.windowMs / 1000);
    const cpuMs = ((cpu1 - cpu0) * 1000) / r.completed;
    const lat = stats(r.latenciesMs);
    results.runtime.throughput = { concurrency, windowMs: r.windowMs, completed: r.completed, errors: r.errors.length, firstError: r.errors[0], investigationsPerSecond: perSecond, cpuMsPerInvestigation: cpuMs, cpuSeconds: cpu1 - cpu0, latencyMs: lat };
    const rssAfter = memory(proc.pid).rssMb, total = r.completed + r.warmupCompleted;
    // Memory that stays after investigations ended grows RSS linearly (a leak or an unbounded store).
    results.runtime.throughput.rssMb = { before: rssBefore, after: rssAfter, investigations: total, growthPerInvestigation: (rssAfter - rssBefore) / total };
    log(`  ${fmt(perSecond)} investigations/s at concurrency ${concurrency}, ${fmt(cpuMs)} ms CPU each, latency p50 ${fmt(lat.p50)} ms p99 ${fmt(lat.p99)} ms, ${r.errors.length} errors; RSS ${fmt(rssBefore, 0)} → ${fmt(rssAfter, 0)} MB after ${total} investigations`);
    }

    if (!wanted('sse')) return;
    const { n, warmup } = CONFIG.sse;
    const body = { prompt: 'Why is web-service slow?', user_id: 'bench', stream: true };
    const samples = [];
    for (let i = 0; i < warmup + n; i++) {
      const s = await timeFirstSseEvent(port, { ...body, session_id: `bench-sse-${i}-${Date.now()}` });
      if (i >= warmup) samples.push(s);
    }
    const first = stats(samples.map((s) => s.firstEventMs));
    results.runtime.firstSse = { model: 'offline, no delay', n, firstEventMs: first, firstByteMs: stats(samples.map((s) => s.firstByteMs)), streamMs: stats(samples.map((s) => s.total)), complete: samples.filter((s) => s.complete).length };
    log(`  first SSE event (offline model, no delay): median ${fmt(first.p50, 2)} ms, p99 ${fmt(first.p99, 2)} ms (whole stream median ${fmt(results.runtime.firstSse.streamMs.p50)} ms)`);
  } finally {
    await stop(proc);
  }
}

async function waitHealthy(port, deadlineMs = 30_000) {
  const until = now() + deadlineMs;
  while (now() < until) {
    if (JSON.parse((await request({ port, path: '/ping' })).body).status === 'Healthy') return;
    await sleep(50);
  }
}

async function burstLoad() {
  const { n, delayMs, probeEveryMs, idleProbeMs } = CONFIG.burst;
  const { proc, port } = await launchRuntime({ OFFLINE_LLM_DELAY_MS: String(delayMs), MAX_CONCURRENT_INVESTIGATIONS: String(Math.max(n, 1000)) });
  let prober;
  try {
    // First SSE event when the model is slow: the stream is closed after the first event.
    if (wanted('sse')) {
      const slow = [];
      for (let i = 0; i < CONFIG.sse.slowN; i++) slow.push(await timeFirstSseEvent(port, { prompt: 'Why is web-service slow?', user_id: 'bench', stream: true, session_id: `bench-sse-slow-${i}-${Date.now()}` }, { untilEnd: false }));
      results.runtime.firstSseSlowModel = { model: `offline, ${delayMs} ms per call`, n: slow.length, firstEventMs: stats(slow.map((s) => s.firstEventMs)) };
      log(`  first SSE event (${delayMs} ms model): median ${fmt(results.runtime.firstSseSlowModel.firstEventMs.p50, 2)} ms, p99 ${fmt(results.runtime.firstSseSlowModel.firstEventMs.p99, 2)} ms`);
      await waitHealthy(port);
    }
    if (!wanted('burst')) return;
    for (let i = 0; i < 3; i++) await investigate(port, { tag: 'warm' });
    const idle = memory(proc.pid);

    prober = forkHelper('prober', fileURLToPath(new URL('./lib/prober.mjs', import.meta.url)), [String(port), String(probeEveryMs)]);
    await new Promise((resolve, reject) => { prober.child.once('message', resolve); prober.exit.then(() => reject(new Error(`prober exited: ${prober.output}`))); });
    await sleep(idleProbeMs);
    let peakRss = idle.rssMb;
    const rssPoll = setInterval(() => { try { peakRss = Math.max(peakRss, memory(proc.pid).rssMb); } catch { /* exited */ } }, 50);
    const cpu0 = cpuSeconds(proc.pid);
    const loadStart = Date.now();
    const b = await burst(port, n);
    const loadEnd = Date.now();
    const cpu1 = cpuSeconds(proc.pid);
    clearInterval(rssPoll);
    const mem = memory(proc.pid);
    prober.child.send('stop');
    const probed = await new Promise((resolve) => prober.child.once('message', resolve));
    const during = probed.samples.filter(([at]) => at >= loadStart && at <= loadEnd);
    const before = probed.samples.filter(([at]) => at < loadStart);
    const statuses = {};
    for (const r of b.results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    const completed = b.results.filter((r) => r.ok).length;
    results.runtime.burst = {
      n, modelDelayMs: delayMs, completed, allCompleted: completed === n, statuses, firstError: b.results.find((r) => !r.ok),
      wallMs: b.wallMs, latencyMs: stats(b.results.filter((r) => r.ok).map((r) => r.ms)), cpuSeconds: cpu1 - cpu0,
      cpuMsPerInvestigation: ((cpu1 - cpu0) * 1000) / n, cpuBusyShare: (cpu1 - cpu0) / (b.wallMs / 1000),
      ping: { everyMs: probeEveryMs, duringLoad: { ...stats(during.map((s) => s[1])), failed: during.filter((s) => s[2] !== 200).length }, idle: stats(before.map((s) => s[1])), unanswered: probed.unanswered },
      rssMb: { idle: idle.rssMb, peakPolled: peakRss, peakVmHWM: mem.hwmMb, afterLoad: mem.rssMb },
    };
    const p = results.runtime.burst.ping.duringLoad;
    log(`  ${completed}/${n} completed in ${fmt(b.wallMs / 1000, 2)} s (${JSON.stringify(statuses)}); /ping during load p50 ${fmt(p.p50, 2)} ms p99 ${fmt(p.p99, 2)} ms max ${fmt(p.max)} ms (${p.n} pings); peak RSS ${fmt(mem.hwmMb)} MB (idle ${fmt(idle.rssMb)} MB); CPU ${fmt(cpu1 - cpu0, 2)} s`);
  } finally {
    await stop(prober);
    await stop(proc);
  }
}

async function specialists() {
  const { delayMs, runs } = CONFIG.specialists;
  results.runtime.specialists = { modelDelayMs: delayMs, runs };
  for (const mode of ['parallel', 'sequential']) {
    const { proc, port } = await launchRuntime({ OFFLINE_LLM_DELAY_MS: String(delayMs), SPECIALISTS: mode });
    try {
      const warm = await investigate(port, { tag: `warm-${mode}`, keepOutput: true });
      if (mode === 'parallel' && warm.ok) results.runtime.specialists.plan = planFloor(warm.output);
      const walls = [];
      for (let i = 0; i < runs; i++) {
        const r = await investigate(port, { tag: mode });
        if (!r.ok) throw new Error(`${mode} investigation failed: ${r.status} ${r.error}`);
        walls.push(r.ms);
      }
      results.runtime.specialists[mode] = { wallMs: walls.map((w) => Number(w.toFixed(1))), medianMs: median(walls) };
      log(`  SPECIALISTS=${mode}: median ${fmt(median(walls), 0)} ms (${walls.map((w) => fmt(w, 0)).join(', ')})`);
    } finally {
      await stop(proc);
    }
  }
}

async function finish() {
  await stopAll();
  const left = survivors();
  const busy = [];
  for (const port of portsHandedOut()) if (!(await portIsFree(port))) busy.push(port);
  results.cleanup = { childProcessesLeft: left, portsStillInUse: busy };
  results.durationSeconds = Number(((now() - t0) / 1000).toFixed(1));
  writeFileSync(fileURLToPath(new URL('./results.json', import.meta.url)), `${JSON.stringify(results, null, 2)}\n`);
  log(`\nCleanup: ${left.length} child process(es) left${left.length ? ` (${left.map((p) => `${p.name}:${p.pid}`).join(', ')})` : ''}, ${busy.length ? `ports still in use: ${busy.join(', ')}` : `all ${portsHandedOut().length} ports free`}.`);
  log(`Wrote bench/results.json in ${results.durationSeconds} s.`);
}

try {
  await section('setup', setup, true);
  await section('cold', coldStarts);
  await section('http', httpLayer);
  if (results.tools.bundle) {
    await section('throughput', throughputAndSse, wanted('throughput') || wanted('sse'));
    await section('burst', burstLoad, wanted('burst') || wanted('sse'));
    await section('specialists', specialists);
  }
  evaluate(results);
  printTables(results, CONFIG, log);
} finally {
  await finish();
}
