import {
  type BedrockRuntimeClient, ConverseCommand, type ConverseCommandInput, ConverseStreamCommand, type ConverseStreamOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { LlmUnavailable, OperationCancelled } from '../../application/ports/errors.js';
import type { Llm, LlmPurpose, LlmRequest, LlmResponse, LlmStreamChunk } from '../../application/ports/llm.js';
import type { AgentMessage } from '../../domain/messages.js';
import type { Logger } from '../shared/logger.js';
import { abortable } from './abortable.js';
import { type CallScope, isContextTooLong, toPortError } from './bedrock-errors.js';
import { trimToolOutput } from './context-trim.js';
import { fromContent, type ModelTurn, tokens, toConverseMessages, toStopReason, toSystem, toToolConfig } from './converse-mapping.js';
import { isForcedPlan, planProblem, repairMessages, withoutPlan } from './plan-repair.js';
import { PURPOSE_PREAMBLES } from './prompts/index.js';
import { StreamAssembly } from './stream-assembly.js';
import { costUsd, type PriceTable, supportsPromptCaching } from './usage-pricing.js';

export interface BedrockLlmOptions {
  /** Model or inference-profile id, e.g. `global.anthropic.claude-haiku-4-5-20251001-v1:0`. */
  readonly modelId: string;
  /** Per-purpose overrides, e.g. a cheaper model for `summarize`. */
  readonly modelIds?: Partial<Record<LlmPurpose, string>>;
  /** The client's region; named in errors and logs. */
  readonly region: string;
  readonly temperature: number;
  /** Upper bound on output tokens; a request asking for fewer gets fewer. */
  readonly maxTokens: number;
  /** Adds `cachePoint` blocks after the system prompt and the tools, for models that support it. */
  readonly promptCaching: boolean;
  /** Deadline of one model call (a whole stream included); past it the call is `LlmUnavailable`. */
  readonly callTimeoutMs: number;
  /** USD per million tokens by model id, consulted before `DEFAULT_PRICES`. */
  readonly prices?: PriceTable;
  readonly logger?: Logger;
}

interface Sent<T> {
  readonly value: T;
  readonly scope: CallScope;
  readonly combined: AbortSignal;
}

/**
 * An `Llm` on Amazon Bedrock's Converse and ConverseStream APIs. Throttling and transient errors
 * are retried by the client's own retry strategy (build it with `retryMode: 'adaptive'` and
 * `maxAttempts`); what still fails becomes `LlmUnavailable`. A prompt that does not fit the
 * context window is retried once with older tool output trimmed. A forced `submit_plan` whose
 * input fails validation is sent back once with the error; if it is still invalid the response
 * carries no plan call, and the graph uses its documented default plan.
 */
export class BedrockLlm implements Llm {
  constructor(
    private readonly client: BedrockRuntimeClient,
    private readonly options: BedrockLlmOptions,
  ) {}

  /**
   * Releases the client's pooled keep-alive connections. Added with the fault suite
   * (test/int/faults-model): without it a stopped runtime kept its sockets to Bedrock open.
   */
  close(): void {
    this.client.destroy();
  }

  modelFor(purpose: LlmPurpose): string {
    return this.options.modelIds?.[purpose] ?? this.options.modelId;
  }

  async complete(request: LlmRequest, signal: AbortSignal): Promise<LlmResponse> {
    const first = await this.converse(request, request.messages, signal);
    return toResponse(await this.settlePlan(request, first, signal));
  }

  async *stream(request: LlmRequest, signal: AbortSignal): AsyncGenerator<LlmStreamChunk, void, undefined> {
    const first = yield* this.converseStream(request, signal);
    const final = await this.settlePlan(request, first, signal);
    const extra = final.text.slice(first.text.length);
    if (extra) yield { kind: 'text', delta: extra };
    yield { kind: 'done', response: toResponse(final) };
  }

  /** Validates a forced plan; repairs it once; else drops it so that the default plan applies. */
  private async settlePlan(request: LlmRequest, first: ModelTurn, signal: AbortSignal): Promise<ModelTurn> {
    if (!isForcedPlan(request)) return first;
    const problem = planProblem(first);
    if (!problem) return first;
    this.options.logger?.warn('bedrock plan invalid, asking the model to repair it', { problem });
    const second = await this.converse(request, repairMessages(request, first, problem), signal);
    const merged: ModelTurn = {
      ...second,
      text: first.text + second.text,
      usage: {
        inputTokens: first.usage.inputTokens + second.usage.inputTokens, outputTokens: first.usage.outputTokens + second.usage.outputTokens,
        costUsd: (first.usage.costUsd ?? 0) + (second.usage.costUsd ?? 0),
      },
    };
    const again = planProblem(second);
    if (!again) return merged;
    this.options.logger?.warn('bedrock plan still invalid after repair; the default plan applies', { problem: again });
    return withoutPlan(merged);
  }

  private async converse(request: LlmRequest, messages: readonly AgentMessage[], signal: AbortSignal): Promise<ModelTurn> {
    const started = Date.now();
    const { value, scope } = await this.send(request, messages, signal, (input, abortSignal) =>
      this.client.send(new ConverseCommand(input), { abortSignal }));
    const { text, toolCalls } = fromContent(value.output?.message?.content);
    const turn = this.priced({
      text, toolCalls, stopReason: toStopReason(value.stopReason),
      usage: { inputTokens: tokens(value.usage?.inputTokens), outputTokens: tokens(value.usage?.outputTokens) },
    }, scope.modelId);
    this.logCall(request, scope.modelId, turn, Date.now() - started);
    return turn;
  }

  private async *converseStream(request: LlmRequest, signal: AbortSignal): AsyncGenerator<LlmStreamChunk, ModelTurn, undefined> {
    const started = Date.now();
    const { value, scope, combined } = await this.send(request, request.messages, signal, (input, abortSignal) =>
      this.client.send(new ConverseStreamCommand(input), { abortSignal }));
    const assembly = new StreamAssembly();
    try {
      const events: AsyncIterable<ConverseStreamOutput> = value.stream ?? (async function* () {})();
      for await (const event of abortable(events, combined)) {
        const delta = assembly.accept(event);
        if (delta) yield { kind: 'text', delta };
      }
    } catch (error) {
      throw toPortError(error, scope);
    }
    if (signal.aborted) throw new OperationCancelled('Bedrock model call cancelled');
    // Fault suite (test/int/faults-model): a stream cut between frames used to pass as a complete,
    // empty answer (the plan silently became the default plan and the report said nothing was found).
    if (!assembly.complete) throw new LlmUnavailable(`Bedrock model ${scope.modelId} in ${scope.region} ended its stream before messageStop: the answer was cut short`);
    const turn = this.priced(assembly.result(), scope.modelId);
    this.logCall(request, scope.modelId, turn, Date.now() - started);
    return turn;
  }

  /** One SDK call under the caller's signal and a deadline; a too-long prompt is trimmed and retried once. */
  private async send<T>(
    request: LlmRequest, messages: readonly AgentMessage[], signal: AbortSignal,
    op: (input: ConverseCommandInput, abortSignal: AbortSignal) => Promise<T>,
  ): Promise<Sent<T>> {
    let current = messages;
    for (let attempt = 0; ; attempt += 1) {
      if (signal.aborted) throw new OperationCancelled('Bedrock model call cancelled');
      const deadline = AbortSignal.timeout(this.options.callTimeoutMs);
      const combined = AbortSignal.any([signal, deadline]);
      const scope: CallScope = { modelId: this.modelFor(request.purpose), region: this.options.region, signal, deadline, timeoutMs: this.options.callTimeoutMs };
      try {
        return { value: await op(this.input(request, current), combined), scope, combined };
      } catch (error) {
        const trimmed = attempt === 0 && !signal.aborted && isContextTooLong(error) ? trimToolOutput(current) : undefined;
        if (!trimmed) throw toPortError(error, scope);
        this.options.logger?.warn('bedrock prompt too long; retrying once with older tool output trimmed', { modelId: scope.modelId, purpose: request.purpose });
        current = trimmed;
      }
    }
  }

  private input(request: LlmRequest, messages: readonly AgentMessage[]): ConverseCommandInput {
    const modelId = this.modelFor(request.purpose);
    const cache = this.options.promptCaching && supportsPromptCaching(modelId);
    const toolConfig = toToolConfig(request, cache);
    const maxTokens = Math.max(1, Math.min(request.maxTokens > 0 ? request.maxTokens : this.options.maxTokens, this.options.maxTokens));
    return {
      modelId,
      system: toSystem(PURPOSE_PREAMBLES[request.purpose], request.system, cache),
      messages: toConverseMessages(messages),
      inferenceConfig: { maxTokens, temperature: this.options.temperature },
      ...(toolConfig ? { toolConfig } : {}),
    };
  }

  private priced(turn: ModelTurn, modelId: string): ModelTurn {
    return { ...turn, usage: { ...turn.usage, costUsd: costUsd(turn.usage, modelId, this.options.prices) } };
  }

  private logCall(request: LlmRequest, modelId: string, turn: ModelTurn, latencyMs: number): void {
    this.options.logger?.info('bedrock model call', {
      purpose: request.purpose, ...(request.agent ? { agent: request.agent } : {}), modelId, region: this.options.region,
      stopReason: turn.stopReason, inputTokens: turn.usage.inputTokens, outputTokens: turn.usage.outputTokens,
      costUsd: turn.usage.costUsd, latencyMs,
    });
    for (const call of turn.toolCalls) {
      if (call.invalidJson !== undefined) this.options.logger?.warn('bedrock tool input was not a JSON object', { tool: call.name, modelId });
    }
  }
}

function toResponse(turn: ModelTurn): LlmResponse {
  return {
    ...(turn.text ? { text: turn.text } : {}),
    toolCalls: turn.toolCalls.map(({ id, name, args }) => ({ id, name, args })),
    stopReason: turn.stopReason,
    usage: turn.usage,
  };
}
