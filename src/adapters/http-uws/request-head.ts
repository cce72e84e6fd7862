import type { HttpRequest } from 'uWebSockets.js';

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
}

/**
 * Reads everything at once: uWS allocates `HttpRequest` on the stack, so it is invalid after the
 * handler returns or awaits. uWS lower-cases header names; getHeader gives '' for a missing one.
 */
export function readRequestHead(req: HttpRequest): RequestHead {
  const contentLength = req.getHeader('content-length');
  const sessionId = req.getHeader(SESSION_HEADER.toLowerCase()).trim();
  const requestId = req.getHeader(REQUEST_ID_HEADER.toLowerCase()).trim();
  return {
    url: req.getUrl(),
    mediaType: (req.getHeader('content-type').split(';')[0] ?? '').trim().toLowerCase(),
    ...(/^\d+$/.test(contentLength) ? { contentLength: Number(contentLength) } : {}),
    wantsEventStream: req.getHeader('accept').toLowerCase().includes('text/event-stream'),
    ...(sessionId ? { sessionId } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

/** `application/json`, any `application/*+json`, or no content type at all (curl -d, some SDKs). */
export function isJsonMediaType(mediaType: string): boolean {
  return mediaType === '' || mediaType === 'application/json' || /^application\/[\w.!#$&^-]+\+json$/.test(mediaType);
}
