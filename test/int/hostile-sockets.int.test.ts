import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseResponse } from '../support/http-client.js';
import { startHostileRuntime, type HostileRuntime } from '../support/hostile-runtime.js';
import { expectJsonError, HostileSocket, post, postHead, sleep } from '../support/hostile-socket.js';

// Clients that lie about lengths, stall, trickle, vanish mid-upload or never send a request, against
// the whole runtime. The body timeout is 300 ms here (5 s by default); uWS's own idle timeout
// (8–12 s, not configurable) covers what arrives before a route runs.

const BODY_TIMEOUT_MS = 300;
const PROMPT = '{"prompt":"Why is the database pod restarting?"}';
let rt: HostileRuntime;

beforeAll(async () => {
  rt = await startHostileRuntime({ maxBodyBytes: 64 * 1024, bodyTimeoutMs: BODY_TIMEOUT_MS });
});
afterAll(async () => {
  await rt?.stop();
});
afterEach(async () => {
  await rt.expectHealthy();
});

/** The request log line of the last request that ended with `outcome` or `errorCode`. */
const finished = (field: 'outcome' | 'errorCode', value: string): Record<string, unknown> | undefined =>
  rt.recentLogs.findLast((l) => l['message'] === 'request finished' && l[field] === value);

describe('lying Content-Length', () => {
  it('answers the shorter body it announced, and treats the rest as the next request', async () => {
    // 14 bytes announced: `{"prompt":"Why` is not JSON. The leftover is no request line.
    const s = await HostileSocket.send(rt.port, postHead('content-length: 14') + PROMPT);
    expectJsonError(await s.response(), 400, 'invalid_json');
    s.destroy();
  });

  it('answers a leftover that is a request of its own, like any keep-alive request', async () => {
    const smuggled = 'GET /nowhere HTTP/1.1\r\nhost: x\r\n\r\n';
    const s = await HostileSocket.send(rt.port, postHead('content-length: 2') + '{}' + smuggled);
    await expect.poll(() => s.responses().length, { timeout: 2_000 }).toBe(2);
    const [first, second] = s.responses();
    expectJsonError(first!, 400, 'invalid_request', /prompt is required/);
    expectJsonError(second!, 404, 'not_found');
    s.destroy();
  });

  it('answers 408 in JSON and closes when the body stops short of its Content-Length', async () => {
    const s = await HostileSocket.send(rt.port, postHead('content-length: 500') + PROMPT);
    const started = performance.now();
    const res = await s.response(3_000);
    expectJsonError(res, 408, 'request_timeout', /No body bytes arrived for 300 ms/);
    expect(res.headers['connection']).toBe('close');
    expect(performance.now() - started).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS - 20);
    expect(performance.now() - started).toBeLessThan(BODY_TIMEOUT_MS + 1_000);
    expect(await s.waitForClose(1_000)).toBe(true);
  });

  it('answers 408 to a chunk that announces more than the body limit and sends ten bytes', async () => {
    // What counts is what arrives: a chunk size is a claim, like Content-Length.
    const s = await HostileSocket.send(rt.port, postHead('transfer-encoding: chunked') + '20000\r\n{"prompt"');
    expectJsonError(await s.response(3_000), 408, 'request_timeout');
    expect(await s.waitForClose(1_000)).toBe(true);
  });

  it('is dropped by uWS at once when a chunk announces 2 GB', async () => {
    const s = await HostileSocket.send(rt.port, postHead('transfer-encoding: chunked') + '7fffffff\r\n{"prompt"');
    expect(await s.waitForClose(1_000)).toBe(true);
    expect(s.received.toString('latin1')).toBe('');
  });

  it('answers 408 to a chunked body that never sends its last chunk', async () => {
    const s = await HostileSocket.send(rt.port, `${postHead('transfer-encoding: chunked')}${PROMPT.length.toString(16)}\r\n${PROMPT}\r\n`);
    expectJsonError(await s.response(3_000), 408, 'request_timeout');
  });

  it('answers 408 to a client that waits for 100-continue and then sends nothing', async () => {
    const s = await HostileSocket.send(rt.port, postHead('content-length: 50', 'expect: 100-continue'));
    expect(await s.waitForClose(3_000)).toBe(true);
    // uWS answers the expectation itself; the 408 follows.
    const [interim, final] = s.received.toString('utf8').split(/(?<=^HTTP\/1\.1 100 Continue\r\n\r\n)/);
    expect(interim).toBe('HTTP/1.1 100 Continue\r\n\r\n');
    expectJsonError(parseResponse(final ?? '', true)!, 408, 'request_timeout');
  });
});

describe('aborted uploads', () => {
  it.each([
    ['right after the head', (s: HostileSocket) => s.write(postHead('content-length: 1000'))],
    ['in the middle of the body', (s: HostileSocket) => s.write(postHead('content-length: 1000') + '{"prompt":"' + 'x'.repeat(400))],
    ['one byte before the end', (s: HostileSocket) => s.write(post(PROMPT).subarray(0, -1))],
    ['in the middle of a chunk', (s: HostileSocket) => s.write(postHead('transfer-encoding: chunked') + '400\r\n{"prompt":"xx')],
  ])('stays up when the client vanishes %s', async (_, send) => {
    const s = await HostileSocket.open(rt.port);
    send(s);
    await sleep(30);
    s.destroy();
    await expect.poll(() => finished('outcome', 'client disconnected during upload'), { timeout: 2_000 }).toBeDefined();
  });

  it('stays up when the client half-closes its side mid-body', async () => {
    const s = await HostileSocket.send(rt.port, postHead('content-length: 1000') + '{"prompt":');
    s.socket.end();
    expect(await s.waitForClose(2_000)).toBe(true);
    expect(s.received.toString('latin1')).not.toMatch(/^HTTP\/1\.1 5/);
  });

  it('stays up when 50 uploads are cut off at once', async () => {
    const sockets = await Promise.all(Array.from({ length: 50 }, () => HostileSocket.send(rt.port, postHead('content-length: 60000') + 'x'.repeat(10_000))));
    await sleep(50);
    for (const s of sockets) s.destroy();
    await sleep(50);
  });
});

describe('slow clients', () => {
  it('serves a body trickled one byte every 50 ms: each gap is within the body timeout', async () => {
    const body = '{"prompt":"Why is db down?"}';
    const s = await HostileSocket.send(rt.port, postHead(`content-length: ${body.length}`));
    await s.trickle(body, 50);
    const res = await s.response(5_000);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ output: { status: 'completed' } });
  });

  it('answers 408 once a trickling client pauses beyond the body timeout', async () => {
    const s = await HostileSocket.send(rt.port, postHead(`content-length: ${PROMPT.length}`));
    await s.trickle(PROMPT.slice(0, 12), 50);
    expectJsonError(await s.response(3_000), 408, 'request_timeout');
    expect(await s.waitForClose(1_000)).toBe(true);
  });

  it('answers 408 to a client whose first gap is longer than the body timeout', async () => {
    const s = await HostileSocket.send(rt.port, postHead(`content-length: ${PROMPT.length}`));
    await s.trickle(PROMPT, BODY_TIMEOUT_MS + 200);
    expectJsonError(await s.response(3_000), 408, 'request_timeout');
  });
});

describe('connections that never finish a request', () => {
  it('closes idle, garbage, half-sent and trickling connections at the uWS idle timeout while serving others', async () => {
    const quiet = await Promise.all(Array.from({ length: 100 }, () => HostileSocket.open(rt.port)));
    const garbage = await Promise.all([
      HostileSocket.send(rt.port, 'GARBAGE\r\n\r\n'),
      HostileSocket.send(rt.port, Buffer.from([0, 1, 2, 0xff, 13, 10, 13, 10])),
      HostileSocket.send(rt.port, 'GET /ping HTTP/1.1\r\nhost x\r\n\r\n'),
      HostileSocket.send(rt.port, 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'),
      HostileSocket.send(rt.port, 'POST http://evil.example/invocations HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}'),
      HostileSocket.send(rt.port, 'GET /pi'),
    ]);
    // Slowloris: a head one byte every 50 ms that never ends, and a body at 20 bytes a second,
    // each gap well within the 300 ms body timeout: uWS drops uploads under 16 KB/s after ~10 s.
    const slowHead = await HostileSocket.open(rt.port);
    const slowBody = await HostileSocket.send(rt.port, postHead('content-length: 60000'));
    void slowHead.trickle(`GET /ping HTTP/1.1\r\nhost: x\r\nx-slow: ${'a'.repeat(400)}`, 50);
    void slowBody.trickle(`{"prompt":"${'x'.repeat(400)}`, 50);
    const all = [...quiet, ...garbage, slowHead, slowBody];

    // The runtime still answers, quickly, while they hang on.
    for (let i = 0; i < 5; i += 1) {
      const started = performance.now();
      expect((await fetch(`${rt.url}/ping`)).status).toBe(200);
      expect(performance.now() - started).toBeLessThan(500);
      await sleep(200);
    }
    const res = await fetch(`${rt.url}/invocations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: PROMPT });
    expect(res.status).toBe(200);

    const closed = await Promise.all(all.map((s) => s.waitForClose(14_000)));
    expect(closed.every(Boolean)).toBe(true);
    for (const s of all) expect(s.received.toString('latin1')).toBe('');
    expect(Math.max(...all.map((s) => s.closedAfterMs ?? Infinity))).toBeLessThan(14_000);
  }, 20_000);
});
