/** USD per million tokens. Estimates only: check the Bedrock pricing page for your region and tier. */
export interface ModelPrice {
  readonly inputPerMTok: number;
  readonly outputPerMTok: number;
}

export type PriceTable = Readonly<Record<string, ModelPrice>>;

/**
 * On-demand list prices (USD per million tokens) of a few models, keyed by base model id
 * (without the `global.`/`us.`/`eu.`/`apac.` inference-profile prefix). Configurable: a table
 * passed to `BedrockLlm` is consulted first. Cache reads and writes are not priced separately.
 */
export const DEFAULT_PRICES: PriceTable = {
  'anthropic.claude-haiku-4-5-20251001-v1:0': { inputPerMTok: 1, outputPerMTok: 5 },
  'anthropic.claude-sonnet-4-5-20250929-v1:0': { inputPerMTok: 3, outputPerMTok: 15 },
  'anthropic.claude-sonnet-4-20250514-v1:0': { inputPerMTok: 3, outputPerMTok: 15 },
  'anthropic.claude-3-5-haiku-20241022-v1:0': { inputPerMTok: 0.8, outputPerMTok: 4 },
  'amazon.nova-micro-v1:0': { inputPerMTok: 0.035, outputPerMTok: 0.14 },
  'amazon.nova-lite-v1:0': { inputPerMTok: 0.06, outputPerMTok: 0.24 },
  'amazon.nova-pro-v1:0': { inputPerMTok: 0.8, outputPerMTok: 3.2 },
};

const PROFILE_PREFIX = /^(global|us|us-gov|eu|apac|jp|au|ca)\./;

/** The base model id of an inference-profile id or ARN (`global.anthropic.…` → `anthropic.…`). */
export function baseModelId(modelId: string): string {
  const last = modelId.includes('/') ? modelId.slice(modelId.lastIndexOf('/') + 1) : modelId;
  return last.replace(PROFILE_PREFIX, '');
}

export function priceOf(modelId: string, prices: PriceTable = {}): ModelPrice | undefined {
  return prices[modelId] ?? prices[baseModelId(modelId)] ?? DEFAULT_PRICES[baseModelId(modelId)];
}

/** Estimated cost in USD of one call's (or a sum of calls') tokens; 0 for a model without a price. */
export function costUsd(usage: { readonly inputTokens: number; readonly outputTokens: number }, modelId: string, prices: PriceTable = {}): number {
  const price = priceOf(modelId, prices);
  if (!price) return 0;
  return (usage.inputTokens * price.inputPerMTok + usage.outputTokens * price.outputPerMTok) / 1_000_000;
}

/** Models whose Converse API accepts `cachePoint` blocks (prompt caching). */
export function supportsPromptCaching(modelId: string): boolean {
  return /^(anthropic\.claude-(3-5-haiku|3-7-sonnet|sonnet-4|opus-4|haiku-4)|amazon\.nova-(micro|lite|pro|premier))/.test(baseModelId(modelId));
}
