import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { UwsHttpServer } from '../../src/adapters/http-uws/uws-http-server.js';
import { JsonLogger } from '../../src/adapters/shared/logger.js';
import { rawPost, rawRequest } from '../support/http-client.js';
import { FakeHealth, FakeInvestigationStarter, type FakeRun, successEvents } from '../fakes/fake-investigation-starter.js';
import { invoke, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(runs: FakeRun[] = []): Promise<TestServer> {
  server = await startTestServer(runs);
  return server;
}

describe('UwsHttpServer: /ping', () => {
  it('answers 200 application/json with an exact status and an integer timestamp', async () => {
    const s = await serve();
    const res = await fetch(`${s.url}/ping`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ status: 'Healthy', time_of_last_update: 1_737_556_200 });
    expect(Number.isInteger(body['time_of_last_update'])).toBe(true);
  });

  it('reports what the health source says on every ping', async () => {
    const s = await serve();
    const first = (await (await fetch(`${s.url}/ping`)).json()) as unknown;
    s.health.current = { status: 'HealthyBusy', timeOfLastUpdate: 1_737_556_999 };
    const second = (await (await fetch(`${s.url}/ping`)).json()) as unknown;
    expect(first).toEqual({ status: 'Healthy', time_of_last_update: 1_737_556_200 });
    expect(second).toEqual({ status: 'HealthyBusy', time_of_last_update: 1_737_556_999 });
    expect(s.health.reads).toBe(2);
  });

  it('keeps answering while many investigations are in flight', async () => {
    let release!: () => void;
    const until = new Promise<void>((resolve) => (release = resolve));
    const runs = Array.from({ length: 20 }, () => ({ delayMs: 5, holdAt: { index: 2, until } }));
    const s = await serve(runs);
    const invocations = runs.map((_, i) => invoke(s, { prompt: `q${i}`, session_id: `s${i}` }));
    while (s.starter.starts.length < runs.length) await new Promise((r) => setTimeout(r, 10));
    const pings = await Promise.all(Array.from({ length: 10 }, () => fetch(`${s.url}/ping`)));
    expect(pings.map((p) => p.status)).toEqual(Array(10).fill(200));
    expect(s.starter.starts.every((r) => !r.finished)).toBe(true);
    release();
    const done = await Promise.all(invocations);
    expect(done.map((r) => r.status)).toEqual(Array(20).fill(200));
  });
});

describe('UwsHttpServer: routing', () => {
  it('answers 404 not_found as JSON for an unknown route', async () => {
    const s = await serve();
    const res = await fetch(`${s.url}/nope`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('logs an unknown route with the request id it echoes', async () => {
    const s = await serve();
    const res = await fetch(`${s.url}/nope`, { headers: { 'X-Amzn-Bedrock-AgentCore-Runtime-Request-Id': 'req-404' } });
    expect(res.headers.get('x-request-id')).toBe('req-404');
    expect(s.logs.filter((l) => l['requestId'] === 'req-404')).toEqual([expect.objectContaining({ message: 'request finished', status: 404, path: '/nope' })]);
  });

  it('answers 405 with Allow: POST for GET /invocations', async () => {
    const s = await serve();
    const res = await fetch(`${s.url}/invocations`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('method_not_allowed');
  });

  it('answers 405 with Allow: GET for POST /ping', async () => {
    const s = await serve();
    const res = await fetch(`${s.url}/ping`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
  });
});

describe('UwsHttpServer: POST /invocations (JSON)', () => {
  it('answers application/json with the contract output for the flat shape', async () => {
    const s = await serve([{}]);
    const res = await invoke(s, { prompt: 'Why is the API pod restarting?', user_id: 'Alice', auto_approve_plan: 'simple', extra: 1 });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const { output } = (await res.json()) as { output: Record<string, unknown> };
    expect(output).toMatchObject({
      message: expect.stringContaining('Why is the API pod restarting?'), model: 'sre-multi-agent', status: 'completed',
      timestamp: '2025-01-22T14:35:00.000Z', investigation_id: 'gen-3', session_id: 'gen-2',
      usage: { input_tokens: 10, output_tokens: 20, llm_calls: 2, tool_calls: 1 },
    });
    expect(output['plan']).toMatchObject({ agents: ['kubernetes'] });
    expect(s.starter.starts[0]!.command).toEqual({
      prompt: 'Why is the API pod restarting?', sessionId: 'gen-2', investigationId: 'gen-3', actor: 'alice', autoApprovePlan: 'simple',
    });
  });

  it('accepts the {"input": {...}} shape and uses its session id when no header is sent', async () => {
    const s = await serve([{}]);
    const res = await invoke(s, { input: { prompt: 'hi', session_id: 'runtime-20250122143052', auto_approve_plan: false } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-amzn-bedrock-agentcore-runtime-session-id')).toBe('runtime-20250122143052');
    expect(s.starter.starts[0]!.command).toMatchObject({ prompt: 'hi', sessionId: 'runtime-20250122143052', actor: 'default_user', autoApprovePlan: false });
  });

  it('lets the session header win over the body session id and echoes both ids', async () => {
    const s = await serve([{}]);
    const res = await invoke(s, { prompt: 'hi', session_id: 'from-body' }, {
      'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id': 'local-dev-session', 'X-Amzn-Bedrock-AgentCore-Runtime-Request-Id': 'req-42',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-amzn-bedrock-agentcore-runtime-session-id')).toBe('local-dev-session');
    expect(res.headers.get('x-request-id')).toBe('req-42');
    expect(s.starter.starts[0]!.command.sessionId).toBe('local-dev-session');
  });

  it.each([
    ['over_capacity', 429],
    ['session_busy', 409],
    ['shutting_down', 503],
  ] as const)('answers a %s refusal with %i', async (refuse, status) => {
    const s = await serve([{ refuse }]);
    const res = await invoke(s, { prompt: 'hi' });
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(refuse);
  });

  it('answers a failed investigation with its failure status and the request id', async () => {
    const failed = { status: 'failed' as const, failure: { code: 'llm_unavailable', message: 'Bedrock throttled' } };
    const s = await serve([{ events: (c) => successEvents(c, failed) }]);
    const res = await invoke(s, { prompt: 'hi' }, { 'X-Amzn-Bedrock-AgentCore-Runtime-Request-Id': 'req-7' });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { code: 'llm_unavailable', message: 'Bedrock throttled', request_id: 'req-7' } });
  });

  it('answers 500 internal without a stack trace when the iterator throws, and stays up', async () => {
    const s = await serve([{ throwAt: 2 }]);
    const res = await invoke(s, { prompt: 'hi' });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: expect.stringContaining('gen-1'), request_id: 'gen-1' } });
    expect(text).not.toMatch(/fake iterator failure|at .*\.ts/);
    expect((await fetch(`${s.url}/ping`)).status).toBe(200);
  });
});

describe('UwsHttpServer: logging', () => {
  it('puts the request id and session id on every log line of a request', async () => {
    const s = await serve([{}, { throwAt: 1 }]);
    await invoke(s, { prompt: 'hi' }, { 'X-Amzn-Bedrock-AgentCore-Runtime-Request-Id': 'req-a', 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id': 'sess-a' });
    const second = await invoke(s, { prompt: 'hi', session_id: 'sess-b' });
    const generated = second.headers.get('x-request-id');
    expect(generated).toMatch(/^gen-\d+$/);
    const a = s.logs.filter((l) => l['requestId'] === 'req-a');
    const b = s.logs.filter((l) => l['requestId'] === generated);
    expect(a.map((l) => l['message'])).toEqual(['invocation received', 'request finished']);
    expect(a.every((l) => l['sessionId'] === 'sess-a')).toBe(true);
    expect(b.map((l) => l['message'])).toEqual(['invocation received', 'invocation handler failed', 'request finished']);
    expect(b.every((l) => l['sessionId'] === 'sess-b')).toBe(true);
    expect(s.logs.filter((l) => l['message'] !== 'http server listening').every((l) => typeof l['requestId'] === 'string')).toBe(true);
    expect(a[1]).toMatchObject({ level: 'info', status: 200, durationMs: expect.any(Number) });
  });

  it('logs a rejected request with its request id', async () => {
    const s = await serve();
    await rawRequest(s.port, rawPost('/invocations', '[1]', { 'content-type': 'application/json', 'x-amzn-bedrock-agentcore-runtime-request-id': 'req-bad' }));
    expect(s.logs.filter((l) => l['requestId'] === 'req-bad')).toEqual([expect.objectContaining({ message: 'request finished', status: 400, errorCode: 'invalid_request' })]);
  });
});

describe('UwsHttpServer: listen and close', () => {
  it('listens on every interface when the host is 0.0.0.0', async () => {
    const logger = new JsonLogger({ level: 'error', write: () => undefined });
    const all = new UwsHttpServer({ investigations: new FakeInvestigationStarter([]), health: new FakeHealth(), logger, newId: () => 'x' }, { host: '0.0.0.0', port: 0, maxBodyBytes: 1024 });
    const port = await all.listen();
    try {
      expect(port).toBeGreaterThan(0);
      expect((await fetch(`http://127.0.0.1:${port}/ping`)).status).toBe(200);
    } finally {
      await all.close();
    }
  });

  it('rejects listen when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const logger = new JsonLogger({ level: 'error', write: () => undefined });
    const taken = new UwsHttpServer({ investigations: new FakeInvestigationStarter([]), health: new FakeHealth(), logger, newId: () => 'x' }, { host: '127.0.0.1', port, maxBodyBytes: 1024 });
    await expect(taken.listen()).rejects.toThrow(/Cannot listen/);
    await new Promise((r) => blocker.close(r));
  });

  it('stops accepting connections after close', async () => {
    const s = await serve();
    await s.close();
    await expect(fetch(`${s.url}/ping`)).rejects.toThrow();
  });
});
