import type { ErrorSource, InboundTrace, SpanAttributes, SpanHandle, SpanKind, Telemetry, TraceContext } from '../../src/application/ports/telemetry.js';
import { parseTraceHeaders } from '../../src/adapters/otel/trace-headers.js';
import type { InvestigationStatus } from '../../src/domain/investigation.js';

export interface RecordedSpan {
  readonly name: string;
  readonly kind: SpanKind;
  readonly context: TraceContext;
  readonly parent?: TraceContext;
  readonly attributes: Record<string, string | number | boolean>;
  error?: string;
  ended: boolean;
}

export type RecordedMetric =
  | { readonly kind: 'started' }
  | { readonly kind: 'finished'; readonly status: InvestigationStatus; readonly durationMs: number }
  | { readonly kind: 'tokens'; readonly provider: string; readonly model: string; readonly inputTokens: number; readonly outputTokens: number }
  | { readonly kind: 'error'; readonly code: string; readonly source: ErrorSource };

/**
 * Telemetry in memory, for asserting the span tree: deterministic ids (`t1…`, `s1…`) and every
 * span and metric in the order recorded. Headers are parsed by the real adapter's parser.
 */
export class RecordingTelemetry implements Telemetry {
  readonly spans: RecordedSpan[] = [];
  readonly metrics: RecordedMetric[] = [];
  private nextTrace = 0;
  private nextSpan = 0;

  startSpan(name: string, attributes: SpanAttributes, parent?: TraceContext, kind: SpanKind = 'internal'): SpanHandle {
    const context: TraceContext = {
      traceId: parent?.traceId ?? `t${++this.nextTrace}`.padStart(32, '0'),
      spanId: `s${++this.nextSpan}`.padStart(16, '0'),
      sampled: parent?.sampled ?? true,
    };
    const span: RecordedSpan = { name, kind, context, ...(parent ? { parent } : {}), attributes: defined(attributes), ended: false };
    this.spans.push(span);
    return {
      context,
      setAttributes: (more) => { Object.assign(span.attributes, defined(more)); },
      recordError: (code) => { span.error = code; },
      end: () => { span.ended = true; },
    };
  }

  parentFrom(trace: InboundTrace | undefined): TraceContext | undefined {
    return parseTraceHeaders(trace);
  }

  recordInvestigationStarted(): void {
    this.metrics.push({ kind: 'started' });
  }

  recordInvestigationFinished(status: InvestigationStatus, durationMs: number): void {
    this.metrics.push({ kind: 'finished', status, durationMs });
  }

  recordTokens(model: { readonly provider: string; readonly model: string }, usage: { readonly inputTokens: number; readonly outputTokens: number }): void {
    this.metrics.push({ kind: 'tokens', ...model, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens });
  }

  recordError(code: string, source: ErrorSource): void {
    this.metrics.push({ kind: 'error', code, source });
  }

  /** The spans whose parent is `span`. */
  childrenOf(span: RecordedSpan): RecordedSpan[] {
    return this.spans.filter((s) => s.parent?.spanId === span.context.spanId);
  }

  /** The one span named `name`; throws when there is none or more than one. */
  one(name: string): RecordedSpan {
    const found = this.spans.filter((s) => s.name === name);
    if (found.length !== 1) throw new Error(`expected one span named ${name}, got ${found.length}: ${this.spans.map((s) => s.name).join(', ')}`);
    return found[0] as RecordedSpan;
  }
}

function defined(attributes: SpanAttributes): Record<string, string | number | boolean> {
  return Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== undefined)) as Record<string, string | number | boolean>;
}
