import { OperationCancelled } from '../../application/ports/errors.js';
import type { Llm, LlmRequest, LlmResponse, LlmStreamChunk } from '../../application/ports/llm.js';
import type { AgentMessage } from '../../domain/messages.js';
import { decideTurn } from './decide-turn.js';

export interface OfflineLlmOptions {
  /** Simulated model latency per call, in milliseconds (default 0). */
  readonly delayMs?: number;
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(new OperationCancelled('model call cancelled'));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new OperationCancelled('model call cancelled'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const chars = (m: AgentMessage): number => {
  if (m.role === 'user') return m.content.length;
  if (m.role === 'assistant') return (m.text?.length ?? 0) + JSON.stringify(m.toolCalls).length;
  return m.results.reduce((n, r) => n + r.content.length + r.name.length, 0);
};

/** A few word-aligned pieces of the narrative, as a model would stream them. */
function pieces(text: string): string[] {
  const words = text.match(/\s*\S+\s*/g) ?? [];
  const size = Math.max(4, Math.ceil(words.length / 4));
  const out: string[] = [];
  for (let i = 0; i < words.length; i += size) out.push(words.slice(i, i + size).join(''));
  return out;
}

/**
 * The embedded default model: a deterministic, rule-based SRE analyst that needs no cloud account.
 * It plans by symptom, calls every useful tool of its specialist, reads the JSON they return and
 * writes findings and the report through the same forced tools a remote model would use. It reads
 * the request's structured context, never the prompts. Rejects only with `OperationCancelled`.
 */
export class OfflineLlm implements Llm {
  private readonly delayMs: number;

  constructor(options: OfflineLlmOptions = {}) {
    this.delayMs = Math.max(0, options.delayMs ?? 0);
  }

  // The answer is worked out first, then the simulated latency passes, as with a remote model:
  // the CPU work is done by the caller's turn on the event loop, not when the timer fires.
  async complete(request: LlmRequest, signal: AbortSignal): Promise<LlmResponse> {
    const response = this.respond(request);
    await wait(this.delayMs, signal);
    return response;
  }

  async *stream(request: LlmRequest, signal: AbortSignal): AsyncIterable<LlmStreamChunk> {
    const response = this.respond(request);
    await wait(this.delayMs, signal);
    for (const delta of pieces(response.text ?? '')) {
      if (signal.aborted) throw new OperationCancelled('model call cancelled');
      yield { kind: 'text', delta };
    }
    if (signal.aborted) throw new OperationCancelled('model call cancelled');
    yield { kind: 'done', response };
  }

  private respond(request: LlmRequest): LlmResponse {
    const turn = decideTurn(request);
    const input = request.system.length + request.messages.reduce((n, m) => n + chars(m), 0);
    const output = turn.text.length + (turn.toolCalls.length > 0 ? JSON.stringify(turn.toolCalls).length : 0);
    return {
      ...(turn.text ? { text: turn.text } : {}),
      toolCalls: turn.toolCalls,
      stopReason: turn.toolCalls.length > 0 ? 'tool_use' : 'end_turn',
      usage: { inputTokens: Math.ceil(input / 4), outputTokens: Math.ceil(output / 4) },
    };
  }
}
