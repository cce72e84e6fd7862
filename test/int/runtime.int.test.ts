/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies read from the wire are untyped. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonLogger } from '../../src/adapters/shared/logger.js';
import { loadConfig } from '../../src/bootstrap/config.js';
import { type RunningServer, startServer } from '../../src/bootstrap/server.js';

// The whole runtime as `npm start` wires it (offline analyst, demo infrastructure over in-process
// MCP, in-memory memory), on a loopback port, driven by a real HTTP client.
const PROMPT = 'API response times have degraded 3x in the last hour. What is going on?';
let running: RunningServer;
let base: string;
const logLines: string[] = [];

beforeAll(async () => {
  running = await startServer(loadConfig({ MEMORY_BACKEND: 'in-memory', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'debug' }), { logger: new JsonLogger({ level: 'debug', write: (l) => { logLines.push(l); } }) });
  base = `http://127.0.0.1:${running.port}`;
});
afterAll(async () => { await running?.stop(); });

const invoke = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/invocations`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('the runtime on embedded defaults', () => {
  it('answers the README question with a report naming the crash-looping database pod, the missing ConfigMap and the impact, with tools as sources', async () => {
    const res = await invoke({ input: { prompt: PROMPT } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const { output } = await res.json() as { output: Record<string, any> };
    expect(output.status).toBe('completed');
    expect(output.model).toBe('sre-multi-agent');
    const md: string = output.message;
    expect(md).toMatch(/database-pod/);
    expect(md).toMatch(/CrashLoopBackOff/);
    expect(md).toMatch(/ConfigMap/i);
    expect(md).toMatch(/database-config/);
    expect(md).toMatch(/web-service/);
    expect(md).toMatch(/5000|5,000/);
    expect(md).toMatch(/0\.5\s*% → 75(\.\d+)?\s*%/); // web-service error rate, before → after
    // The tool behind the claims.
    for (const tool of ['get_pod_status', 'get_cluster_events', 'get_error_rates']) expect(md).toContain(`\`${tool}\``);
    // The healthy, noisy service is not blamed.
    const rootCause = md.split('### Impact')[0] ?? '';
    expect(rootCause).not.toMatch(/product-catalog/);
    expect(output.plan.agents.length).toBeGreaterThan(0);
    expect(output.usage.tool_calls).toBeGreaterThan(5);
    expect(output.usage.llm_calls).toBeGreaterThan(2);
  });

  it('streams the same investigation as server-sent events ending with the result', async () => {
    const res = await invoke({ prompt: PROMPT, stream: true }, { 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id': 'stream-session-0123456789abcdefghijk' });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text();
    const events = text.split('\n\n').filter((b) => b.startsWith('data: ')).map((b) => JSON.parse(b.slice(6)) as { type: string; [k: string]: any });
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('started');
    expect(types).toContain('plan');
    expect(types).toContain('tool_call');
    expect(types).toContain('agent_finished');
    expect(types.at(-2)).toBe('report');
    expect(types.at(-1)).toBe('result');
    const result = events.at(-1)!;
    expect(result.output.session_id).toBe('stream-session-0123456789abcdefghijk');
    expect(result.output.message).toContain('database-config');
    expect(events.find((e) => e.type === 'report')?.message).toBe(result.output.message);
  });

  it('puts the request id on every log line of that request', async () => {
    const before = logLines.length;
    await invoke({ prompt: 'Why is the database pod restarting?' }, { 'X-Amzn-Bedrock-AgentCore-Runtime-Request-Id': 'req-full-stack-1' });
    const mine = logLines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['requestId'] === 'req-full-stack-1');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((l) => typeof l['sessionId'] === 'string' && typeof l['timestamp'] === 'string' && typeof l['level'] === 'string')).toBe(true);
  });

  it('keeps answering /ping while investigations run, and is Healthy again after', async () => {
    const runs = Array.from({ length: 8 }, (_, i) => invoke({ prompt: `Why is web-service slow? (${i})` }));
    const pings: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const ping = await fetch(`${base}/ping`);
      expect(ping.status).toBe(200);
      pings.push(((await ping.json()) as { status: string }).status);
    }
    expect(pings.every((s) => s === 'Healthy' || s === 'HealthyBusy')).toBe(true);
    await Promise.all(runs);
    const after = (await (await fetch(`${base}/ping`)).json()) as { status: string };
    expect(after.status).toBe('Healthy');
  });

  it('remembers past investigations for the same user across sessions', async () => {
    await invoke({ prompt: 'Why is the database pod crash looping?', user_id: 'Memo', session_id: 'memo-session-1' });
    const memory = await running.container.getAsync((await import('../../src/bootstrap/tokens.js')).TOKENS.AgentMemory);
    const { asActorId, asSessionId } = await import('../../src/domain/ids.js');
    const ctx = await memory.recall(asActorId('Memo'), asSessionId('memo-session-2'), 'database pod crash', new AbortController().signal);
    expect(ctx.pastInvestigations[0]?.question).toBe('Why is the database pod crash looping?');
  });

  it('waits for approval without calling tools, then resumes the same investigation on approve', async () => {
    const session = { 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id': 'approval-session-0123456789abcdefghij' };
    const first = await (await invoke({ prompt: 'Why is the database pod restarting?', auto_approve_plan: false }, session)).json() as { output: Record<string, any> };
    expect(first.output.status).toBe('awaiting_approval');
    expect(first.output.usage.tool_calls).toBe(0);
    expect(first.output.plan.agents.length).toBeGreaterThan(0);
    expect(first.output.message).toContain('proceed');
    const second = await (await invoke({ prompt: 'proceed' }, session)).json() as { output: Record<string, any> };
    expect(second.output.status).toBe('completed');
    expect(second.output.investigation_id).toBe(first.output.investigation_id);
    expect(second.output.plan.agents).toEqual(first.output.plan.agents);
    expect(second.output.message).toContain('database-config');
    const third = await invoke({ action: 'approve' }, session);
    expect(third.status).toBe(409);
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe('nothing_to_approve');
  });

  it('answers a follow-up from the session\'s earlier findings, without calling tools again', async () => {
    const session = { 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id': 'follow-up-session-0123456789abcdefghi' };
    const first = await (await invoke({ prompt: PROMPT }, session)).json() as { output: Record<string, any> };
    expect(first.output.status).toBe('completed');
    const follow = await (await invoke({ prompt: 'What should I do first?' }, session)).json() as { output: Record<string, any> };
    expect(follow.output.status).toBe('completed');
    expect(follow.output.usage.tool_calls).toBe(0);
    expect(follow.output.message).toContain('## Follow-up');
    expect(follow.output.message).toContain(first.output.investigation_id);
    expect(follow.output.message).toMatch(/1\. .*ConfigMap database-config/);
  });
});

