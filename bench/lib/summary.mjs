// The issue's targets, and the tables `npm run bench` prints (Markdown, readable as plain text).
import { PEERS, RUNTIME_ENTRY } from './peers.mjs';
import { fmt, ratio, table, x } from './report.mjs';

export const TARGETS = { pingVsUws: 0.9, coldVsFastapi: 1.0, burstPingP99Ms: 25, burstRssMb: 512, firstSseMs: 5, parallelVsSequential: 0.5 };

/** Adds the issue's targets, met or missed, to `results.targets`. */
export function evaluate(results) {
  const p = results.peers, rt = results.runtime;
  const target = (id, name, value, reference, r, goal, met, note) => results.targets.push({ id, name, value, reference, ratio: r, goal, met: met === undefined ? null : met, ...(note ? { note } : {}) });
  const pingR = ratio(p.runtime?.ping?.rps, p.uws?.ping?.rps);
  target('ping', '/ping req/s vs raw uWS', `${fmt(p.runtime?.ping?.rps, 0)} req/s`, `${fmt(p.uws?.ping?.rps, 0)} req/s`, pingR, `≥ ${TARGETS.pingVsUws}×`, Number.isFinite(pingR) ? pingR >= TARGETS.pingVsUws : undefined);
  const coldR = ratio(p.runtime?.coldStart?.medianMs, p.fastapi?.coldStart?.medianMs);
  target('cold', 'cold start vs FastAPI', `${fmt(p.runtime?.coldStart?.medianMs)} ms`, `${fmt(p.fastapi?.coldStart?.medianMs)} ms`, coldR, `≤ ${TARGETS.coldVsFastapi}×`, Number.isFinite(coldR) ? coldR <= TARGETS.coldVsFastapi : undefined);
  const b = rt.burst;
  if (b) {
    target('burst-complete', `${b.n} concurrent slow investigations complete`, `${b.completed}/${b.n}`, undefined, b.completed / b.n, 'all', b.allCompleted);
    target('burst-ping', '/ping p99 during that load', `${fmt(b.ping.duringLoad.p99, 2)} ms`, `idle ${fmt(b.ping.idle.p99, 2)} ms`, ratio(b.ping.duringLoad.p99, TARGETS.burstPingP99Ms), `< ${TARGETS.burstPingP99Ms} ms`, b.ping.duringLoad.p99 < TARGETS.burstPingP99Ms);
    target('burst-rss', 'peak RSS during that load', `${fmt(b.rssMb.peakVmHWM)} MB`, `idle ${fmt(b.rssMb.idle)} MB`, ratio(b.rssMb.peakVmHWM, TARGETS.burstRssMb), `< ${TARGETS.burstRssMb} MB`, b.rssMb.peakVmHWM < TARGETS.burstRssMb);
  } else target('burst', 'concurrent slow investigations', '—', undefined, NaN, 'all, p99 < 25 ms, < 512 MB', undefined);
  const sse = rt.firstSse?.firstEventMs;
  target('sse', 'first SSE event (median; p99 in reference)', `${fmt(sse?.p50, 2)} ms`, `p99 ${fmt(sse?.p99, 2)} ms`, ratio(sse?.p50, TARGETS.firstSseMs), `< ${TARGETS.firstSseMs} ms`, sse ? sse.p50 < TARGETS.firstSseMs : undefined);
  const s = rt.specialists;
  const parR = ratio(s?.parallel?.medianMs, s?.sequential?.medianMs);
  target('specialists', 'parallel vs sequential specialists', `${fmt(s?.parallel?.medianMs, 0)} ms`, `${fmt(s?.sequential?.medianMs, 0)} ms`, parR, `≤ ${TARGETS.parallelVsSequential}×`, Number.isFinite(parR) ? parR <= TARGETS.parallelVsSequential : undefined);
}

/** The peers, runtime and targets tables. */
export function printTables(results, CONFIG, log) {
  const p = results.peers;
  const peerRows = PEERS.map((peer) => {
    const e = p[peer.id] ?? {};
    if (e.skipped) return [peer.label, 'skipped', '', '', '', '', '', '', e.skipped];
    return [peer.label, fmt(e.ping?.rps, 0), fmt(e.ping?.p50Ms, 2), fmt(e.ping?.p99Ms, 2), x(ratio(e.ping?.rps, p.uws?.ping?.rps)), fmt(e.coldStart?.medianMs), x(ratio(e.coldStart?.medianMs, p.fastapi?.coldStart?.medianMs)), fmt(e.coldStart?.medianCpuMs, 0), e.ping?.error ?? e.coldStart?.error ?? ''];
  });
  const tool = results.tools.load?.name ?? '?';
  log(`\nHTTP layer (GET /ping, ${tool}, ${CONFIG.connections} connections × ${CONFIG.seconds} s after ${CONFIG.warmupSeconds} s warm-up) and cold start (spawn → first /ping 200, median of ${CONFIG.coldRuns})`);
  log(table(['peer', 'req/s', 'p50 ms', 'p99 ms', '× uWS', 'cold start ms', '× FastAPI', 'CPU to 1st ping ms', 'note'], peerRows));

  const rt = results.runtime, rows = [];
  if (rt.throughput) {
    const t = rt.throughput;
    rows.push(['offline investigations/s (concurrency 8)', fmt(t.investigationsPerSecond), `${t.completed} in ${fmt(t.windowMs / 1000)} s, ${t.errors} errors`]);
    rows.push(['CPU per investigation', `${fmt(t.cpuMsPerInvestigation)} ms`, `utime+stime ${fmt(t.cpuSeconds, 2)} s`]);
    rows.push(['investigation latency p50 / p99', `${fmt(t.latencyMs.p50)} / ${fmt(t.latencyMs.p99)} ms`, 'offline model, no delay']);
    if (t.rssMb) rows.push(['RSS growth per investigation (retained + heap headroom)', `${fmt(t.rssMb.growthPerInvestigation, 2)} MB`, `RSS ${fmt(t.rssMb.before, 0)} → ${fmt(t.rssMb.after, 0)} MB over ${t.rssMb.investigations} investigations`]);
  }
  if (rt.firstSse) rows.push(['first SSE event p50 / p99', `${fmt(rt.firstSse.firstEventMs.p50, 2)} / ${fmt(rt.firstSse.firstEventMs.p99, 2)} ms`, `${rt.firstSse.n} streams, ${rt.firstSse.model}`]);
  if (rt.firstSseSlowModel) rows.push(['first SSE event p50 / p99', `${fmt(rt.firstSseSlowModel.firstEventMs.p50, 2)} / ${fmt(rt.firstSseSlowModel.firstEventMs.p99, 2)} ms`, `${rt.firstSseSlowModel.n} streams, ${rt.firstSseSlowModel.model}`]);
  if (rt.burst) {
    const b = rt.burst;
    rows.push([`${b.n} concurrent investigations (${b.modelDelayMs} ms model)`, `${b.completed}/${b.n}`, `wall ${fmt(b.wallMs / 1000, 2)} s, latency p50 ${fmt(b.latencyMs.p50 / 1000, 2)} s p99 ${fmt(b.latencyMs.p99 / 1000, 2)} s`]);
    rows.push(['  CPU during that load', `${fmt(b.cpuSeconds, 1)} s`, `${fmt(b.cpuMsPerInvestigation)} ms per investigation; ${fmt(100 * b.cpuBusyShare, 0)}% of one core over the wall time`]);
    rows.push(['  /ping during the load p50 / p99 / max', `${fmt(b.ping.duringLoad.p50, 2)} / ${fmt(b.ping.duringLoad.p99, 2)} / ${fmt(b.ping.duringLoad.max, 1)} ms`, `${b.ping.duringLoad.n} pings every ${b.ping.everyMs} ms; idle p99 ${fmt(b.ping.idle.p99, 2)} ms`]);
    rows.push(['  peak RSS', `${fmt(b.rssMb.peakVmHWM)} MB`, `idle ${fmt(b.rssMb.idle)} MB, after ${fmt(b.rssMb.afterLoad)} MB`]);
  }
  if (rt.specialists?.parallel && rt.specialists?.sequential) {
    const s = rt.specialists;
    rows.push([`parallel specialists (${s.modelDelayMs} ms model)`, `${fmt(s.parallel.medianMs, 0)} ms`, `median of ${s.runs}`]);
    rows.push([`sequential specialists (${s.modelDelayMs} ms model)`, `${fmt(s.sequential.medianMs, 0)} ms`, `ratio ${x(ratio(s.parallel.medianMs, s.sequential.medianMs))}`]);
    if (s.plan) rows.push(['  best ratio this plan allows', x(s.plan.floorRatio), `${s.plan.criticalPathCalls} of ${s.plan.llmCalls} model calls on the critical path; waves ${s.plan.waves.map((w) => `[${w.join(', ')}]`).join(' → ')}`]);
  }
  if (rows.length) { log(`\nThe runtime (node ${RUNTIME_ENTRY}, MEMORY_BACKEND=none, LOG_LEVEL=error)`); log(table(['measure', 'value', 'detail'], rows)); }

  log('\nTargets');
  log(table(['target', 'measured', 'reference', 'ratio', 'goal', 'met?'], results.targets.map((t) => [t.name, t.value, t.reference ?? '', x(t.ratio), t.goal, t.met === null ? 'n/a' : t.met ? 'met' : 'MISSED'])));
  if (results.tools.bundle?.stale) log(`\nWARNING: ${results.tools.bundle.stale}`);
  const m = results.machine;
  log(`\nMachine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.distro ?? m.os}, Node ${m.node}, load average at start ${m.loadAverageAtStart.join(' ')}; ${m.date}`);
}
