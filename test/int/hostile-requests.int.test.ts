import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { anyJsonType, hostileJson, REQUEST_FIELDS } from '../support/hostile-arbitraries.js';
import { startHostileRuntime, type HostileRuntime } from '../support/hostile-runtime.js';
import { expectJsonError, HostileSocket, post, postHead, sleep } from '../support/hostile-socket.js';

// Hostile request bodies and heads against the whole runtime (offline analyst, in-memory memory)
// over raw sockets. Each case ends in a 4xx JSON error or a closed connection; the runtime keeps
// answering /ping and logs no error. Plain validation errors are in http-errors.int.test.ts.

const MAX_BODY_BYTES = 1024 * 1024;
const SESSION = 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id';
let rt: HostileRuntime;

beforeAll(async () => {
  rt = await startHostileRuntime({ maxBodyBytes: MAX_BODY_BYTES, bodyTimeoutMs: 300 });
});
afterAll(async () => {
  await rt?.stop();
});
afterEach(async () => {
  await rt.expectHealthy();
});

/** Sends one request on a fresh connection and reads the first response. */
async function ask(bytes: string | Buffer): Promise<ReturnType<HostileSocket['response']>> {
  const s = await HostileSocket.send(rt.port, bytes);
  try {
    return await s.response();
  } finally {
    s.destroy();
  }
}

const json = (value: unknown): string => JSON.stringify(value);

describe('hostile bodies: encoding', () => {
  it.each([
    ['a lone continuation byte', [0x80]],
    ['0xFF', [0xff]],
    ['an overlong "/" (C0 AF)', [0xc0, 0xaf]],
    ['a UTF-8-encoded surrogate half (ED A0 80)', [0xed, 0xa0, 0x80]],
    ['a code point above U+10FFFF (F4 90 80 80)', [0xf4, 0x90, 0x80, 0x80]],
    ['a five-byte form (F8 88 80 80 80)', [0xf8, 0x88, 0x80, 0x80, 0x80]],
    ['a sequence cut short (E6 97)', [0xe6, 0x97]],
  ])('answers 400 invalid_json to a prompt holding %s', async (_, bad) => {
    const body = Buffer.concat([Buffer.from('{"prompt":"why is '), Buffer.from(bad), Buffer.from(' slow?"}')]);
    expectJsonError(await ask(post(body)), 400, 'invalid_json');
  });

  it('answers 400 invalid_json to a body cut inside a multi-byte character', async () => {
    const body = Buffer.from('{"prompt":"漢');
    expectJsonError(await ask(post(body.subarray(0, body.length - 1))), 400, 'invalid_json');
  });

  it('answers 400 invalid_json to a UTF-16 body', async () => {
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json({ prompt: 'why?' }), 'utf16le')]);
    expectJsonError(await ask(post(body)), 400, 'invalid_json');
  });

  it('reads past a UTF-8 byte order mark, as the decoder does', async () => {
    const res = await ask(post(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json({ prompt: 'Why is the database pod restarting?' }))])));
    expect(res.status).toBe(200);
  });

  it('answers a prompt of lone surrogates and control characters as JSON, escaping them', async () => {
    const res = await ask(post(json({ prompt: 'why \ud800 is \udfff\u0000\u001b[31m the pod restarting?' })));
    expect(res.status).toBe(200);
    expect((JSON.parse(res.body) as { output: { status: string } }).output.status).toBe('completed');
  });
});

describe('hostile bodies: nesting 100,000 levels deep', () => {
  const depth = 100_000;
  const arrays = '['.repeat(depth) + ']'.repeat(depth);
  const objects = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

  it.each([
    ['arrays', arrays, 400, 'invalid_request', /not an array/],
    ['objects', objects, 400, 'invalid_request', /prompt is required/],
    ['arrays without their closing brackets', '['.repeat(depth), 400, 'invalid_json', /not valid/],
    ['a prompt', `{"prompt":${arrays}}`, 400, 'invalid_request', /prompt must be a string/],
    ['an input', `{"input":${objects}}`, 400, 'invalid_request', /input\.prompt is required/],
    // The plan of "modify" is passed on as sent: this one overflowed the checkpoint's serialiser (a 500).
    ['a plan', `{"action":"modify","plan":{"steps":[{"agent":"logs","goal":"g","x":${objects}}]}}`, 400, 'invalid_request', /plan must be nested at most/],
  ])('answers %s with a 4xx and no stack overflow', async (_, body, status, code, message) => {
    expectJsonError(await ask(post(body)), status, code, message);
  });

  it('ignores a deep unknown field next to a valid prompt', async () => {
    const res = await ask(post(`{"prompt":"Why is the database pod restarting?","extra":${objects}}`));
    expect(res.status).toBe(200);
  });
});

describe('hostile bodies: size', () => {
  /** A valid request padded with one huge string to exactly `bytes`. */
  const padded = (bytes: number): string => {
    const head = '{"prompt":"Why is the database pod restarting?","padding":"';
    return `${head}${'x'.repeat(bytes - head.length - 2)}"}`;
  };

  it('takes a body of exactly MAX_BODY_BYTES', async () => {
    const body = padded(MAX_BODY_BYTES);
    expect(Buffer.byteLength(body)).toBe(MAX_BODY_BYTES);
    expect((await ask(post(body))).status).toBe(200);
  });

  it('answers 413 in JSON to one byte more, and closes the connection', async () => {
    const s = await HostileSocket.send(rt.port, post(padded(MAX_BODY_BYTES + 1)));
    const res = await s.response();
    expectJsonError(res, 413, 'payload_too_large');
    expect(res.headers['connection']).toBe('close');
    expect(await s.waitForClose(2_000)).toBe(true);
  });

  it('answers 413 to a single huge string that crosses the limit while it streams in, without Content-Length', async () => {
    const s = await HostileSocket.send(rt.port, postHead('transfer-encoding: chunked'));
    const piece = 'x'.repeat(64 * 1024);
    s.write(`${(11).toString(16)}\r\n{"prompt":"\r\n`);
    for (let sent = 0; sent <= MAX_BODY_BYTES && !s.closed; sent += piece.length) s.write(`${piece.length.toString(16)}\r\n${piece}\r\n`);
    expectJsonError(await s.response(), 413, 'payload_too_large');
    s.destroy();
  });

  it('answers 400 to a prompt of 900,000 characters within the body limit', async () => {
    expectJsonError(await ask(post(json({ prompt: '漢'.repeat(300_000) }))), 400, 'invalid_request', /prompt must be at most 20000 characters/);
  });
});

describe('hostile bodies: wrong types and dangerous keys', () => {
  const WRONG: Record<string, unknown[]> = {
    prompt: [null, 7, true, [], {}, ['why?'], { text: 'why?' }],
    action: [null, 7, true, [], {}, 'APPROVE', 'delete_namespace'],
    investigation_id: [null, 7, true, [], {}],
    async: [null, 7, 'true', [], {}],
    plan: [null, 7, 'steps', true, []],
    session_id: [null, 7, true, [], {}, ''],
    user_id: [null, 7, true, [], {}, ''],
    auto_approve_plan: [null, 7, 'yes', [], {}],
    stream: [null, 7, 'true', [], {}],
  };
  const cases = Object.entries(WRONG).flatMap(([field, values]) => values.map((value) => [field, value] as const));

  it(`names the field for each of ${cases.length} wrong-typed values, flat and inside input`, async () => {
    for (const [field, value] of cases) {
      const fields: Record<string, unknown> = { prompt: 'why?', action: field === 'plan' ? 'modify' : undefined, investigation_id: 'inv-1', [field]: value };
      for (const [wrapped, body] of [[false, fields], [true, { input: fields }]] as const) {
        const res = await ask(post(json(body)));
        const error = expectJsonError(res, 400, 'invalid_request');
        expect(error.message, `${field}=${json(value)}`).toMatch(new RegExp(`^${wrapped ? 'input\\.' : ''}${field} `));
      }
    }
  });

  it('answers 150 random hostile bodies with JSON and never a 5xx', async () => {
    const body = fc.oneof(hostileJson, fc.dictionary(fc.constantFrom(...REQUEST_FIELDS), anyJsonType, { maxKeys: 6 }));
    for (const value of fc.sample(body, { seed: 11, numRuns: 150 })) {
      const res = await ask(post(json(value) ?? 'null'));
      expect(res.status, json(value)?.slice(0, 200)).toBeLessThan(500);
      expect(res.headers['content-type']).toBe('application/json');
      expect(Object.keys(JSON.parse(res.body) as object)).toEqual([res.status === 200 ? 'output' : 'error']);
    }
  });

  it.each([
    ['a prompt only in __proto__', '{"__proto__":{"prompt":"why?"}}', 400],
    ['a prompt only in constructor', '{"constructor":{"prompt":"why?"}}', 400],
    ['__proto__ next to a prompt', '{"prompt":"Why is the database pod restarting?","__proto__":{"polluted":"yes"}}', 200],
    ['constructor.prototype next to a prompt', '{"prompt":"Why is the database pod restarting?","constructor":{"prototype":{"polluted":"yes"}}}', 200],
    ['__proto__ inside input', '{"input":{"prompt":"Why is the database pod restarting?","__proto__":{"polluted":"yes","user_id":7}}}', 200],
    ['__proto__ inside a modified plan', '{"action":"modify","plan":{"__proto__":{"polluted":"yes"},"steps":[]}}', 409],
    ['__proto__ as the user', '{"prompt":"Why is the database pod restarting?","user_id":"__proto__"}', 200],
  ])('pollutes nothing with %s', async (_, body, status) => {
    const res = await ask(post(body));
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe('application/json');
    // The server runs in this process: its Object.prototype is this one.
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it.each(['__proto__', 'constructor', 'prototype'])('answers 400 to the session id %s in the header, the body or the WebSocket query', async (id) => {
    // The in-memory checkpointer refuses these thread ids: they used to fail with a 500 inside the graph.
    expectJsonError(await ask(post(json({ prompt: 'why?' }), `${SESSION}: ${id}`)), 400, 'invalid_request', /reserved/);
    expectJsonError(await ask(post(json({ prompt: 'why?', session_id: id }))), 400, 'invalid_request', /reserved/);
    expectJsonError(await ask(post(json({ action: 'approve', session_id: id }))), 400, 'invalid_request', /reserved/);
    const upgrade = `GET /ws?session_id=${id} HTTP/1.1\r\nhost: x\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\nsec-websocket-version: 13\r\n\r\n`;
    expectJsonError(await ask(upgrade), 400, 'invalid_request', /reserved/);
  });

  it('refuses a body session id that would write response headers of its own', async () => {
    // It is echoed in the session header: CR LF in it used to add a Set-Cookie to the response.
    const res = await ask(post(json({ prompt: 'why?', session_id: 'abc\r\nSet-Cookie: pwned=1\r\nX-Evil: 1' })));
    expectJsonError(res, 400, 'invalid_request', /session_id must not contain control characters/);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['x-evil']).toBeUndefined();
  });
});

describe('hostile heads', () => {
  /** uWS drops these at once, before any route runs: nothing is written back. */
  it.each([
    ['a non-numeric Content-Length', postHead('content-length: abc') + '{}'],
    ['a negative Content-Length', postHead('content-length: -1') + '{}'],
    ['Content-Length and chunked together', postHead('content-length: 3', 'transfer-encoding: chunked') + '5\r\nhello\r\n0\r\n\r\n'],
    ['a chunk size that is not hex', postHead('transfer-encoding: chunked') + 'zz\r\nabc\r\n0\r\n\r\n'],
    ['a negative chunk size', postHead('transfer-encoding: chunked') + '-5\r\nabc\r\n0\r\n\r\n'],
    ['a chunk size of 80 bits', postHead('transfer-encoding: chunked') + 'ffffffffffffffffffff\r\nabc\r\n0\r\n\r\n'],
    ['a chunk longer than its size', postHead('transfer-encoding: chunked') + '3\r\n{"prompt":"why?"}\r\n0\r\n\r\n'],
    ['a chunk extension', postHead('transfer-encoding: chunked') + 'f;ext=1\r\n{"prompt":"hi"}\r\n0\r\n\r\n'],
    ['a transfer coding other than chunked', postHead('transfer-encoding: gzip') + '{"prompt":"why?"}'],
    ['a POST without a host header', 'POST /invocations HTTP/1.1\r\ncontent-length: 2\r\n\r\n{}'],
    ['a method uWS does not know', 'BREW /invocations HTTP/1.1\r\nhost: x\r\n\r\n'],
    ['a 200 KB header', `GET /ping HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(200_000)}\r\n\r\n`],
  ])('closes the connection without an answer on %s', async (_, request) => {
    const s = await HostileSocket.send(rt.port, request);
    expect(await s.waitForClose(1_000)).toBe(true);
    expect(s.received.toString('latin1')).toBe('');
  });

  /** uWS cannot tell these from a head still arriving: it waits, and its idle timeout closes them (hostile-sockets). */
  it.each([
    ['a garbage request line', 'GARBAGE\r\n\r\n'],
    ['binary junk', Buffer.from([0, 1, 2, 0xff, 0xfe, 13, 10, 13, 10])],
    ['a header without a colon', 'GET /ping HTTP/1.1\r\nhost x\r\nfoo\r\n\r\n'],
    ['bare LF line ends', 'GET /ping HTTP/1.1\nhost: x\n\n'],
    ['an HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'],
    ['a NUL in a header value', 'GET /ping HTTP/1.1\r\nhost: x\r\nx-a: a\u0000b\r\n\r\n'],
    ['200 headers', `GET /ping HTTP/1.1\r\n${Array.from({ length: 200 }, (_, i) => `x-h${i}: v`).join('\r\n')}\r\n\r\n`],
    ['an absolute-form target', 'POST http://evil.example/invocations HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}'],
  ])('writes nothing back to %s, and stays up', async (_, request) => {
    const s = await HostileSocket.send(rt.port, request);
    await sleep(150);
    expect(s.received.toString('latin1')).toBe('');
    s.destroy();
  });

  it.each([
    ['DELETE with a body', 'DELETE /invocations HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}', 405, 'method_not_allowed'],
    ['a 10 KB path', `GET /${'a'.repeat(10_000)} HTTP/1.1\r\nhost: x\r\n\r\n`, 404, 'not_found'],
    ['a path with percent-encoded NUL and dots', 'GET /%00/../..%2f..%2fetc/passwd HTTP/1.1\r\nhost: x\r\n\r\n', 404, 'not_found'],
    ['/ws without the upgrade headers', 'GET /ws HTTP/1.1\r\nhost: x\r\nupgrade: websocket\r\nconnection: upgrade\r\n\r\n', 404, 'not_found'],
    ['a media type with parameters and spaces', postHead('content-length: 2').replace('application/json', 'text/plain ; charset=utf-8') + '{}', 415, 'unsupported_media_type'],
  ])('answers %s with a JSON error', async (_, request, status, code) => {
    const res = await ask(request);
    expectJsonError(res, status, code);
    expect(Buffer.byteLength(res.body)).toBeLessThan(16_000);
  });

  it('keeps a keep-alive connection usable after each JSON error', async () => {
    const s = await HostileSocket.open(rt.port);
    const ping = 'GET /ping HTTP/1.1\r\nhost: x\r\n\r\n';
    s.write(post('{"prompt":') + ping + post('{"prompt":7}') + ping + 'PUT /invocations HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}' + ping);
    await expect.poll(() => s.responses().length, { timeout: 2_000 }).toBe(6);
    expect(s.responses().map((r) => r.status)).toEqual([400, 200, 400, 200, 405, 200]);
    s.destroy();
  });

  it('answers requests pipelined behind an unanswered investigation in order, or drops the connection', async () => {
    // uWS holds a pipelined request until the answer before it ends; with some timings it drops
    // the connection instead (seen with the adapter's fakes), which cancels the first
    // investigation like any client disconnect. Either way: no 5xx, no torn answer.
    const s = await HostileSocket.send(rt.port, Buffer.concat([post(json({ prompt: 'Why is the database pod restarting?' })), post(json({ prompt: 'again' }))]));
    await expect.poll(() => s.closed || s.responses().length === 2, { timeout: 5_000 }).toBe(true);
    const statuses = s.responses().map((r) => r.status);
    expect(s.closed ? [[], [200]] : [[200, 200]]).toContainEqual(statuses);
    s.destroy();
    await expect.poll(async () => ((await (await fetch(`${rt.url}/ping`)).json()) as { status: string }).status, { timeout: 5_000 }).toBe('Healthy');
  });
});

describe('hostile WebSocket messages', () => {
  /** Opens /ws, waits for `ready`, and collects every later frame and the close code. */
  async function openWs(): Promise<{ socket: WebSocket; frames: { type: string; error?: { code: string } }[]; closed: Promise<number> }> {
    const socket = new WebSocket(`ws://127.0.0.1:${rt.port}/ws`);
    const frames: { type: string; error?: { code: string } }[] = [];
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string };
      if (frame.type === 'ready') resolve();
      else frames.push(frame);
    }));
    return { socket, frames, closed };
  }

  it('answers binary, broken, deep and wrong-typed messages with error frames and keeps the socket', async () => {
    const { socket, frames } = await openWs();
    const depth = 100_000;
    socket.send(Buffer.from([0xff, 0x00, 0x13]));
    socket.send('{"type":"invoke","prompt":');
    socket.send('['.repeat(depth) + ']'.repeat(depth));
    socket.send(`{"type":"modify","plan":{"steps":${'['.repeat(depth)}${']'.repeat(depth)}}}`);
    socket.send('{"type":"invoke","prompt":{"toolUse":{"name":"delete_namespace"}}}');
    socket.send('{"type":"__proto__","prompt":"why?"}');
    await expect.poll(() => frames.length, { timeout: 2_000 }).toBe(6);
    expect(frames.map((f) => f.error?.code)).toEqual(Array(6).fill('invalid_request'));
    expect(socket.readyState).toBe(WebSocket.OPEN);
    socket.close();
  });

  it('is closed by uWS on a text frame that is not UTF-8', async () => {
    const { socket, closed } = await openWs();
    // ws validates what it receives, not what it sends: the frame goes out as is.
    socket.send(Buffer.from([0x7b, 0xc0, 0xaf, 0x7d]), { binary: false });
    expect(await closed).toBe(1006);
  });

  it('is closed by uWS on a message over its 1 MB limit', async () => {
    const { socket, closed } = await openWs();
    socket.send('x'.repeat(2 * 1024 * 1024));
    expect(await closed).toBe(1006);
  });
});
