/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies read from the wire are untyped. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonLogger } from '../../src/adapters/shared/logger.js';
import { loadConfig } from '../../src/bootstrap/config.js';
import { type RunningServer, startServer } from '../../src/bootstrap/server.js';

// The whole runtime with a slow offline model (each model call waits), so that work is still
// running while the tests look at it: background runs, status, cancellation, capacity.
let running: RunningServer;
let base: string;
const quiet = { logger: new JsonLogger({ level: 'error', write: () => {} }) };

beforeAll(async () => {
  running = await startServer(loadConfig({ MEMORY_BACKEND: 'in-memory', PORT: '0', HOST: '127.0.0.1', OFFLINE_LLM_DELAY_MS: '150', MAX_CONCURRENT_INVESTIGATIONS: '2' }), quiet);
  base = `http://127.0.0.1:${running.port}`;
});
afterAll(async () => { await running?.stop(); });

const post = async (body: unknown): Promise<{ status: number; headers: Headers; json: any }> => {
  const res = await fetch(`${base}/invocations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, json: await res.json() };
};
const ping = async (): Promise<{ status: string; time_of_last_update: number }> => (await fetch(`${base}/ping`)).json() as Promise<any>;
const until = async (probe: () => Promise<boolean>, ms = 20_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('background investigations', () => {
  it('answers at once with accepted, keeps /ping HealthyBusy until the work ends, and gives progress then the output', async () => {
    const idle = await ping();
    expect(idle.status).toBe('Healthy');
    const accepted = await post({ prompt: 'Why is the database pod restarting?', async: true, session_id: 'bg-session-1' });
    expect(accepted.status).toBe(200);
    expect(accepted.json.output).toMatchObject({ status: 'accepted', session_id: 'bg-session-1' });
    const id: string = accepted.json.output.investigation_id;
    const busy = await ping();
    expect(busy.status).toBe('HealthyBusy');
    expect(busy.time_of_last_update).toBeGreaterThanOrEqual(idle.time_of_last_update);
    expect((await ping()).time_of_last_update).toBe(busy.time_of_last_update);
    const progress = await post({ action: 'status', investigation_id: id });
    expect(progress.json.output).toMatchObject({ investigation_id: id, status: 'running' });
    await until(async () => (await post({ action: 'status', investigation_id: id })).json.output.status !== 'running');
    const done = await post({ action: 'status', investigation_id: id });
    expect(done.json.output).toMatchObject({ investigation_id: id, status: 'completed' });
    expect(done.json.output.message).toContain('database-config');
    await until(async () => (await ping()).status === 'Healthy');
  });

  it('says when an investigation id is unknown', async () => {
    const res = await post({ action: 'status', investigation_id: 'no-such-investigation' });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('not_found');
  });
});

describe('cancellation', () => {
  it('cancels a running investigation on {"action":"cancel"}, keeping what was found', async () => {
    const accepted = await post({ prompt: 'Why is web-service slow?', async: true, session_id: 'cancel-session-1' });
    const id: string = accepted.json.output.investigation_id;
    await until(async () => (await post({ action: 'status', investigation_id: id })).json.output.progress?.tool_calls > 0);
    const cancelling = await post({ action: 'cancel', session_id: 'cancel-session-1' });
    expect(cancelling.json.output).toMatchObject({ investigation_id: id, status: 'cancelling' });
    await until(async () => (await post({ action: 'status', investigation_id: id })).json.output.status === 'cancelled');
    const result = await post({ action: 'status', investigation_id: id });
    expect(result.json.output.message).toContain('Investigation stopped');
    expect((await post({ action: 'cancel', investigation_id: id })).status).toBe(404);
  });

  it('cancels an investigation that passes its deadline', async () => {
    const strict = await startServer(loadConfig({ MEMORY_BACKEND: 'in-memory', PORT: '0', HOST: '127.0.0.1', OFFLINE_LLM_DELAY_MS: '400', INVESTIGATION_TIMEOUT_MS: '1000' }), quiet);
    try {
      const res = await fetch(`http://127.0.0.1:${strict.port}/invocations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt: 'Why is web-service slow?' }) });
      const { output } = await res.json() as { output: any };
      expect(output.status).toBe('cancelled');
      expect(output.error.code).toBe('deadline_exceeded');
    } finally {
      await strict.stop();
    }
  });
});

describe('capacity', () => {
  it('answers 429 with Retry-After above MAX_CONCURRENT_INVESTIGATIONS', async () => {
    const a = await post({ prompt: 'Why is web-service slow?', async: true, session_id: 'cap-1' });
    const b = await post({ prompt: 'Why is web-service slow?', async: true, session_id: 'cap-2' });
    expect([a.status, b.status]).toEqual([200, 200]);
    const c = await post({ prompt: 'Why is web-service slow?', session_id: 'cap-3' });
    expect(c.status).toBe(429);
    expect(c.json.error.code).toBe('over_capacity');
    expect(c.headers.get('retry-after')).toBe('1');
    await post({ action: 'cancel', session_id: 'cap-1' });
    await post({ action: 'cancel', session_id: 'cap-2' });
    await until(async () => (await ping()).status === 'Healthy');
  });
});

describe('plan approval over HTTP', () => {
  it('runs an edited plan on modify, and nothing on reject', async () => {
    const wait = await post({ prompt: 'Why is the database pod restarting?', auto_approve_plan: false, session_id: 'modify-session-1' });
    expect(wait.json.output.status).toBe('awaiting_approval');
    const modified = await post({ action: 'modify', plan: { steps: [{ agent: 'logs', goal: 'Read the database error logs' }] }, session_id: 'modify-session-1' });
    expect(modified.json.output.status).toBe('completed');
    expect(modified.json.output.investigation_id).toBe(wait.json.output.investigation_id);
    expect(modified.json.output.plan.agents).toEqual(['logs']);
    expect(Object.keys(modified.json.output.usage.by_agent)).toEqual(['logs']);

    await post({ prompt: 'Why is the database pod restarting?', auto_approve_plan: false, session_id: 'reject-session-1' });
    const rejected = await post({ action: 'reject', session_id: 'reject-session-1' });
    expect(rejected.json.output.status).toBe('cancelled');
    expect(rejected.json.output.usage.tool_calls).toBe(0);
  });
});

describe('cancel by disconnect', () => {
  it('cancels the investigation when the streaming client goes away', async () => {
    const controller = new AbortController();
    const res = await fetch(`${base}/invocations`, { method: 'POST', signal: controller.signal, headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify({ prompt: 'Why is web-service slow?' }) });
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('"type":"tool_call"')) text += new TextDecoder().decode((await reader.read()).value);
    const id = /"investigation_id":"([^"]+)"/.exec(text)![1]!;
    controller.abort();
    await until(async () => (await post({ action: 'status', investigation_id: id })).json.output.status === 'cancelled');
    await until(async () => (await ping()).status === 'Healthy');
  });
});

