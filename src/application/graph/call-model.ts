import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import type { Llm, LlmRequest, LlmResponse } from '../ports/llm.js';
import { emit } from './emit.js';

/**
 * One model turn through the streaming API, so that text reaches clients as `token` events
 * while the model writes. Errors are the port's (the caller decides what each means).
 */
export async function callModel(llm: Llm, request: LlmRequest, signal: AbortSignal, config: LangGraphRunnableConfig): Promise<LlmResponse> {
  let response: LlmResponse | undefined;
  for await (const chunk of llm.stream(request, signal)) {
    if (chunk.kind === 'text') {
      if (chunk.delta) emit(config, { type: 'token', purpose: request.purpose, ...(request.agent ? { agent: request.agent } : {}), text: chunk.delta });
    } else {
      response = chunk.response;
    }
  }
  if (!response) throw new Error('The model stream ended without a response');
  return response;
}

/** Errors that end the investigation rather than degrade it. */
export function isFatal(error: unknown, signal: AbortSignal): boolean {
  if (signal.aborted) return true;
  return error instanceof Error && ['OperationCancelled', 'AbortError', 'GraphInterrupt'].includes(error.name);
}
