import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostileRuntime, type HostileRuntime } from '../support/hostile-runtime.js';
import { HostileSocket, post, postHead } from '../support/hostile-socket.js';

// Thousands of hostile requests leave the heap where it was: nothing per request (a buffered body,
// a timer, a listener, a log context) outlives the request. The runtime runs in this process, so
// its heap is this heap; `gc` is exposed at run time, as vitest starts its workers without flags.
// RSS over minutes, native uWS memory included, is the soak script's job (scripts/soak.mjs).

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const BODY_TIMEOUT_MS = 200;
let rt: HostileRuntime;

beforeAll(async () => {
  rt = await startHostileRuntime({ maxBodyBytes: 64 * 1024, bodyTimeoutMs: BODY_TIMEOUT_MS });
});
afterAll(async () => {
  await rt?.stop();
});

const deep = '['.repeat(10_000) + ']'.repeat(10_000);

/** One hostile exchange of each kind, by index; resolves with the status, or 0 for a closed connection. */
const HOSTILE: ((port: number) => Promise<number>)[] = [
  (port) => answer(port, post('{"prompt": "why')),
  (port) => answer(port, post(JSON.stringify({ prompt: 7, user_id: [], stream: 'yes' }))),
  (port) => answer(port, post(Buffer.concat([Buffer.from('{"prompt":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]))),
  (port) => answer(port, post(deep)),
  (port) => answer(port, post('{"__proto__":{"prompt":"why?"},"constructor":{"prototype":{"polluted":1}}}')),
  (port) => answer(port, post(JSON.stringify({ prompt: 'why?', session_id: 'a\r\nSet-Cookie: x=1' }))),
  (port) => answer(port, postHead('content-length: 10000000') + 'x'.repeat(2_000)),
  (port) => answer(port, post('x'.repeat(70 * 1024))),
  (port) => answer(port, post('{}').toString().replace('application/json', 'text/plain')),
  (port) => answer(port, 'GET /nope HTTP/1.1\r\nhost: x\r\n\r\n'),
  (port) => answer(port, postHead('transfer-encoding: chunked') + 'zz\r\nabc\r\n0\r\n\r\n'),
  (port) => abort(port, postHead('content-length: 5000') + '{"prompt":"' + 'x'.repeat(1_000)),
];

async function answer(port: number, request: string | Buffer): Promise<number> {
  const s = await HostileSocket.send(port, request);
  try {
    // A connection closed without an answer counts as 0.
    return await s.response(2_000).then((res) => res.status, () => 0);
  } finally {
    s.destroy();
  }
}

async function abort(port: number, request: string): Promise<number> {
  const s = await HostileSocket.send(port, request);
  await new Promise((resolve) => setTimeout(resolve, 2));
  s.destroy();
  return 0;
}

/** Runs `count` hostile exchanges, `concurrency` at a time; counts the statuses. */
async function barrage(port: number, count: number, concurrency = 16): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) {
      const i = next++;
      const status = await HOSTILE[i % HOSTILE.length]!(port);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  }));
  return statuses;
}

/** Lets closed sockets and timers settle, then collects until the heap stops shrinking. */
async function settledHeap(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, BODY_TIMEOUT_MS + 100));
  let used = Infinity;
  for (let i = 0; i < 5; i += 1) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
    const now = process.memoryUsage().heapUsed;
    if (now >= used) break;
    used = now;
  }
  return used;
}

describe('memory under hostile load', () => {
  it('keeps the heap flat over 2,400 hostile requests', async () => {
    // Warm-up: lazy compilation, uWS and logger buffers, the bounded log window.
    await barrage(rt.port, 400);
    const before = await settledHeap();
    const statuses = await barrage(rt.port, 2_400);
    const after = await settledHeap();

    const growthMb = (after - before) / 1024 / 1024;
    console.log(`heap used ${(before / 1048576).toFixed(1)} MB → ${(after / 1048576).toFixed(1)} MB (${growthMb >= 0 ? '+' : ''}${growthMb.toFixed(2)} MB); statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect([...statuses.keys()].every((status) => status === 0 || (status >= 400 && status < 500))).toBe(true);
    // Measured: +0.2 MB after 1,200 requests, +0.6 MB after 9,600 (warm-up, not per request); a leak of 1 KB a request would show +2.4 MB.
    expect(growthMb).toBeLessThan(2);
    await rt.expectHealthy();
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  }, 30_000);
});
