import { OperationCancelled } from '../../src/application/ports/errors.js';
import type { Llm, LlmRequest, LlmResponse, LlmStreamChunk } from '../../src/application/ports/llm.js';

/** What a test scripts for one model turn: a response, or a function of the request. */
export type ScriptedTurn = LlmResponse | ((request: LlmRequest) => LlmResponse | Promise<LlmResponse>);

/**
 * A model that answers from per-key scripts (`plan`, `summarize`, `investigate:<agent>`), in order.
 * A call with nothing left to answer throws: the test under-specified, it must not silently cycle.
 */
export class ScriptedLlm implements Llm {
  readonly requests: LlmRequest[] = [];
  private readonly scripts: Map<string, ScriptedTurn[]>;

  constructor(scripts: Readonly<Record<string, readonly ScriptedTurn[]>>) {
    this.scripts = new Map(Object.entries(scripts).map(([k, v]) => [k, [...v]]));
  }

  static keyOf(request: LlmRequest): string {
    return request.purpose === 'investigate' ? `investigate:${request.agent ?? '?'}` : request.purpose;
  }

  async complete(request: LlmRequest, signal: AbortSignal): Promise<LlmResponse> {
    if (signal.aborted) throw new OperationCancelled('model call cancelled');
    this.requests.push(request);
    const key = ScriptedLlm.keyOf(request);
    const turn = this.scripts.get(key)?.shift();
    if (!turn) throw new Error(`ScriptedLlm: unexpected call for ${key} (#${this.requests.length})`);
    return typeof turn === 'function' ? turn(request) : turn;
  }

  async *stream(request: LlmRequest, signal: AbortSignal): AsyncIterable<LlmStreamChunk> {
    const response = await this.complete(request, signal);
    if (response.text) yield { kind: 'text', delta: response.text };
    yield { kind: 'done', response };
  }
}

export const toolTurn = (calls: { name: string; args?: Record<string, unknown>; id?: string }[]): LlmResponse => ({
  toolCalls: calls.map((c, i) => ({ id: c.id ?? `call-${c.name}-${i}`, name: c.name, args: c.args ?? {} })),
  stopReason: 'tool_use',
  usage: { inputTokens: 10, outputTokens: 5 },
});

export const textTurn = (text: string): LlmResponse => ({ text, toolCalls: [], stopReason: 'end_turn', usage: { inputTokens: 10, outputTokens: 5 } });
