import { type Attributes, type Counter, type Histogram, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, type Tracer, TraceFlags, trace } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, type SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';
import type { ErrorSource, InboundTrace, SpanAttributes, SpanHandle, SpanKind as PortSpanKind, Telemetry, TraceContext } from '../../application/ports/telemetry.js';
import type { InvestigationStatus } from '../../domain/investigation.js';
import type { Logger } from '../shared/logger.js';
import { ExportWatch } from './export-watch.js';
import { parseTraceHeaders } from './trace-headers.js';

export interface OtelTelemetryOptions {
  /** OTLP/HTTP base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`); `/v1/traces` and `/v1/metrics` are appended. */
  readonly endpoint: string;
  readonly serviceName: string;
  readonly serviceVersion?: string;
  /** Sent with every export (`OTEL_EXPORTER_OTLP_HEADERS`): often the collector's credentials. */
  readonly headers?: Readonly<Record<string, string>>;
  /** How often metrics are pushed. */
  readonly metricIntervalMs: number;
  /** How long finished spans wait to be batched. */
  readonly spanDelayMs: number;
  /** Per export request. */
  readonly exportTimeoutMs: number;
  readonly logger?: Logger;
}

/** Where the data goes; the OTLP/HTTP JSON exporters unless a test gives others. */
export interface OtelExporters {
  readonly spans: SpanExporter;
  readonly metrics: PushMetricExporter;
}

const SECONDS = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];
// The GenAI semantic conventions' advice for `gen_ai.client.token.usage`.
const TOKENS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

/**
 * The Telemetry port over the OpenTelemetry SDK: batched spans and periodic metrics over
 * OTLP/HTTP. Parents are always explicit (no global context manager or provider is registered), so
 * nothing else in the process is affected. Export runs in the background and its failures are
 * dropped after one warning (see ExportWatch).
 */
export class OtelTelemetry implements Telemetry {
  private readonly tracerProvider: TracerProvider;
  private readonly meterProvider: MeterProvider;
  private readonly tracer: Tracer;
  private readonly started: Counter;
  private readonly finished: Counter;
  private readonly duration: Histogram;
  private readonly tokens: Histogram;
  private readonly errors: Counter;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: OtelTelemetryOptions, exporters: OtelExporters = otlpExporters(options)) {
    const resource = defaultResource().merge(resourceFromAttributes({
      'service.name': options.serviceName, ...(options.serviceVersion ? { 'service.version': options.serviceVersion } : {}),
    }));
    const watch = new ExportWatch(options.logger);
    this.tracerProvider = new TracerProvider({
      resource,
      spanProcessors: [new BatchSpanProcessor({ exporter: watch.spans(exporters.spans), scheduledDelayMillis: options.spanDelayMs, exportTimeoutMillis: options.exportTimeoutMs })],
    });
    this.meterProvider = new MeterProvider({
      resource,
      readers: [new PeriodicExportingMetricReader({
        exporter: watch.metrics(exporters.metrics), exportIntervalMillis: options.metricIntervalMs,
        exportTimeoutMillis: Math.min(options.exportTimeoutMs, options.metricIntervalMs),
      })],
    });
    this.tracer = this.tracerProvider.getTracer('sre-agent', options.serviceVersion);
    const meter = this.meterProvider.getMeter('sre-agent', options.serviceVersion);
    this.started = meter.createCounter('sre.investigations.started', { unit: '{investigation}', description: 'Investigations admitted' });
    this.finished = meter.createCounter('sre.investigations.finished', { unit: '{investigation}', description: 'Investigations ended, by sre.investigation.status' });
    this.duration = meter.createHistogram('sre.investigation.duration', { unit: 's', description: 'Investigation wall time', advice: { explicitBucketBoundaries: SECONDS } });
    this.tokens = meter.createHistogram('gen_ai.client.token.usage', { unit: '{token}', description: 'Tokens per model call, by gen_ai.token.type', advice: { explicitBucketBoundaries: TOKENS } });
    this.errors = meter.createCounter('sre.errors', { unit: '{error}', description: 'Errors by error.type and sre.error.source' });
  }

  startSpan(name: string, attributes: SpanAttributes, parent?: TraceContext, kind: PortSpanKind = 'internal'): SpanHandle {
    const context = parent ? trace.setSpanContext(ROOT_CONTEXT, {
      traceId: parent.traceId, spanId: parent.spanId, traceFlags: parent.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE, isRemote: parent.remote ?? false,
    }) : ROOT_CONTEXT;
    const span = this.tracer.startSpan(name, { kind: kind === 'client' ? SpanKind.CLIENT : SpanKind.INTERNAL, attributes: defined(attributes) }, context);
    return new OtelSpanHandle(span);
  }

  parentFrom(trace: InboundTrace | undefined): TraceContext | undefined {
    return parseTraceHeaders(trace);
  }

  recordInvestigationStarted(): void {
    this.started.add(1);
  }

  recordInvestigationFinished(status: InvestigationStatus, durationMs: number): void {
    this.finished.add(1, { 'sre.investigation.status': status });
    this.duration.record(Math.max(0, durationMs) / 1000, { 'sre.investigation.status': status });
  }

  recordTokens(model: { readonly provider: string; readonly model: string }, usage: { readonly inputTokens: number; readonly outputTokens: number }): void {
    const base = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': model.provider, 'gen_ai.request.model': model.model };
    this.tokens.record(usage.inputTokens, { ...base, 'gen_ai.token.type': 'input' });
    this.tokens.record(usage.outputTokens, { ...base, 'gen_ai.token.type': 'output' });
  }

  recordError(code: string, source: ErrorSource): void {
    this.errors.add(1, { 'error.type': code, 'sre.error.source': source });
  }

  /** Exports what is buffered now (tests; a runtime about to freeze). */
  async flush(): Promise<void> {
    await Promise.allSettled([this.tracerProvider.forceFlush(), this.meterProvider.forceFlush()]);
  }

  /** Flushes and stops both pipelines; gives up after `timeoutMs` so a dead collector cannot hold shutdown. */
  shutdown(timeoutMs = 5_000): Promise<void> {
    this.closing ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => { timer = setTimeout(resolve, timeoutMs); timer.unref(); });
      await Promise.race([Promise.allSettled([this.tracerProvider.shutdown(), this.meterProvider.shutdown()]), deadline]);
      clearTimeout(timer);
    })();
    return this.closing;
  }
}

class OtelSpanHandle implements SpanHandle {
  readonly context: TraceContext;
  private ended = false;

  constructor(private readonly span: Span) {
    const c = span.spanContext();
    this.context = { traceId: c.traceId, spanId: c.spanId, sampled: (c.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED };
  }

  setAttributes(attributes: SpanAttributes): void {
    if (!this.ended) this.span.setAttributes(defined(attributes));
  }

  recordError(code: string): void {
    if (this.ended) return;
    this.span.setAttribute('error.type', code);
    this.span.setStatus({ code: SpanStatusCode.ERROR, message: code });
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.span.end();
  }
}

function otlpExporters(options: OtelTelemetryOptions): OtelExporters {
  const base = options.endpoint.replace(/\/+$/, '');
  const common = { headers: { ...options.headers }, timeoutMillis: options.exportTimeoutMs };
  return {
    spans: new OTLPTraceExporter({ ...common, url: `${base}/v1/traces` }),
    metrics: new OTLPMetricExporter({ ...common, url: `${base}/v1/metrics` }),
  };
}

function defined(attributes: SpanAttributes): Attributes {
  return Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== undefined)) as Attributes;
}
