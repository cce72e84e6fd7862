/* eslint-disable @typescript-eslint/no-explicit-any -- frames read from the wire are untyped. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { InvestigationStreamEvent } from '../../src/application/use-cases/investigation-stream.js';
import { JsonLogger } from '../../src/adapters/shared/logger.js';
import { MAX_FRAME_BYTES } from '../../src/adapters/http-uws/ws-frames.js';
import { loadConfig } from '../../src/bootstrap/config.js';
import { type RunningServer, startServer } from '../../src/bootstrap/server.js';
import { aResult, type FakeRun, successEvents } from '../fakes/fake-investigation-starter.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const SSE_TYPES = ['started', 'plan', 'agent_started', 'tool_call', 'tool_result', 'agent_finished', 'report', 'result'];

/** A `ws` client that reassembles fragments and hands out whole events in order. */
class Client {
  readonly events: any[] = [];
  /** Every raw frame's size in bytes. */
  readonly frameBytes: number[] = [];
  closeCode: number | undefined;
  private pending: string[] = [];
  private readonly waiters = new Set<() => void>();
  private read = 0;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      expect(isBinary).toBe(false);
      this.frameBytes.push(data.byteLength);
      const frame = JSON.parse(data.toString('utf8'));
      if (frame.type === 'fragment') {
        this.pending.push(frame.data);
        if (frame.index !== this.pending.length - 1) throw new Error('fragment out of order');
        if (frame.index < frame.count - 1) return;
        this.events.push(JSON.parse(this.pending.join('')));
        this.pending = [];
      } else {
        this.events.push(frame);
      }
      this.wake();
    });
    socket.on('close', (code) => { this.closeCode = code; this.wake(); });
  }

  static async connect(port: number, opts: { path?: string; headers?: Record<string, string> } = {}): Promise<Client> {
    const socket = new WebSocket(`ws://127.0.0.1:${port}${opts.path ?? '/ws'}`, { headers: opts.headers ?? {} });
    const client = new Client(socket);
    await new Promise<void>((resolve, reject) => { socket.once('open', () => resolve()); socket.once('error', reject); });
    return client;
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next event not yet read. */
  async next(ms = 10_000): Promise<any> {
    await this.waitFor(() => this.events.length > this.read, ms);
    return this.events[this.read++];
  }

  /** Events up to and including the next one of these types. */
  async until(types: string[], ms = 20_000): Promise<any[]> {
    const out: any[] = [];
    for (;;) {
      const event = await this.next(ms);
      out.push(event);
      if (types.includes(event.type)) return out;
    }
  }

  async closed(ms = 10_000): Promise<number> {
    await this.waitFor(() => this.closeCode !== undefined, ms);
    return this.closeCode!;
  }

  close(): void {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) this.socket.close();
  }

  private waitFor(ok: () => boolean, ms: number): Promise<void> {
    if (ok()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.waiters.delete(check); reject(new Error(`timed out after ${this.events.length} events, last ${JSON.stringify(this.events.at(-1)).slice(0, 80)}`)); }, ms);
      const check = (): void => {
        if (this.closeCode !== undefined && !ok()) { clearTimeout(timer); this.waiters.delete(check); reject(new Error(`socket closed (${this.closeCode})`)); return; }
        if (!ok()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

const waitUntil = async (ok: () => boolean, ms = 5_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('GET /ws on UwsHttpServer (fake investigations)', () => {
  let server: TestServer | undefined;
  const clients: Client[] = [];
  const serve = async (runs: FakeRun[]): Promise<TestServer> => (server = await startTestServer(runs));
  const connect = async (opts?: Parameters<typeof Client.connect>[1]): Promise<Client> => {
    const c = await Client.connect(server!.port, opts);
    clients.push(c);
    return c;
  };
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await server?.close();
    server = undefined;
  });

  it('says ready with the header session, streams the SSE events, and logs with both ids', async () => {
    const s = await serve([{}]);
    const c = await connect({ headers: { 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id': 'ws-sess-1', 'X-Amzn-Bedrock-AgentCore-Runtime-Request-Id': 'req-ws-1' } });
    expect(await c.next()).toEqual({ type: 'ready', session_id: 'ws-sess-1', request_id: 'req-ws-1' });
    c.send({ type: 'invoke', input: { prompt: 'hi', session_id: 'body-session', user_id: 'Alice' } });
    const events = await c.until(['result', 'error']);
    expect(events.map((e) => e.type)).toEqual(SSE_TYPES);
    expect(events.at(-1).output).toMatchObject({ status: 'completed', session_id: 'ws-sess-1' });
    expect(s.starter.starts[0]!.command).toMatchObject({ sessionId: 'ws-sess-1', actor: 'alice', prompt: 'hi' });
    c.close();
    await waitUntil(() => s.logs.some((l) => l['message'] === 'websocket closed'));
    const mine = s.logs.filter((l) => String(l['message']).startsWith('websocket'));
    expect(mine.map((l) => l['message'])).toEqual(expect.arrayContaining(['websocket opened', 'websocket message', 'websocket closed']));
    for (const line of mine) expect(line).toMatchObject({ requestId: 'req-ws-1', sessionId: 'ws-sess-1' });
  });

  it('takes the session from the query string, or makes one up', async () => {
    await serve([]);
    const a = await connect({ path: '/ws?session_id=from-query' });
    expect(await a.next()).toMatchObject({ type: 'ready', session_id: 'from-query' });
    const b = await connect();
    const ready = await b.next();
    expect(ready.session_id).toMatch(/^gen-\d+$/);
    expect(ready.request_id).toMatch(/^gen-\d+$/);
  });

  it('answers bad messages with an error frame and stays usable', async () => {
    await serve([{}]);
    const c = await connect();
    await c.next();
    c.send('{not json');
    expect(await c.next()).toMatchObject({ type: 'error', error: { code: 'invalid_request' } });
    c.send('[1,2]');
    expect(await c.next()).toMatchObject({ type: 'error', error: { code: 'invalid_request' } });
    c.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await c.next()).toMatchObject({ type: 'error', error: { code: 'invalid_request' } });
    c.send({ type: 'dance' });
    expect(await c.next()).toMatchObject({ type: 'error', error: { code: 'invalid_request', message: expect.stringContaining('type') } });
    c.send({ type: 'invoke', prompt: 42 });
    expect(await c.next()).toMatchObject({ type: 'error', error: { code: 'invalid_request', message: 'prompt must be a string.' } });
    c.send({ type: 'modify' });
    expect(await c.next()).toMatchObject({ type: 'error', error: { code: 'invalid_request', message: expect.stringContaining('plan') } });
    c.send({ type: 'invoke', prompt: 'hi' });
    expect((await c.until(['result'])).at(-1).output.status).toBe('completed');
  });

  it('splits a huge event into fragments of at most 32 KB that reassemble to the original', async () => {
    const huge = `${'# Report 🚀 é漢 "quoted" \\ \n'.repeat(8_000)}end`;
    const s = await serve([{ events: (cmd) => [...successEvents(cmd).slice(0, 2), { type: 'report', message: huge }, { type: 'result', result: aResult(cmd, { message: huge }) }] }]);
    const c = await connect();
    await c.next();
    c.send({ type: 'invoke', prompt: 'hi' });
    const events = await c.until(['result']);
    expect(events.map((e) => e.type)).toEqual(['started', 'plan', 'report', 'result']);
    expect(events[2]).toEqual({ type: 'report', message: huge });
    expect(events[3].output.message).toBe(huge);
    expect(Buffer.byteLength(JSON.stringify(events[2]))).toBeGreaterThan(4 * MAX_FRAME_BYTES);
    expect(c.frameBytes.length).toBeGreaterThan(10);
    expect(Math.max(...c.frameBytes)).toBeLessThanOrEqual(MAX_FRAME_BYTES);
    expect(s.starter.starts[0]!.finished).toBe(true);
  });

  it('streams many large events in order to a slow reader (backpressure)', async () => {
    const text = 'x'.repeat(30_000);
    const many = (cmd: any): InvestigationStreamEvent[] => [successEvents(cmd)[0]!, ...Array.from({ length: 300 }, (_, i): InvestigationStreamEvent => ({ type: 'token', purpose: 'investigate', text: `${i}:${text}` })), { type: 'result', result: aResult(cmd) }];
    await serve([{ events: many }]);
    const c = await connect();
    await c.next();
    c.send({ type: 'invoke', prompt: 'hi' });
    c.socket.pause();
    await new Promise((r) => setTimeout(r, 200));
    c.socket.resume();
    const events = await c.until(['result']);
    expect(events).toHaveLength(302);
    expect(events.slice(1, -1).map((e) => Number(e.text.split(':')[0]))).toEqual(Array.from({ length: 300 }, (_, i) => i));
  });

  it('turns a refusal into an error frame with its code', async () => {
    await serve([{ refuse: 'session_busy' }, { refuse: 'over_capacity' }]);
    const c = await connect();
    await c.next();
    c.send({ type: 'invoke', prompt: 'hi' });
    expect(await c.next()).toMatchObject({ type: 'error', error: { code: 'session_busy' } });
    c.send({ type: 'approve' });
    expect(await c.next()).toMatchObject({ type: 'error', error: { code: 'over_capacity' } });
  });

  it('passes plan answers as decisions', async () => {
    const s = await serve([{}, {}]);
    const c = await connect();
    await c.next();
    c.send({ type: 'approve', user_id: 'Bob' });
    await c.until(['result']);
    c.send({ type: 'modify', plan: { steps: [{ agent: 'logs', goal: 'g' }] } });
    await c.until(['result']);
    expect(s.starter.starts[0]!.command).toMatchObject({ decision: { action: 'approve' }, actor: 'bob' });
    expect(s.starter.starts[1]!.command.decision).toEqual({ action: 'modify', plan: { steps: [{ agent: 'logs', goal: 'g' }] } });
  });

  it('aborts the investigation when the socket closes, but not an async one', async () => {
    const slow: FakeRun = { delayMs: 20, events: (cmd) => [successEvents(cmd)[0]!, ...Array.from({ length: 200 }, (_, i): InvestigationStreamEvent => ({ type: 'token', purpose: 'investigate', text: `t${i}` })), { type: 'result', result: aResult(cmd) }] };
    const s = await serve([slow, { ...slow, delayMs: 1 }]);
    const c = await connect();
    await c.next();
    c.send({ type: 'invoke', prompt: 'hi' });
    await c.until(['token']);
    c.close();
    await waitUntil(() => s.starter.starts[0]!.finished);
    expect(s.starter.starts[0]!.signal.aborted).toBe(true);
    expect(s.starter.starts[0]!.sawAbort).toBe(true);

    const d = await connect();
    await d.next();
    d.send({ type: 'invoke', prompt: 'hi', async: true });
    expect(await d.next()).toMatchObject({ type: 'accepted', output: { status: 'accepted' } });
    await d.until(['token']);
    d.close();
    await waitUntil(() => s.starter.starts[1]!.finished);
    expect(s.starter.starts[1]!.signal.aborted).toBe(false);
    expect(s.starter.starts[1]!.sawAbort).toBe(false);
  });

  it('ends with an internal error frame when the iterator throws, and the socket stays open', async () => {
    await serve([{ throwAt: 3 }, {}]);
    const c = await connect({ headers: { 'X-Amzn-Bedrock-AgentCore-Runtime-Request-Id': 'req-throw' } });
    await c.next();
    c.send({ type: 'invoke', prompt: 'hi' });
    const events = await c.until(['result', 'error']);
    expect(events.map((e) => e.type)).toEqual(['started', 'plan', 'agent_started', 'error']);
    expect(events.at(-1)).toMatchObject({ error: { code: 'internal', request_id: 'req-throw' } });
    expect(JSON.stringify(events)).not.toContain('fake iterator failure');
    c.send({ type: 'invoke', prompt: 'again' });
    expect((await c.until(['result'])).at(-1).type).toBe('result');
  });

  it('sends a failed investigation as a final error frame', async () => {
    const failed = { status: 'failed' as const, failure: { code: 'llm_unavailable', message: 'Bedrock is down' } };
    await serve([{ events: (cmd) => successEvents(cmd, failed) }]);
    const c = await connect();
    await c.next();
    c.send({ type: 'invoke', prompt: 'hi' });
    expect((await c.until(['result', 'error'])).at(-1)).toEqual({ type: 'error', error: { code: 'llm_unavailable', message: 'Bedrock is down' } });
  });

  it('closes with 1011 when the handler itself fails', async () => {
    const s = await serve([]);
    const c = await connect();
    await c.next();
    c.send({ type: 'invoke', prompt: 'hi' }); // no scripted run: the fake starter throws
    expect(await c.closed()).toBe(1011);
    expect(s.logs.some((l) => l['message'] === 'websocket handler failed')).toBe(true);
    expect((await fetch(`${s.url}/ping`)).status).toBe(200);
  });

  it('leaves plain GET /ws to the 404 route and ends open sockets on close', async () => {
    const s = await serve([]);
    expect((await fetch(`${s.url}/ws`)).status).toBe(404);
    const c = await connect();
    await c.next();
    await s.close();
    expect(await c.closed()).toBe(1001);
  });
});

describe('GET /ws on the whole runtime', () => {
  let running: RunningServer;
  const quiet = { logger: new JsonLogger({ level: 'error', write: () => {} }) };
  const clients: Client[] = [];
  beforeAll(async () => {
    running = await startServer(loadConfig({ MEMORY_BACKEND: 'in-memory', PORT: '0', HOST: '127.0.0.1', OFFLINE_LLM_DELAY_MS: '50' }), quiet);
  });
  afterEach(() => { for (const c of clients.splice(0)) c.close(); });
  afterAll(async () => { await running?.stop(); });
  const connect = async (session: string): Promise<Client> => {
    const c = await Client.connect(running.port, { headers: { 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id': session } });
    clients.push(c);
    expect(await c.next()).toMatchObject({ type: 'ready', session_id: session });
    return c;
  };

  it('streams the same event types as SSE, ending with the result', async () => {
    const c = await connect('ws-runtime-session-1');
    c.send({ type: 'invoke', prompt: 'Why is the database pod restarting?' });
    const events = await c.until(['result', 'error']);
    const sse = await fetch(`http://127.0.0.1:${running.port}/invocations`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify({ prompt: 'Why is the database pod restarting?', session_id: 'sse-compare-1' }) });
    const sseTypes = (await sse.text()).split('\n\n').filter((b) => b.startsWith('data: ')).map((b) => JSON.parse(b.slice(6)).type);
    const distinct = (types: string[]): string[] => [...new Set(types)].sort();
    expect(distinct(events.map((e) => e.type))).toEqual(distinct(sseTypes));
    expect(events[0]).toMatchObject({ type: 'started', session_id: 'ws-runtime-session-1' });
    const result = events.at(-1);
    expect(result.type).toBe('result');
    expect(result.output).toMatchObject({ status: 'completed', session_id: 'ws-runtime-session-1' });
    expect(result.output.message).toContain('database-config');
  });

  it('waits for approval, then completes the same investigation on approve', async () => {
    const c = await connect('ws-approval-session-1');
    c.send({ type: 'invoke', prompt: 'Why is the database pod restarting?', auto_approve_plan: false });
    const first = (await c.until(['result', 'error'])).at(-1);
    expect(first.output.status).toBe('awaiting_approval');
    c.send({ type: 'approve' });
    const second = (await c.until(['result', 'error'])).at(-1);
    expect(second.output.status).toBe('completed');
    expect(second.output.investigation_id).toBe(first.output.investigation_id);
  });

  it('cancels mid-run on a cancel message, and answers status', async () => {
    const c = await connect('ws-cancel-session-1');
    c.send({ type: 'invoke', prompt: 'Why is web-service slow?' });
    const started = await c.next();
    expect(started.type).toBe('started');
    await c.until(['tool_call']);
    c.send({ type: 'status', investigation_id: started.investigation_id });
    const status = (await c.until(['control'])).at(-1);
    expect(status).toMatchObject({ action: 'status', output: { investigation_id: started.investigation_id, status: 'running' } });
    c.send({ type: 'cancel' });
    const rest = await c.until(['result', 'error']);
    expect(rest.find((e) => e.type === 'control')).toMatchObject({ action: 'cancel', output: { status: 'cancelling' } });
    expect(rest.at(-1)).toMatchObject({ type: 'result', output: { status: 'cancelled', investigation_id: started.investigation_id } });
    c.send({ type: 'cancel' });
    expect(await c.next()).toMatchObject({ type: 'error', error: { code: 'not_found' } });
  });
});
