import { join } from 'node:path';
import { BedrockAgentCoreClient } from '@aws-sdk/client-bedrock-agentcore';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { CheckpointerKind } from '../adapters/checkpoint/open-checkpointer.js';
import { AgentCoreAgentMemory } from '../adapters/memory-agentcore/agentcore-agent-memory.js';
import { InMemoryAgentMemory } from '../adapters/memory-in-memory/in-memory-agent-memory.js';
import { PostgresAgentMemory } from '../adapters/memory-postgres/postgres-agent-memory.js';
import { SqliteAgentMemory } from '../adapters/memory-sqlite/sqlite-agent-memory.js';
import { LazyMemoryStore } from '../adapters/shared/lazy-memory-store.js';
import type { MemoryStore } from '../application/ports/agent-memory.js';
import { EMPTY_MEMORY } from '../domain/memory.js';
import type { AppConfig } from './config.js';

/** Memory switched off: recalls nothing, forgets everything, lists nothing. */
export const NO_MEMORY: MemoryStore = {
  recall: async () => EMPTY_MEMORY,
  remember: async () => {},
  list: async () => [],
  forget: async () => 0,
  close: async () => {},
};

/**
 * The store `MEMORY_BACKEND` names. Stores behind a file, a database or a service open lazily, so
 * a store that is down at start delays nothing and fails no investigation.
 */
export function memoryStoreFor(memory: AppConfig['memory']): MemoryStore {
  switch (memory.backend) {
    case 'none': return NO_MEMORY;
    case 'in-memory': return new InMemoryAgentMemory();
    case 'sqlite': return new LazyMemoryStore(async () => SqliteAgentMemory.open({ file: join(memory.dataDir, 'memory.db') }));
    case 'postgres': return new LazyMemoryStore(() => PostgresAgentMemory.open({
      connectionString: memory.databaseUrl ?? '', schema: memory.databaseSchema, queryTimeoutMs: memory.recallTimeoutMs,
    }));
    case 'agentcore': return new LazyMemoryStore(async () => {
      const { memoryId, region, endpoint } = memory.agentcore;
      const client = new BedrockAgentCoreClient({
        region, maxAttempts: 3, retryMode: 'adaptive',
        // HTTP/1.1, so an http:// endpoint override (a local fake) works as well as AgentCore itself.
        requestHandler: new NodeHttpHandler(),
        ...(endpoint ? { endpoint } : {}),
      });
      return new AgentCoreAgentMemory(client, { memoryId: memoryId ?? '', region, callTimeoutMs: memory.recallTimeoutMs });
    });
  }
}

/** Sessions are checkpointed where memory lives: a file beside it, the same database, or the process. */
export function checkpointerKindFor(backend: AppConfig['memory']['backend']): CheckpointerKind {
  return backend === 'sqlite' ? 'sqlite' : backend === 'postgres' ? 'postgres' : 'memory';
}
