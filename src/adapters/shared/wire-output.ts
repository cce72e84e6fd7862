import { type PlanView, toPlanView } from '../../domain/events.js';
import type { InvestigationResult, InvestigationStatus } from '../../domain/investigation.js';

/** The `output` object of CONTRACT.md §2: the JSON response, the SSE `result` event, the CLI's JSON. */
export interface WireOutput {
  readonly message: string;
  /** ISO-8601: when the investigation ended. */
  readonly timestamp: string;
  readonly model: string;
  readonly investigation_id: string;
  readonly session_id: string;
  readonly status: InvestigationStatus;
  readonly plan: PlanView | null;
  readonly usage: {
    readonly input_tokens: number;
    readonly output_tokens: number;
    readonly llm_calls: number;
    readonly tool_calls: number;
  };
  readonly error?: { readonly code: string; readonly message: string };
}

/** `model` keeps the original system's constant: clients match on it, and it names no vendor model. */
export function toWireOutput(result: InvestigationResult, model = 'sre-multi-agent'): WireOutput {
  const output: WireOutput = {
    message: result.message,
    timestamp: result.finishedAt.toISOString(),
    model,
    investigation_id: result.investigationId,
    session_id: result.sessionId,
    status: result.status,
    plan: result.plan ? toPlanView(result.plan) : null,
    usage: {
      input_tokens: result.usage.inputTokens,
      output_tokens: result.usage.outputTokens,
      llm_calls: result.usage.llmCalls,
      tool_calls: result.usage.toolCalls,
    },
  };
  return result.failure ? { ...output, error: { code: result.failure.code, message: result.failure.message } } : output;
}

// A dependency that is down is the platform's 503 (retry later); everything else is our bug.
const UNAVAILABLE = new Set(['llm_unavailable', 'tool_gateway_unavailable', 'memory_unavailable']);

/** The HTTP status for a failed investigation's `failure.code`. */
export function failureHttpStatus(code: string): number {
  if (code === 'nothing_to_approve') return 409;
  return UNAVAILABLE.has(code) ? 503 : 500;
}
