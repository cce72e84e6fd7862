import { BedrockAgentCoreClient } from '@aws-sdk/client-bedrock-agentcore';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { AgentCoreAgentMemory } from '../adapters/memory-agentcore/agentcore-agent-memory.js';
import type { AppConfig } from './config.js';

/**
 * AgentCore Memory with its SDK client. A module of its own so that the AWS SDK is imported only
 * when `MEMORY_BACKEND=agentcore`, at the store's first open (see `memoryStoreFor`).
 */
export function agentCoreMemoryFor(memory: AppConfig['memory']): AgentCoreAgentMemory {
  const { memoryId, region, endpoint } = memory.agentcore;
  const client = new BedrockAgentCoreClient({
    region, maxAttempts: 3, retryMode: 'adaptive',
    // HTTP/1.1, so an http:// endpoint override (a local fake) works as well as AgentCore itself.
    requestHandler: new NodeHttpHandler(),
    ...(endpoint ? { endpoint } : {}),
  });
  return new AgentCoreAgentMemory(client, { memoryId: memoryId ?? '', region, callTimeoutMs: memory.recallTimeoutMs });
}
