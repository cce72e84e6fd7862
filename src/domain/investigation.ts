import type { Finding } from './finding.js';
import type { InvestigationId, SessionId } from './ids.js';
import type { Plan } from './plan.js';

export type InvestigationStatus = 'completed' | 'awaiting_approval' | 'cancelled' | 'failed';

export interface Usage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly llmCalls: number;
  readonly toolCalls: number;
  /** Estimated from the model's price table; 0 when the model has no price (the offline analyst). */
  readonly costUsd: number;
}

export const NO_USAGE: Usage = Object.freeze({ inputTokens: 0, outputTokens: 0, llmCalls: 0, toolCalls: 0, costUsd: 0 });

export function addUsage(a: Usage, b: Partial<Usage>): Usage {
  return {
    inputTokens: a.inputTokens + (b.inputTokens ?? 0),
    outputTokens: a.outputTokens + (b.outputTokens ?? 0),
    llmCalls: a.llmCalls + (b.llmCalls ?? 0),
    toolCalls: a.toolCalls + (b.toolCalls ?? 0),
    costUsd: a.costUsd + (b.costUsd ?? 0),
  };
}

export interface InvestigationFailure {
  readonly code: string;
  readonly message: string;
}

/** How an investigation ended, whatever the way it was asked for (JSON, SSE, WebSocket, CLI). */
export interface InvestigationResult {
  readonly investigationId: InvestigationId;
  readonly sessionId: SessionId;
  readonly status: InvestigationStatus;
  /** The Markdown answer: the report, the plan awaiting approval, or what was found before a stop. */
  readonly message: string;
  readonly plan?: Plan;
  readonly findings: readonly Finding[];
  readonly usage: Usage;
  readonly finishedAt: Date;
  readonly failure?: InvestigationFailure;
}
