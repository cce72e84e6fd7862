/** One event of the runtime's stream as it travels on the wire (CONTRACT.md §2): JSON with a `type`. */
export interface WireEvent {
  readonly type: string;
  readonly [key: string]: unknown;
}

/** How an invocation ended: the final `output` object, or an error (an `error` event, an HTTP or SDK error). */
export type InvocationOutcome =
  | { readonly ok: true; readonly output: Record<string, unknown> }
  | { readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

const decoder = () => new TextDecoder('utf-8');

/** Parses a `text/event-stream` body into its `data:` payloads, yielding each as soon as its blank line arrives. */
export async function* sseEvents(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<WireEvent> {
  const text = decoder();
  let buffer = '';
  const take = function* (final: boolean): Generator<WireEvent> {
    buffer = buffer.replace(/\r\n/g, '\n');
    let at: number;
    while ((at = buffer.indexOf('\n\n')) >= 0 || (final && buffer.trim() !== '' && (at = buffer.length) > 0)) {
      const block = buffer.slice(0, at);
      buffer = buffer.slice(at + 2);
      const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, '')).join('\n');
      if (data === '') continue; // comments (heartbeats) and empty blocks
      yield parseEvent(data);
    }
  };
  for await (const chunk of body) {
    buffer += typeof chunk === 'string' ? chunk : text.decode(chunk, { stream: true });
    yield* take(false);
  }
  buffer += text.decode();
  yield* take(true);
}

function parseEvent(data: string): WireEvent {
  try {
    const value: unknown = JSON.parse(data);
    if (value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string') return value as WireEvent;
    return { type: 'unknown', data: value };
  } catch {
    return { type: 'unknown', data };
  }
}

/** The outcome carried by a single JSON response body (`{ "output": … }`), or an error body. */
export function jsonOutcome(text: string): InvocationOutcome {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, error: { code: 'bad_response', message: `The runtime answered with a body that is not JSON: ${text.slice(0, 200)}` } };
  }
  const record = (body ?? {}) as Record<string, unknown>;
  const output = record['output'] as Record<string, unknown> | undefined;
  const error = (output?.['error'] ?? record['error']) as { code?: unknown; message?: unknown } | string | undefined;
  if (output && !error && output['status'] !== 'failed') return { ok: true, output };
  if (typeof error === 'string') return { ok: false, error: { code: 'error', message: error } };
  return { ok: false, error: { code: String(error?.code ?? 'failed'), message: String(error?.message ?? (record['message'] ?? text.slice(0, 200))) } };
}

const clip = (text: string, max = 100): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};
const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v));

/** One readable line for a wire event, or undefined for events that print nothing (tokens, results, unknown ones). */
export function describeWireEvent(event: WireEvent): string | undefined {
  switch (event.type) {
    case 'started': return `▶ investigation ${str(event['investigation_id'])} (session ${str(event['session_id'])})`;
    case 'plan': {
      const plan = (event['plan'] ?? {}) as { complexity?: string; steps?: { id?: number; agent?: string; goal?: string }[] };
      const steps = (plan.steps ?? []).map((s) => `${s.id}. ${s.agent}: ${clip(str(s.goal), 80)}`).join('; ');
      const head = steps === '' ? '📋 plan: answer from earlier findings' : `📋 plan (${plan.complexity ?? '?'}): ${steps}`;
      return event['awaiting_approval'] === true ? `${head} [awaiting approval]` : head;
    }
    case 'agent_started': return `🧭 ${str(event['agent'])} started step ${str(event['step'])}: ${clip(str(event['goal']), 80)}`;
    case 'tool_call': return `🔧 ${str(event['agent'])} → ${str(event['tool'])}(${clip(JSON.stringify(event['args'] ?? {}), 80)})`;
    case 'tool_result': return `   ${str(event['tool'])}: ${event['ok'] === true ? 'ok' : 'error'}, ${str(event['bytes'])} bytes`;
    case 'agent_finished': return `✅ ${str(event['agent'])} finished step ${str(event['step'])}: ${str(event['status'])}, ${str(event['tool_calls'])} tool calls — ${clip(str(event['summary']), 80)}`;
    case 'error': {
      const error = (event['error'] ?? {}) as { code?: unknown; message?: unknown };
      return `error ${str(error.code)}: ${str(error.message)}`;
    }
    default: return undefined;
  }
}

/**
 * Feeds a streamed body's events to `onEvent` as they arrive and returns the outcome: the `result`
 * event's output, or the first `error` event. A stream that ends without either is an error.
 */
export async function consumeEvents(events: AsyncIterable<WireEvent>, onEvent: (event: WireEvent) => void): Promise<InvocationOutcome> {
  let report: string | undefined;
  for await (const event of events) {
    onEvent(event);
    if (event.type === 'report' && typeof event['message'] === 'string') report = event['message'];
    if (event.type === 'result' && event['output'] && typeof event['output'] === 'object') return { ok: true, output: event['output'] as Record<string, unknown> };
    if (event.type === 'error') {
      const error = (event['error'] ?? {}) as { code?: unknown; message?: unknown };
      return { ok: false, error: { code: str(error.code) || 'error', message: str(error.message) || 'The investigation failed.' } };
    }
  }
  if (report !== undefined) return { ok: true, output: { message: report, status: 'completed' } };
  return { ok: false, error: { code: 'incomplete_stream', message: 'The stream ended without a result event.' } };
}
