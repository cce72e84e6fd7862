/** What an investigation, or one specialist, consumed. */
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
