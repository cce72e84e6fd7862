import type { InvestigationStatus } from '../../domain/investigation.js';
import type { LlmPurpose } from './llm.js';

/**
 * Where a span sits in a trace: plain data, so that it can ride in LangGraph's `configurable`
 * and cross the port without a vendor type. Ids are lower-case hex (32 and 16 digits).
 */
export interface TraceContext {
  readonly traceId: string;
  readonly spanId: string;
  /** The upstream sampling decision; an unsampled parent yields unsampled children. */
  readonly sampled: boolean;
  /** The context came from another process (an inbound header), not from a span of ours. */
  readonly remote?: boolean;
}

/** The caller's trace headers as they arrived, unparsed: the transport knows headers, not formats. */
export interface InboundTrace {
  /** W3C `traceparent`. */
  readonly traceparent?: string;
  /** AWS `X-Amzn-Trace-Id` (`Root=1-…;Parent=…;Sampled=1`), as AgentCore and X-Ray send it. */
  readonly amznTraceId?: string;
}

/**
 * Span attributes. Identifiers, names, counts and codes only: never prompt text, tool arguments
 * or output, or secrets (a trace backend is read by more people than the investigation is).
 */
export type SpanAttributes = Readonly<Record<string, string | number | boolean | undefined>>;

/** `client` for calls leaving the process (model, tools), `internal` otherwise. */
export type SpanKind = 'internal' | 'client';

export interface SpanHandle {
  readonly context: TraceContext;
  setAttributes(attributes: SpanAttributes): void;
  /** Marks the span failed with `error.type = code`; the error's message is left out on purpose. */
  recordError(code: string): void;
  /** Idempotent: a second call is ignored. */
  end(): void;
}

/** Where a counted error happened. */
export type ErrorSource = 'admission' | 'investigation' | 'model_call' | 'tool_call';

/** Which model serves a purpose, for the `gen_ai.*` attributes (the Llm port does not say). */
export interface ModelIdentity {
  /** `aws.bedrock` or `offline`. */
  readonly provider: string;
  modelFor(purpose: LlmPurpose): string;
}

/**
 * Traces and metrics. Every method is synchronous and never throws: export happens in the
 * background, and a failing exporter must not fail an investigation.
 */
export interface Telemetry {
  /** Starts a span; without a parent it starts a new trace. */
  startSpan(name: string, attributes: SpanAttributes, parent?: TraceContext, kind?: SpanKind): SpanHandle;
  /** The caller's span from its headers (`traceparent` first); undefined when absent or malformed. */
  parentFrom(trace: InboundTrace | undefined): TraceContext | undefined;
  recordInvestigationStarted(): void;
  recordInvestigationFinished(status: InvestigationStatus, durationMs: number): void;
  recordTokens(model: { readonly provider: string; readonly model: string }, usage: { readonly inputTokens: number; readonly outputTokens: number }): void;
  recordError(code: string, source: ErrorSource): void;
}

const NO_CONTEXT: TraceContext = { traceId: '00000000000000000000000000000000', spanId: '0000000000000000', sampled: false };
const NO_SPAN: SpanHandle = { context: NO_CONTEXT, setAttributes: () => undefined, recordError: () => undefined, end: () => undefined };

/** Telemetry switched off: the default wherever none is given, so tests and the CLI need none. */
export const NO_TELEMETRY: Telemetry = {
  startSpan: () => NO_SPAN,
  parentFrom: () => undefined,
  recordInvestigationStarted: () => undefined,
  recordInvestigationFinished: () => undefined,
  recordTokens: () => undefined,
  recordError: () => undefined,
};

/** Used when the composition root does not say which model runs. */
export const UNKNOWN_MODEL: ModelIdentity = { provider: 'unknown', modelFor: () => 'unknown' };
