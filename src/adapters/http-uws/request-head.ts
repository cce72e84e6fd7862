import type { HttpRequest } from 'uWebSockets.js';
import type { InboundTrace } from '../../application/ports/telemetry.js';

export const SESSION_HEADER = 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id';
export const REQUEST_ID_HEADER = 'X-Amzn-Bedrock-AgentCore-Runtime-Request-Id';

/** What the invocation handler needs from the request line and headers. */
export interface RequestHead {
  readonly url: string;
  /** Lower-cased media type without parameters; '' when the header is absent. */
  readonly mediaType: string;
  /** Undefined when absent (a chunked upload) or not a number. */
  readonly contentLength?: number;
  readonly wantsEventStream: boolean;
  readonly sessionId?: string;
  readonly requestId?: string;
  /** `traceparent` / `X-Amzn-Trace-Id`, unparsed (telemetry parses them); absent when neither came. */
  readonly trace?: InboundTrace;
  /** The `Authorization` header, for the authenticator only; never logged. */
  readonly authorization?: string;
}

/**
 * Reads everything at once: uWS allocates `HttpRequest` on the stack, so it is invalid after the
 * handler returns or awaits. uWS lower-cases header names; getHeader gives '' for a missing one.
 */
export function readRequestHead(req: HttpRequest): RequestHead {
  const contentLength = req.getHeader('content-length');
  const sessionId = req.getHeader(SESSION_HEADER.toLowerCase()).trim();
  const requestId = req.getHeader(REQUEST_ID_HEADER.toLowerCase()).trim();
  const trace = readTrace(req);
  const authorization = req.getHeader('authorization');
  return {
    url: req.getUrl(),
    mediaType: (req.getHeader('content-type').split(';')[0] ?? '').trim().toLowerCase(),
    ...(/^\d+$/.test(contentLength) ? { contentLength: Number(contentLength) } : {}),
    wantsEventStream: req.getHeader('accept').toLowerCase().includes('text/event-stream'),
    ...(sessionId ? { sessionId } : {}),
    ...(requestId ? { requestId } : {}),
    ...(trace ? { trace } : {}),
    ...(authorization ? { authorization } : {}),
  };
}

// Real values are 55 (traceparent) to about 130 (X-Amzn-Trace-Id) characters; far longer is junk.
const MAX_TRACE_HEADER_CHARS = 512;

function readTrace(req: HttpRequest): InboundTrace | undefined {
  const traceparent = req.getHeader('traceparent').trim();
  const amznTraceId = req.getHeader('x-amzn-trace-id').trim();
  const trace = {
    ...(traceparent && traceparent.length <= MAX_TRACE_HEADER_CHARS ? { traceparent } : {}),
    ...(amznTraceId && amznTraceId.length <= MAX_TRACE_HEADER_CHARS ? { amznTraceId } : {}),
  };
  return Object.keys(trace).length > 0 ? trace : undefined;
}

/** `application/json`, any `application/*+json`, or no content type at all (curl -d, some SDKs). */
export function isJsonMediaType(mediaType: string): boolean {
  return mediaType === '' || mediaType === 'application/json' || /^application\/[\w.!#$&^-]+\+json$/.test(mediaType);
}

// LangGraph's in-memory checkpointer refuses these as thread ids ("would mutate Object.prototype"):
// a session of that name failed deep inside the graph with a 500, so it is refused at the door.
const RESERVED_SESSION_IDS = new Set(['__proto__', 'constructor', 'prototype']);

/** Why a client-chosen session id (header, body or query) cannot be used; undefined when it can. */
export function sessionIdProblem(sessionId: string): string | undefined {
  return RESERVED_SESSION_IDS.has(sessionId) ? `The session id "${sessionId}" is reserved; choose another.` : undefined;
}
