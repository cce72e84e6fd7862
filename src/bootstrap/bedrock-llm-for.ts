import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { BedrockLlm } from '../adapters/bedrock/bedrock-llm.js';
import type { Logger } from '../adapters/shared/logger.js';
import type { AppConfig } from './config.js';

/**
 * The Bedrock model with its SDK client. A module of its own so that the container imports it (and
 * the AWS SDK below it) only when `LLM_PROVIDER=bedrock`: the bundle keeps it out of start-up, and
 * an ESM module of ours keeps its named exports under `await import()` (a CommonJS package's do not).
 */
export function bedrockLlmFor(b: AppConfig['bedrock'], logger: Logger): BedrockLlm {
  // HTTP/1.1: the SDK's HTTP/2 default cannot reach an http:// endpoint override; credentials come
  // from the default provider chain (AWS_BEARER_TOKEN_BEDROCK included), never from config.
  const client = new BedrockRuntimeClient({
    region: b.region, maxAttempts: b.maxAttempts, retryMode: 'adaptive', requestHandler: new NodeHttpHandler(),
    ...(b.endpoint ? { endpoint: b.endpoint } : {}),
  });
  return new BedrockLlm(client, {
    modelId: b.modelId, modelIds: b.modelIds, region: b.region, temperature: b.temperature, maxTokens: b.maxTokens,
    promptCaching: b.promptCaching, callTimeoutMs: b.callTimeoutMs, prices: b.prices, logger,
  });
}
