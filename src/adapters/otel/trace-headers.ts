import { parseTraceParent } from '@opentelemetry/core';
import type { InboundTrace, TraceContext } from '../../application/ports/telemetry.js';

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const INVALID_TRACE_ID = '0'.repeat(32);
const INVALID_SPAN_ID = '0'.repeat(16);
// X-Ray's root: version 1, 8 hex digits of epoch seconds, 24 random hex digits; together a W3C trace id.
const AMZN_ROOT = /^1-([0-9a-f]{8})-([0-9a-f]{24})$/;

/**
 * The caller's span: W3C `traceparent` when present and valid, else AWS `X-Amzn-Trace-Id`
 * (what AgentCore Runtime forwards). A malformed header is ignored, never an error: the request
 * is served either way, in a new trace.
 */
export function parseTraceHeaders(trace: InboundTrace | undefined): TraceContext | undefined {
  if (!trace) return undefined;
  return (trace.traceparent ? fromTraceparent(trace.traceparent) : undefined)
    ?? (trace.amznTraceId ? fromAmznTraceId(trace.amznTraceId) : undefined);
}

function fromTraceparent(header: string): TraceContext | undefined {
  const parsed = parseTraceParent(header.toLowerCase());
  if (!parsed || !valid(parsed.traceId, parsed.spanId)) return undefined;
  return { traceId: parsed.traceId, spanId: parsed.spanId, sampled: (parsed.traceFlags & 1) === 1, remote: true };
}

/** `Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1`; without a Parent there is no span to continue. */
function fromAmznTraceId(header: string): TraceContext | undefined {
  const fields = new Map<string, string>();
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) fields.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim().toLowerCase());
  }
  const root = AMZN_ROOT.exec(fields.get('root') ?? '');
  const spanId = fields.get('parent') ?? '';
  if (!root) return undefined;
  const traceId = `${root[1]}${root[2]}`;
  if (!valid(traceId, spanId)) return undefined;
  // `Sampled=?` or no flag defers the decision to us, and we record.
  return { traceId, spanId, sampled: fields.get('sampled') !== '0', remote: true };
}

function valid(traceId: string, spanId: string): boolean {
  return TRACE_ID.test(traceId) && SPAN_ID.test(spanId) && traceId !== INVALID_TRACE_ID && spanId !== INVALID_SPAN_ID;
}
