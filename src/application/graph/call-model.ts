import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import type { Llm, LlmRequest, LlmResponse } from '../ports/llm.js';
import { isCancellation } from '../ports/errors.js';
import { emit } from './emit.js';
import { errorCode } from './error-code.js';
import { traceScopeOf } from './trace-scope.js';
import { cpuTurn } from '../cpu-turn.js';

/**
 * One model turn through the streaming API, so that text reaches clients as `token` events
 * while the model writes. Errors are the port's (the caller decides what each means). The turn is
 * a GenAI `chat` span under the node's, with token counts but never the prompt or the answer.
 */
export async function callModel(llm: Llm, request: LlmRequest, signal: AbortSignal, config: LangGraphRunnableConfig): Promise<LlmResponse> {
  const { telemetry, model: identity, parent } = traceScopeOf(config);
  const model = { provider: identity.provider, model: identity.modelFor(request.purpose) };
  const span = telemetry.startSpan(`chat ${model.model}`, {
    'gen_ai.operation.name': 'chat', 'gen_ai.system': model.provider, 'gen_ai.provider.name': model.provider,
    'gen_ai.request.model': model.model, 'gen_ai.request.max_tokens': request.maxTokens,
    'sre.purpose': request.purpose, 'sre.agent': request.agent,
  }, parent, 'client');
  try {
    let response: LlmResponse | undefined;
    for await (const chunk of llm.stream(request, signal)) {
      if (chunk.kind === 'text') {
        if (chunk.delta) emit(config, { type: 'token', purpose: request.purpose, ...(request.agent ? { agent: request.agent } : {}), text: chunk.delta });
      } else {
        response = chunk.response;
      }
    }
    if (!response) throw new Error('The model stream ended without a response');
    span.setAttributes({
      'gen_ai.usage.input_tokens': response.usage.inputTokens, 'gen_ai.usage.output_tokens': response.usage.outputTokens,
      'gen_ai.response.finish_reasons': response.stopReason, 'sre.tool_calls': response.toolCalls.length,
    });
    telemetry.recordTokens(model, response.usage);
    // Reading the answer is the next step's work: it waits its turn on the event loop.
    await cpuTurn();
    return response;
  } catch (error) {
    if (isCancellation(error, signal)) {
      span.setAttributes({ 'sre.cancelled': true });
    } else {
      span.recordError(errorCode(error));
      telemetry.recordError(errorCode(error), 'model_call');
    }
    throw error;
  } finally {
    span.end();
  }
}

/** Errors that end the investigation rather than degrade it. */
export function isFatal(error: unknown, signal: AbortSignal): boolean {
  if (signal.aborted) return true;
  return error instanceof Error && ['OperationCancelled', 'AbortError', 'GraphInterrupt'].includes(error.name);
}
