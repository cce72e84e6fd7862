import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { JsonLogger } from '../../src/adapters/shared/logger.js';
import { loadConfig } from '../../src/bootstrap/config.js';
import { type RunningServer, startServer } from '../../src/bootstrap/server.js';
import { OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver.js';

// The runtime as `npm start` wires it, exporting to a collector on loopback: what an operator
// sees in their tracing backend after one investigation.
const PROMPT = 'API response times have degraded 3x in the last hour. What is going on?';
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';
// Short export intervals keep the waits short; no fixed sleeps.
const FAST_EXPORT = { OTEL_BSP_SCHEDULE_DELAY: '50', OTEL_METRIC_EXPORT_INTERVAL: '200' };

async function start(endpoint: string, logLines: Record<string, unknown>[], env: Record<string, string> = {}): Promise<RunningServer> {
  const config = loadConfig({ MEMORY_BACKEND: 'in-memory', PORT: '0', HOST: '127.0.0.1', SHUTDOWN_DRAIN_MS: '2000', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: 'sre-agent-test', ...FAST_EXPORT, ...env });
  return startServer(config, { logger: new JsonLogger({ level: 'info', write: (l) => { logLines.push(JSON.parse(l) as Record<string, unknown>); } }) });
}

const invoke = (running: RunningServer, headers: Record<string, string>) =>
  fetch(`http://127.0.0.1:${running.port}/invocations`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ prompt: PROMPT }) });

describe('OpenTelemetry export to an OTLP/HTTP collector', () => {
  const receiver = new OtlpReceiver();
  const logLines: Record<string, unknown>[] = [];
  let running: RunningServer;

  beforeAll(async () => {
    running = await start(await receiver.listen(), logLines, { OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-key=k%201' });
  });
  afterAll(async () => {
    await running?.stop();
    await receiver.close();
  });

  it('sends the investigation\'s spans in the caller\'s trace: nodes, model calls with tokens, tool calls', async () => {
    const res = await invoke(running, { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01` });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { output: { status: string } }).output.status).toBe('completed');

    const byName = (prefix: string): ReceivedSpan[] => receiver.spans.filter((s) => s.name.startsWith(prefix));
    await vi.waitFor(() => expect(byName('investigation')).toHaveLength(1), { timeout: 10_000, interval: 50 });
    // The investigation span ends with the result; its descendants ended before it.
    const investigation = byName('investigation')[0] as ReceivedSpan;
    expect(investigation.traceId).toBe(TRACE_ID);
    expect(investigation.parentSpanId).toBe(CALLER_SPAN);
    expect(investigation.attributes).toMatchObject({ 'sre.investigation.status': 'completed' });
    expect(investigation.resource['service.name']).toBe('sre-agent-test');

    const inTrace = receiver.spans.filter((s) => s.traceId === TRACE_ID);
    const nodes = inTrace.filter((s) => s.name.startsWith('node '));
    expect(nodes.map((s) => s.attributes['sre.node'])).toEqual(expect.arrayContaining(['prepare', 'supervisor', 'aggregate']));
    expect(nodes.every((s) => s.parentSpanId === investigation.spanId)).toBe(true);

    const nodeIds = new Set(nodes.map((s) => s.spanId));
    const chats = inTrace.filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
    expect(chats.length).toBeGreaterThan(2);
    for (const chat of chats) {
      expect(nodeIds.has(chat.parentSpanId ?? '')).toBe(true);
      expect(chat.kind).toBe(3); // SPAN_KIND_CLIENT
      expect(chat.attributes).toMatchObject({ 'gen_ai.provider.name': 'offline', 'gen_ai.request.model': 'offline-analyst' });
      expect(chat.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
      expect(chat.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    }

    const tools = inTrace.filter((s) => s.attributes['gen_ai.operation.name'] === 'execute_tool');
    expect(tools.map((s) => s.attributes['gen_ai.tool.name'])).toEqual(expect.arrayContaining([expect.stringMatching(/get_pod_status$/)]));
    expect(tools.every((s) => nodeIds.has(s.parentSpanId ?? ''))).toBe(true);
    expect(JSON.stringify(receiver.spans)).not.toContain('degraded 3x');

    expect(receiver.requests.find((r) => r.path === '/v1/traces')).toMatchObject({ contentType: 'application/json', headers: { 'x-collector-key': 'k 1' } });
  });

  it('sends the investigation metrics: started, finished by status, duration, tokens', async () => {
    await vi.waitFor(() => {
      const names = new Set(receiver.points.map((p) => p.metric));
      for (const name of ['sre.investigations.started', 'sre.investigations.finished', 'sre.investigation.duration', 'gen_ai.client.token.usage']) expect(names).toContain(name);
    }, { timeout: 10_000, interval: 50 });
    // Cumulative sums: the latest point holds the total so far.
    const latest = (metric: string, match: Record<string, unknown> = {}) =>
      receiver.points.filter((p) => p.metric === metric && Object.entries(match).every(([k, v]) => p.attributes[k] === v)).at(-1);
    expect(latest('sre.investigations.started')?.value).toBeGreaterThanOrEqual(1);
    expect(latest('sre.investigations.finished', { 'sre.investigation.status': 'completed' })?.value).toBeGreaterThanOrEqual(1);
    expect(latest('sre.investigation.duration')?.count).toBeGreaterThanOrEqual(1);
    expect(latest('gen_ai.client.token.usage', { 'gen_ai.token.type': 'input', 'gen_ai.request.model': 'offline-analyst' })?.sum).toBeGreaterThan(0);
  });
});

describe('a collector that rejects the exports', () => {
  it('does not affect the investigation, and is logged once per signal rather than per export', async () => {
    const receiver = new OtlpReceiver();
    // Not retryable (a 503 is retried with backoff first, which only makes the test slow).
    receiver.failWith = 401;
    const logLines: Record<string, unknown>[] = [];
    const running = await start(await receiver.listen(), logLines);
    try {
      const first = await invoke(running, { 'X-Amzn-Trace-Id': 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1' });
      expect(first.status).toBe(200);
      expect(((await first.json()) as { output: { status: string } }).output.status).toBe('completed');
      const warnings = () => logLines.filter((l) => l['message'] === 'OTLP export failing; telemetry is dropped until it recovers');
      await vi.waitFor(() => expect(warnings().map((l) => l['signal']).sort()).toEqual(['metrics', 'traces']), { timeout: 10_000, interval: 50 });
      const metricExports = receiver.requests.filter((r) => r.path === '/v1/metrics').length;
      await vi.waitFor(() => expect(receiver.requests.filter((r) => r.path === '/v1/metrics').length).toBeGreaterThanOrEqual(metricExports + 2), { timeout: 10_000, interval: 50 });
      expect(warnings()).toHaveLength(2);
      receiver.failWith = undefined;
      await vi.waitFor(() => expect(logLines.some((l) => l['message'] === 'OTLP export recovered')).toBe(true), { timeout: 10_000, interval: 50 });
    } finally {
      await running.stop();
      await receiver.close();
    }
  });
});
