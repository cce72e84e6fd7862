import type { LlmPurpose } from '../application/ports/llm.js';
import type { ModelIdentity } from '../application/ports/telemetry.js';
import type { AppConfig } from './config.js';

/**
 * The model each purpose runs on, for telemetry's `gen_ai.*` attributes: the same choice
 * BedrockLlm makes (a per-purpose id, else the default), read from the same configuration.
 */
export function modelIdentityFor(config: AppConfig): ModelIdentity {
  if (config.llm.provider === 'offline') return { provider: 'offline', modelFor: () => 'offline-analyst' };
  const { modelId, modelIds } = config.bedrock;
  return { provider: 'aws.bedrock', modelFor: (purpose: LlmPurpose) => modelIds[purpose] ?? modelId };
}
