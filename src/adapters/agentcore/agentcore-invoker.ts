import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { BedrockAgentCoreClient, InvokeAgentRuntimeCommand } from '@aws-sdk/client-bedrock-agentcore';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { consumeEvents, type InvocationOutcome, jsonOutcome, sseEvents, type WireEvent } from './invocation-events.js';

export const SESSION_HEADER = 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id';

export interface InvokeRequest {
  readonly prompt: string;
  readonly userId: string;
  /** 33–256 characters when sent to AgentCore; generated when absent (see `newSessionId`). */
  readonly sessionId?: string;
  /** `text/event-stream` (events as they happen) or a single JSON answer. */
  readonly stream: boolean;
}

export type InvokeTarget =
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'arn'; readonly arn: string; readonly qualifier: string; readonly region: string; readonly endpoint?: string };

export interface InvokeResult {
  readonly sessionId: string;
  readonly outcome: InvocationOutcome;
}

/** A session id AgentCore accepts: 33–256 characters (a UUID alone is 36). */
export const newSessionId = (): string => `sre-agent-${randomUUID()}`;

const payloadOf = (request: InvokeRequest): Record<string, string> => ({
  prompt: request.prompt,
  user_id: request.userId,
  ...(request.sessionId !== undefined ? { session_id: request.sessionId } : {}),
});

const accept = (stream: boolean): string => (stream ? 'text/event-stream' : 'application/json');

/** Streams events to `onEvent` (as they arrive) when the answer is an event stream; otherwise reads the JSON answer. */
async function readBody(contentType: string, body: AsyncIterable<Uint8Array | string>, onEvent: (e: WireEvent) => void): Promise<InvocationOutcome> {
  if (contentType.includes('text/event-stream')) return consumeEvents(sseEvents(body), onEvent);
  let text = '';
  const decoder = new TextDecoder();
  for await (const chunk of body) text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  return jsonOutcome(text + decoder.decode());
}

/** One investigation through a runtime: a local container (`POST <url>/invocations`) or AgentCore (`InvokeAgentRuntime`). */
export async function invokeRuntime(target: InvokeTarget, request: InvokeRequest, onEvent: (event: WireEvent) => void): Promise<InvokeResult> {
  const sessionId = request.sessionId ?? newSessionId();
  const outcome = target.kind === 'url'
    ? await invokeUrl(target.url, request, sessionId, onEvent)
    : await invokeArn(target, request, sessionId, onEvent);
  return { sessionId, outcome };
}

async function invokeUrl(url: string, request: InvokeRequest, sessionId: string, onEvent: (e: WireEvent) => void): Promise<InvocationOutcome> {
  let res: Response;
  try {
    res = await fetch(`${url.replace(/\/+$/, '')}/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: accept(request.stream), [SESSION_HEADER]: sessionId },
      body: JSON.stringify(payloadOf(request)),
    });
  } catch (error) {
    return { ok: false, error: { code: 'unreachable', message: `Could not reach ${url}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}` } };
  }
  if (!res.ok) {
    const text = await res.text();
    const parsed = jsonOutcome(text);
    const detail = parsed.ok ? text.slice(0, 300) : parsed.error.message;
    return { ok: false, error: { code: `http_${res.status}`, message: `HTTP ${res.status}: ${detail}` } };
  }
  if (!res.body) return { ok: false, error: { code: 'bad_response', message: 'The runtime answered without a body.' } };
  return readBody(res.headers.get('content-type') ?? '', res.body as unknown as AsyncIterable<Uint8Array>, onEvent);
}

async function invokeArn(target: Extract<InvokeTarget, { kind: 'arn' }>, request: InvokeRequest, sessionId: string, onEvent: (e: WireEvent) => void): Promise<InvocationOutcome> {
  const client = new BedrockAgentCoreClient({
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    // One attempt only: an investigation is not idempotent. A retry after a timeout or a 5xx
    // would start the whole investigation again (tool calls, model spend, a second report) while
    // the first may still be running — the original's invoke script did exactly that.
    maxAttempts: 1,
    // HTTP/1.1, so an http:// endpoint (a local fake) works as well as AgentCore itself.
    requestHandler: new NodeHttpHandler(),
  });
  try {
    const res = await client.send(new InvokeAgentRuntimeCommand({
      agentRuntimeArn: target.arn,
      qualifier: target.qualifier,
      runtimeSessionId: sessionId,
      payload: new TextEncoder().encode(JSON.stringify(payloadOf(request))),
      contentType: 'application/json',
      accept: accept(request.stream),
    }));
    const body = res.response as unknown;
    if (!body) return { ok: false, error: { code: 'bad_response', message: 'AgentCore answered without a body.' } };
    const iterable = isAsyncIterable(body) ? body : Readable.from([await (body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()]);
    return await readBody(res.contentType ?? '', iterable as AsyncIterable<Uint8Array>, onEvent);
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    return { ok: false, error: { code: name, message: `${name}${status ? ` (HTTP ${status})` : ''}: ${error instanceof Error ? error.message : String(error)}` } };
  } finally {
    client.destroy();
  }
}

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
