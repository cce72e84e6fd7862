// Drives investigations against a running runtime: a closed loop (throughput) and a burst (N at once).
import http from 'node:http';
import { request, now } from './http.mjs';
import { setTimeout } from 'node:timers';

export const PROMPT = 'API response times have degraded 3x in the last hour. What is going on?';
let counter = 0;
const sessionId = (tag) => `bench-${tag}-${process.pid}-${++counter}-${Date.now().toString(36)}`;

/** One investigation; { ok, status, ms, outcome, error? } (never throws). */
export async function investigate(port, { agent = false, tag = 'x', timeoutMs = 300_000, prompt = PROMPT, keepOutput = false } = {}) {
  const t0 = now();
  try {
    const res = await request({ port, method: 'POST', path: '/invocations', agent, timeoutMs, body: { prompt, session_id: sessionId(tag), user_id: 'bench' } });
    let output;
    try { output = JSON.parse(res.body)?.output; } catch { /* not JSON */ }
    const ok = res.status === 200 && output?.status === 'completed';
    return { ok, status: res.status, ms: now() - t0, outcome: output?.status, ...(keepOutput ? { output } : {}), ...(ok ? {} : { error: res.body.slice(0, 300) }) };
  } catch (error) {
    return { ok: false, status: 0, ms: now() - t0, error: error.message };
  }
}

/**
 * `concurrency` workers, each sending the next investigation when the last one ends. Calls
 * `onWindow(start|end)` around the measured window (after `warmupMs`), so CPU can be sampled.
 */
export async function closedLoop(port, { concurrency, warmupMs, durationMs, onWindow = () => {} }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const startAt = now();
  let windowStart, windowEnd;
  const inWindow = [];
  const errors = [];
  let outside = 0;
  setTimeout(() => { windowStart = now(); onWindow('start'); }, warmupMs);
  setTimeout(() => { windowEnd = now(); onWindow('end'); }, warmupMs + durationMs);
  const worker = async () => {
    while (now() - startAt < warmupMs + durationMs) {
      const r = await investigate(port, { agent, tag: 'loop' });
      const t = now();
      const counted = windowStart !== undefined && windowEnd === undefined && t >= windowStart;
      if (!r.ok) errors.push(r);
      else if (counted) inWindow.push(r.ms);
      else outside += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return { completed: inWindow.length, warmupCompleted: outside, latenciesMs: inWindow, errors, windowMs: windowEnd - windowStart };
}

/** `n` investigations sent at once (one connection each); { results, wallMs }. */
export async function burst(port, n, { timeoutMs = 300_000 } = {}) {
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const t0 = now();
  const results = await Promise.all(Array.from({ length: n }, () => investigate(port, { agent, tag: 'burst', timeoutMs })));
  const wallMs = now() - t0;
  agent.destroy();
  return { results, wallMs };
}

/**
 * The best parallel/sequential ratio this investigation's plan allows when every model call takes
 * the same time: model calls on the critical path (plan, the slowest specialist of each wave, the
 * report) over all model calls. Waves follow `depends_on`, as the runtime's planWaves does.
 */
export function planFloor(output) {
  const steps = output?.plan?.steps ?? [];
  const byAgent = output?.usage?.by_agent ?? {};
  const total = output?.usage?.llm_calls;
  const calls = (s) => byAgent[s.agent]?.llm_calls ?? 0;
  const done = new Set(), waves = [];
  let remaining = [...steps];
  while (remaining.length) {
    const ready = remaining.filter((s) => (s.depends_on ?? []).every((d) => done.has(d)));
    const wave = ready.length ? ready : remaining;
    waves.push(wave.map((s) => s.agent));
    wave.forEach((s) => done.add(s.id));
    remaining = remaining.filter((s) => !wave.includes(s));
  }
  const inSpecialists = steps.reduce((n, s) => n + calls(s), 0);
  const critical = (total - inSpecialists) + waves.reduce((n, w) => n + Math.max(...w.map((a) => byAgent[a]?.llm_calls ?? 0)), 0);
  return { waves, llmCalls: total, llmCallsByAgent: Object.fromEntries(steps.map((s) => [s.agent, calls(s)])), criticalPathCalls: critical, floorRatio: critical / total };
}
