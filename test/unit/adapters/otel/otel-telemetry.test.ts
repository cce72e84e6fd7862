import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { AggregationTemporality, InMemoryMetricExporter } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { OtelTelemetry } from '../../../../src/adapters/otel/otel-telemetry.js';

const exporters = () => ({ spans: new InMemorySpanExporter(), metrics: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE) });
const options = { endpoint: 'http://127.0.0.1:1', serviceName: 'sre-agent-unit', metricIntervalMs: 60_000, spanDelayMs: 60_000, exportTimeoutMs: 1_000 };
let open: OtelTelemetry[] = [];
afterEach(async () => { await Promise.all(open.map((t) => t.shutdown())); open = []; });

function telemetry() {
  const out = exporters();
  const t = new OtelTelemetry(options, out);
  open.push(t);
  return { t, ...out };
}

describe('OtelTelemetry', () => {
  it('builds spans under explicit parents, the caller\'s marked remote, with the port\'s attributes and kinds', async () => {
    const { t, spans } = telemetry();
    const caller = t.parentFrom({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
    const root = t.startSpan('investigation', { 'sre.session.id': 's-1', skipped: undefined }, caller);
    const chat = t.startSpan('chat m', { 'gen_ai.operation.name': 'chat' }, root.context, 'client');
    chat.setAttributes({ 'gen_ai.usage.input_tokens': 12 });
    chat.recordError('llm_unavailable');
    chat.end();
    chat.end();
    root.end();
    await t.flush();

    const [first, second] = spans.getFinishedSpans();
    expect(spans.getFinishedSpans()).toHaveLength(2);
    expect(first?.name).toBe('chat m');
    expect(first?.kind).toBe(SpanKind.CLIENT);
    expect(first?.parentSpanContext?.spanId).toBe(root.context.spanId);
    expect(first?.attributes).toEqual({ 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': 12, 'error.type': 'llm_unavailable' });
    expect(first?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'llm_unavailable' });
    expect(second?.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(second?.parentSpanContext).toMatchObject({ spanId: '00f067aa0ba902b7', isRemote: true });
    expect(second?.attributes).toEqual({ 'sre.session.id': 's-1' });
    expect(second?.resource.attributes['service.name']).toBe('sre-agent-unit');
    expect(root.context).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', sampled: true });
  });

  it('records nothing under a caller that chose not to sample', async () => {
    const { t, spans } = telemetry();
    const root = t.startSpan('investigation', {}, t.parentFrom({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00' }));
    t.startSpan('node prepare', {}, root.context).end();
    root.end();
    await t.flush();
    expect(spans.getFinishedSpans()).toEqual([]);
  });

  it('aggregates the investigation, token and error metrics', async () => {
    const { t, metrics } = telemetry();
    t.recordInvestigationStarted();
    t.recordInvestigationFinished('completed', 1_500);
    t.recordTokens({ provider: 'aws.bedrock', model: 'm' }, { inputTokens: 100, outputTokens: 7 });
    t.recordError('tool_error', 'tool_call');
    await t.flush();
    const points = metrics.getMetrics().flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics.map((m) => [m.descriptor.name, m.dataPoints] as const)));
    const byName = Object.fromEntries(points);
    expect(byName['sre.investigations.started']?.[0]?.value).toBe(1);
    expect(byName['sre.investigations.finished']?.[0]).toMatchObject({ value: 1, attributes: { 'sre.investigation.status': 'completed' } });
    expect(byName['sre.investigation.duration']?.[0]?.value).toMatchObject({ count: 1, sum: 1.5 });
    expect(byName['gen_ai.client.token.usage']?.map((p) => [p.attributes['gen_ai.token.type'], (p.value as { sum: number }).sum])).toEqual([['input', 100], ['output', 7]]);
    expect(byName['sre.errors']?.[0]).toMatchObject({ value: 1, attributes: { 'error.type': 'tool_error', 'sre.error.source': 'tool_call' } });
  });

  it('shuts down within its bound even when the collector cannot be reached', async () => {
    const t = new OtelTelemetry({ ...options, exportTimeoutMs: 30_000 });
    t.startSpan('investigation', {}).end();
    const started = Date.now();
    await t.shutdown(300);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
