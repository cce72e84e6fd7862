// `npm run soak [-- --minutes N]`: a long run against the built runtime (minutes; not part of CI).
//
// Starts `node dist/main.mjs` (building it first when stale) with the offline analyst and
// in-memory memory, then keeps a steady number of clients busy with a mix of valid investigations
// (JSON and SSE), invalid requests (bad JSON, wrong types, bad UTF-8, deep nesting, oversized),
// aborted uploads and cancelled investigations (a client gone mid-stream, `{"action":"cancel"}`).
// It samples the runtime's RSS and /ping latency, prints what happened, and exits non-zero when
// the runtime died, a request got an answer it should not have (a 5xx, a wrong status), or RSS
// grew by more than the threshold after the warm-up.
//
//   --minutes 3  --concurrency 8  --warmup-seconds 20  --max-rss-growth-mb 150  --llm-delay-ms 5
//   --kinds valid,cancelled,invalid   (e.g. `--kinds invalid` to soak the HTTP edge alone)
//   --memory-backend in-memory        (`sqlite` keeps LangGraph checkpoints on disk, out of RSS)
/* global fetch, AbortController, AbortSignal, Buffer, TextDecoder, performance, setTimeout, clearTimeout */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { ensureBuilt } from './ensure-built.mjs';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '8' },
    'warmup-seconds': { type: 'string', default: '20' },
    'sample-seconds': { type: 'string', default: '5' },
    'max-rss-growth-mb': { type: 'string', default: '150' },
    'llm-delay-ms': { type: 'string', default: '5' },
    'max-body-bytes': { type: 'string', default: String(1024 * 1024) },
    seed: { type: 'string', default: '11' },
    // valid: investigations answered in JSON or SSE; cancelled: clients gone mid-stream and
    // {"action":"cancel"}; invalid: bad requests, oversized and aborted uploads, pings.
    kinds: { type: 'string', default: 'valid,cancelled,invalid' },
    'memory-backend': { type: 'string', default: 'in-memory' },
  },
});
const num = (name) => {
  const n = Number(args[name]);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, not ${args[name]}`);
  return n;
};
const MINUTES = num('minutes');
const CONCURRENCY = Math.max(1, Math.floor(num('concurrency')));
const WARMUP_MS = Math.min(num('warmup-seconds') * 1000, MINUTES * 60_000 / 2);
const SAMPLE_MS = Math.max(500, num('sample-seconds') * 1000);
const MAX_GROWTH_MB = num('max-rss-growth-mb');
const MAX_BODY_BYTES = Math.floor(num('max-body-bytes'));
const GROUPS = args.kinds.split(',').map((g) => g.trim());
const DATA_DIR = mkdtempSync(join(tmpdir(), 'sre-agent-soak-'));
const ENV = {
  MEMORY_BACKEND: args['memory-backend'], DATA_DIR, OFFLINE_LLM_DELAY_MS: String(num('llm-delay-ms')), LOG_LEVEL: 'warn',
  MAX_BODY_BYTES: String(MAX_BODY_BYTES), LLM_PROVIDER: 'offline', TOOLS: 'embedded',
};

const PROMPTS = [
  'Why is the database pod restarting?',
  'API response times have degraded 3x in the last hour. What is going on?',
  'Why is web-service returning 500 errors?',
  'Is the payment service healthy? Check its logs and metrics.',
  'What changed in the cluster in the last 30 minutes?',
];
const USERS = ['Alice', 'Carol', 'default_user', 'sre-oncall'];

// ---- the runtime -------------------------------------------------------------------------------

ensureBuilt();
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const child = spawn(process.execPath, ['dist/main.mjs'], {
  cwd: new URL('..', import.meta.url),
  env: { ...process.env, ...ENV, PORT: String(port), HOST: '127.0.0.1' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let stderrTail = '';
let exit;
child.stdout.on('data', () => undefined);
child.stderr.on('data', (d) => { stderrTail = (stderrTail + d).slice(-4000); });
const exited = new Promise((resolve) => child.once('exit', (code, signal) => { exit = { code, signal }; resolve(exit); }));
await waitForPing();

// ---- the clients -------------------------------------------------------------------------------

/** Each kind runs one exchange and returns its outcome; `expect` lists the outcomes that are fine. */
const ALL_KINDS = [
  { name: 'json investigation', group: 'valid', weight: 18, expect: ['200 completed'], run: jsonInvestigation },
  { name: 'sse investigation', group: 'valid', weight: 14, expect: ['200 result'], run: sseInvestigation },
  { name: 'sse, client gone', group: 'cancelled', weight: 8, expect: ['disconnected'], run: sseDisconnect },
  { name: 'sse + cancel action', group: 'cancelled', weight: 8, expect: ['cancelled', 'finished before cancel'], run: cancelAction },
  { name: 'bad json', group: 'invalid', weight: 8, expect: ['400 invalid_json'], run: () => simple('{"prompt": "why', 'POST') },
  { name: 'wrong types', group: 'invalid', weight: 8, expect: ['400 invalid_request'], run: () => simple(JSON.stringify({ prompt: [{ toolUse: {} }], user_id: 7, stream: 'yes' }), 'POST') },
  { name: 'bad utf-8', group: 'invalid', weight: 4, expect: ['400 invalid_json'], run: () => simple(Buffer.concat([Buffer.from('{"prompt":"'), Buffer.from([0xc0, 0xaf, 0xff]), Buffer.from('"}')]), 'POST') },
  { name: 'deep nesting', group: 'invalid', weight: 3, expect: ['400 invalid_request'], run: () => simple(`{"action":"modify","plan":{"steps":${'['.repeat(20_000)}${']'.repeat(20_000)}}}`, 'POST') },
  { name: 'oversized', group: 'invalid', weight: 5, expect: ['413 payload_too_large'], run: oversized },
  { name: 'aborted upload', group: 'invalid', weight: 5, expect: ['aborted'], run: abortedUpload },
  { name: 'unknown route', group: 'invalid', weight: 2, expect: ['404 not_found'], run: () => simple(undefined, 'GET', '/nope') },
  { name: 'ping', group: 'invalid', weight: 4, expect: ['200 ping'], run: ping },
];
const KINDS = ALL_KINDS.filter((k) => GROUPS.includes(k.group));
if (KINDS.length === 0) throw new Error(`--kinds must name some of valid, cancelled, invalid; got ${args.kinds}`);
const TOTAL_WEIGHT = KINDS.reduce((sum, k) => sum + k.weight, 0);
const counts = new Map(KINDS.map((k) => [k.name, new Map()]));
const unexpected = [];
const random = mulberry32(Number(args.seed));

async function jsonInvestigation() {
  const res = await post(JSON.stringify({ prompt: pick(PROMPTS), user_id: pick(USERS) }), sessionHeader());
  const body = await res.json();
  return `${res.status} ${body.output?.status ?? body.error?.code}`;
}

async function sseInvestigation() {
  const res = await post(JSON.stringify({ prompt: pick(PROMPTS), user_id: pick(USERS), stream: true }), sessionHeader());
  const events = parseSse(await res.text());
  const last = events.at(-1);
  if (events.some((e) => e === undefined)) return `${res.status} malformed event`;
  return `${res.status} ${last?.type === 'result' ? 'result' : JSON.stringify(last).slice(0, 80)}`;
}

async function sseDisconnect() {
  const controller = new AbortController();
  const res = await post(JSON.stringify({ prompt: pick(PROMPTS), stream: true }), sessionHeader(), controller.signal);
  const reader = res.body.getReader();
  await reader.read();
  controller.abort();
  await reader.cancel().catch(() => undefined);
  return 'disconnected';
}

async function cancelAction() {
  const session = sessionHeader();
  const res = await post(JSON.stringify({ prompt: pick(PROMPTS), stream: true }), session);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = decoder.decode((await reader.read()).value ?? new Uint8Array(), { stream: true });
  const cancel = await post(JSON.stringify({ action: 'cancel' }), session);
  await cancel.arrayBuffer();
  for (let r = await reader.read(); !r.done; r = await reader.read()) text += decoder.decode(r.value, { stream: true });
  const last = parseSse(text).at(-1);
  if (cancel.status === 404 && last?.output?.status === 'completed') return 'finished before cancel';
  if (cancel.status === 200 && last?.type === 'result' && last.output.status === 'cancelled') return 'cancelled';
  if (cancel.status === 200 && last?.output?.status === 'completed') return 'finished before cancel';
  return `cancel ${cancel.status}, stream ended ${JSON.stringify(last).slice(0, 100)}`;
}

async function simple(body, method, path = '/invocations') {
  const res = await fetch(`${base}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(30_000) });
  const json = await res.json();
  return `${res.status} ${json.error?.code ?? 'ok'}`;
}

async function ping() {
  const res = await fetch(`${base}/ping`, { signal: AbortSignal.timeout(10_000) });
  await res.arrayBuffer();
  return `${res.status} ping`;
}

/** Announces far more than the limit and starts sending: the answer must come before the body. */
async function oversized() {
  const text = await raw(`POST /invocations HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${MAX_BODY_BYTES * 50}\r\n\r\n${'x'.repeat(8192)}`, { waitForAnswer: true });
  const match = /^HTTP\/1\.1 (\d{3})[^]*?\r\n\r\n([^]*)$/.exec(text);
  return match ? `${match[1]} ${safeJson(match[2])?.error?.code}` : `no answer: ${JSON.stringify(text.slice(0, 80))}`;
}

/** Sends part of a body, then vanishes: nothing comes back, and the runtime must not care. */
async function abortedUpload() {
  const text = await raw(`POST /invocations HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 5000\r\n\r\n{"prompt":"${'x'.repeat(500)}`, { waitForAnswer: false });
  return text === '' ? 'aborted' : `answered: ${JSON.stringify(text.slice(0, 80))}`;
}

function raw(request, { waitForAnswer }) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const done = () => { clearTimeout(timer); socket.destroy(); resolve(text); };
    const timer = setTimeout(done, waitForAnswer ? 10_000 : 20);
    socket.on('data', (d) => {
      text += d.toString('utf8');
      const head = text.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(text)?.[1];
      if (head !== -1 && length !== undefined && Buffer.byteLength(text.slice(head + 4)) >= Number(length)) done();
    });
    socket.on('error', () => undefined);
    socket.on('close', done);
    socket.write(request);
  });
}

function post(body, headers = {}, signal = AbortSignal.timeout(120_000)) {
  return fetch(`${base}/invocations`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, signal });
}

function sessionHeader() {
  return { 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id': `soak-${randomUUID()}` };
}

function parseSse(text) {
  return text.split('\n\n').filter((b) => b.startsWith('data: ')).map((b) => safeJson(b.slice(6)));
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function pick(list) {
  return list[Math.floor(random() * list.length)];
}

function chooseKind() {
  let r = random() * TOTAL_WEIGHT;
  for (const kind of KINDS) if ((r -= kind.weight) < 0) return kind;
  return KINDS[0];
}

async function worker(until) {
  while (Date.now() < until && !exit) {
    const kind = chooseKind();
    let outcome;
    try {
      outcome = await kind.run();
    } catch (error) {
      outcome = `threw ${error?.cause?.code ?? error?.name ?? 'error'}: ${String(error?.message ?? error).slice(0, 80)}`;
    }
    const byOutcome = counts.get(kind.name);
    byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
    if (!kind.expect.includes(outcome) && unexpected.length < 1000) unexpected.push({ kind: kind.name, outcome, at: Date.now() });
  }
}

// ---- measurements ------------------------------------------------------------------------------

const samples = [];
const pingMs = [];
function rssMb() {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
  } catch {
    return NaN;
  }
}

async function sampler(until) {
  while (Date.now() < until && !exit) {
    samples.push({ at: Date.now(), mb: rssMb() });
    await sleep(SAMPLE_MS);
  }
}

/** /ping latency once a second, as AgentCore's health checks would see it under this load. */
async function pinger(until) {
  while (Date.now() < until && !exit) {
    const started = performance.now();
    try {
      const res = await fetch(`${base}/ping`, { signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      if (res.status === 200) pingMs.push(performance.now() - started);
    } catch {
      pingMs.push(Infinity);
    }
    await sleep(1_000);
  }
}

// ---- the run -----------------------------------------------------------------------------------

const startedAt = Date.now();
const until = startedAt + MINUTES * 60_000;
console.log(`soak: ${MINUTES} min against node dist/main.mjs on :${port} (pid ${child.pid}), ${CONCURRENCY} clients, warm-up ${WARMUP_MS / 1000} s, ` +
  `kinds ${GROUPS.join('+')}, MEMORY_BACKEND=${ENV.MEMORY_BACKEND} OFFLINE_LLM_DELAY_MS=${ENV.OFFLINE_LLM_DELAY_MS} MAX_BODY_BYTES=${MAX_BODY_BYTES}`);
const warmupSample = sleep(WARMUP_MS).then(() => ({ at: Date.now(), mb: rssMb(), requests: totalRequests(), investigations: countOf('valid') + countOf('cancelled') }));
await Promise.race([Promise.all([...Array.from({ length: CONCURRENCY }, () => worker(until)), sampler(until), pinger(until)]), exited]);
const start = await warmupSample;
const end = { at: Date.now(), mb: rssMb() };
const alive = !exit;

// The runtime should also stop cleanly on SIGTERM (CONTRACT.md §3 item 13).
if (alive) child.kill('SIGTERM');
const stop = await Promise.race([exited, sleep(15_000).then(() => undefined)]);
if (!stop) child.kill('SIGKILL');

// ---- the report --------------------------------------------------------------------------------

const measured = samples.filter((s) => s.at >= start.at && Number.isFinite(s.mb));
const peak = Math.max(start.mb, end.mb, ...measured.map((s) => s.mb));
const growth = end.mb - start.mb;
// A leak grows to the end; V8 sizing its heap to the load grows early, then levels off. So the
// verdict is on the second half of the run, after the heap has found its size.
const middle = measured[Math.floor(measured.length / 2)] ?? start;
const lateGrowth = end.mb - middle.mb;
const total = totalRequests();
const seconds = (Date.now() - startedAt) / 1000;
const fmt = (mb) => `${mb.toFixed(1)} MB`;

console.log(`\nrequests: ${total} in ${seconds.toFixed(0)} s (${(total / seconds).toFixed(1)}/s)`);
for (const kind of KINDS) {
  const byOutcome = [...counts.get(kind.name)].sort((a, b) => b[1] - a[1]);
  const n = byOutcome.reduce((sum, [, c]) => sum + c, 0);
  console.log(`  ${kind.name.padEnd(22)} ${String(n).padStart(6)}  ${byOutcome.map(([o, c]) => `${o} ×${c}`).join(', ')}`);
}
const finite = pingMs.filter(Number.isFinite).sort((a, b) => a - b);
const quantile = (q) => finite[Math.min(finite.length - 1, Math.floor(q * finite.length))] ?? NaN;
console.log(`/ping under load: ${pingMs.length} probes, p50 ${quantile(0.5).toFixed(1)} ms, p99 ${quantile(0.99).toFixed(1)} ms, max ${Math.max(...finite).toFixed(1)} ms, failed ${pingMs.length - finite.length}`);
console.log(`RSS: start ${fmt(start.mb)} (after ${(WARMUP_MS / 1000).toFixed(0)} s warm-up, ${start.requests} requests), end ${fmt(end.mb)}, peak ${fmt(peak)}, ` +
  `growth ${growth >= 0 ? '+' : ''}${fmt(growth)}, over the second half ${lateGrowth >= 0 ? '+' : ''}${fmt(lateGrowth)} (limit +${MAX_GROWTH_MB / 2} MB)`);
console.log(`RSS samples (MB, every ${SAMPLE_MS / 1000} s): ${samples.map((s) => s.mb.toFixed(0)).join(' ')}`);
const investigations = countOf('valid') + countOf('cancelled') - (start.investigations ?? 0);
if (investigations > 0) console.log(`investigations started after the warm-up: ${investigations}, RSS growth per 1,000: ${fmt(growth / investigations * 1000)}`);
if (investigations > 0 && !['sqlite', 'postgres'].includes(ENV.MEMORY_BACKEND)) {
  console.log(`note: with MEMORY_BACKEND=${ENV.MEMORY_BACKEND} LangGraph's MemorySaver keeps every checkpoint of every session in the process, so RSS grows with investigations by design; --memory-backend sqlite keeps them on disk`);
}
const fiveXx = unexpected.filter((u) => /^5\d\d /.test(u.outcome)).length;
console.log(`unexpected outcomes: ${unexpected.length} (5xx: ${fiveXx})`);
for (const u of unexpected.slice(0, 10)) console.log(`  ${u.kind}: ${u.outcome}`);
console.log(`runtime: ${alive ? 'alive at the end' : `DIED during the run (${JSON.stringify(exit)})`}; after SIGTERM: ${stop ? `exit code ${stop.code}${stop.signal ? ` signal ${stop.signal}` : ''}` : 'did not exit within 15 s'}`);
if (!alive || !stop || stop.code !== 0) console.log(`runtime stderr (tail):\n${stderrTail}`);

const failures = [
  !alive && 'the runtime died',
  lateGrowth > MAX_GROWTH_MB / 2 && `RSS grew by ${fmt(lateGrowth)} over the second half, over the ${MAX_GROWTH_MB / 2} MB limit`,
  unexpected.length > 0 && `${unexpected.length} unexpected outcomes`,
  (!stop || stop.code !== 0) && 'the runtime did not exit 0 on SIGTERM',
].filter(Boolean);
console.log(failures.length === 0 ? '\nsoak: PASS' : `\nsoak: FAIL (${failures.join('; ')})`);
rmSync(DATA_DIR, { recursive: true, force: true });
process.exit(failures.length === 0 ? 0 : 1);

// ---- helpers -----------------------------------------------------------------------------------

function countOf(group) {
  let n = 0;
  for (const kind of KINDS) if (kind.group === group) for (const c of counts.get(kind.name).values()) n += c;
  return n;
}

function totalRequests() {
  let n = 0;
  for (const byOutcome of counts.values()) for (const c of byOutcome.values()) n += c;
  return n;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitForPing() {
  for (const until = Date.now() + 60_000; Date.now() < until && !exit;) {
    try {
      if ((await fetch(`${base}/ping`)).ok) return;
    } catch { /* not listening yet */ }
    await sleep(100);
  }
  console.error(`the runtime did not answer /ping: ${JSON.stringify(exit)}\n${stderrTail}`);
  child.kill('SIGKILL');
  rmSync(DATA_DIR, { recursive: true, force: true });
  process.exit(1);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port: p } = server.address();
      server.close(() => resolve(p));
    });
  });
}

/** A small seeded generator, so two runs send the same mix. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

