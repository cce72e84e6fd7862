import { type PlanView, toPlanView } from '../../domain/events.js';
import type { InvestigationResult, InvestigationStatus } from '../../domain/investigation.js';
import type { Usage } from '../../domain/usage.js';

export interface WireUsage {
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly llm_calls: number;
  readonly tool_calls: number;
  /** Estimated from the configured price table; 0 for the offline analyst. */
  readonly cost_usd: number;
}

const wireUsage = (u: Usage): WireUsage => ({
  input_tokens: u.inputTokens, output_tokens: u.outputTokens, llm_calls: u.llmCalls, tool_calls: u.toolCalls,
  // Micro-dollar precision: enough for per-call estimates without float noise in the JSON.
  cost_usd: Math.round(u.costUsd * 1e6) / 1e6,
});

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
  /** The investigation's totals, and each specialist's share in `by_agent`. */
  readonly usage: WireUsage & { readonly by_agent: Readonly<Record<string, WireUsage>> };
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
      ...wireUsage(result.usage),
      by_agent: Object.fromEntries(result.findings.flatMap((f) => (f.usage ? [[f.agent, wireUsage(f.usage)]] : []))),
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
