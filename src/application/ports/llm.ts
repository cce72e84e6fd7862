import type { AgentName } from '../../domain/agents.js';
import type { Finding } from '../../domain/finding.js';
import type { MemoryContext } from '../../domain/memory.js';
import type { AgentMessage } from '../../domain/messages.js';
import type { PlanStep } from '../../domain/plan.js';
import type { SessionTurn } from '../../domain/session.js';
import type { ToolCall, ToolSpec } from '../../domain/tools.js';

export type LlmPurpose = 'plan' | 'investigate' | 'summarize';

/**
 * Structured facts about the call, so that no adapter has to parse prompts: a remote model
 * reads the rendered `system` and `messages`; the offline analyst reads these.
 */
export interface LlmContext {
  readonly question: string;
  readonly step?: PlanStep;
  /** Earlier specialists' findings (for `investigate`) or all of them (for `summarize`). */
  readonly findings?: readonly Finding[];
  readonly memory?: MemoryContext;
  /** Earlier investigations of this session, newest last: what a follow-up question builds on. */
  readonly history?: readonly SessionTurn[];
}

export interface LlmRequest {
  readonly purpose: LlmPurpose;
  readonly agent?: AgentName;
  readonly system: string;
  readonly messages: readonly AgentMessage[];
  readonly tools?: readonly ToolSpec[];
  /** `{name}` forces that tool (structured output); `'auto'` lets the model choose. */
  readonly toolChoice?: 'auto' | { readonly name: string };
  readonly maxTokens: number;
  readonly context: LlmContext;
}

export type StopReason = 'end_turn' | 'tool_use' | 'max_tokens' | 'other';

export interface LlmResponse {
  readonly text?: string;
  readonly toolCalls: readonly ToolCall[];
  readonly stopReason: StopReason;
  /** Tokens of this turn, and its estimated cost when the adapter knows the model's prices. */
  readonly usage: { readonly inputTokens: number; readonly outputTokens: number; readonly costUsd?: number };
}

export type LlmStreamChunk =
  | { readonly kind: 'text'; readonly delta: string }
  | { readonly kind: 'done'; readonly response: LlmResponse };

/**
 * A language model. One call is one model turn.
 *
 * Both methods reject with `OperationCancelled` as soon as `signal` aborts (the request is
 * aborted, not left running), `LlmUnavailable` when the model cannot be reached after the
 * adapter's retries (throttling, timeouts, 5xx), and `LlmRejected` when the model refuses the
 * request for a reason a retry would not fix (access denied, unknown model, invalid input).
 */
export interface Llm {
  complete(request: LlmRequest, signal: AbortSignal): Promise<LlmResponse>;
  /** Yields text deltas as the model writes, then exactly one `done` chunk. Same errors. */
  stream(request: LlmRequest, signal: AbortSignal): AsyncIterable<LlmStreamChunk>;
}
