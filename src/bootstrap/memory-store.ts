import { join } from 'node:path';
import type { CheckpointerKind } from '../adapters/checkpoint/open-checkpointer.js';
import { InMemoryAgentMemory } from '../adapters/memory-in-memory/in-memory-agent-memory.js';
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
 * a store that is down at start delays nothing and fails no investigation; their code (and the
 * driver or SDK below it) is imported at that first open, so start-up never parses it.
 */
export function memoryStoreFor(memory: AppConfig['memory']): MemoryStore {
  switch (memory.backend) {
    case 'none': return NO_MEMORY;
    case 'in-memory': return new InMemoryAgentMemory();
    case 'sqlite': return new LazyMemoryStore(async () => {
      const { SqliteAgentMemory } = await import('../adapters/memory-sqlite/sqlite-agent-memory.js');
      return SqliteAgentMemory.open({ file: join(memory.dataDir, 'memory.db') });
    });
    case 'postgres': return new LazyMemoryStore(async () => {
      const { PostgresAgentMemory } = await import('../adapters/memory-postgres/postgres-agent-memory.js');
      return PostgresAgentMemory.open({
        connectionString: memory.databaseUrl ?? '', schema: memory.databaseSchema, queryTimeoutMs: memory.recallTimeoutMs,
      });
    });
    case 'agentcore': return new LazyMemoryStore(async () => (await import('./agentcore-memory-for.js')).agentCoreMemoryFor(memory));
  }
}

/** Sessions are checkpointed where memory lives: a file beside it, the same database, or the process. */
export function checkpointerKindFor(backend: AppConfig['memory']['backend']): CheckpointerKind {
  return backend === 'sqlite' ? 'sqlite' : backend === 'postgres' ? 'postgres' : 'memory';
}
