import type { ActorId, SessionId } from '../../domain/ids.js';
import type { MemoryContext, MemoryRecord } from '../../domain/memory.js';

/**
 * Long-term memory about people and infrastructure, across sessions.
 *
 * `recall` returns what is known for `actor` that is relevant to `query`: their preferences,
 * infrastructure facts, and the most similar past investigations. `remember` stores records
 * under the actor (and the session, for infrastructure facts and investigation summaries); it is
 * idempotent for identical records. Both reject with `OperationCancelled` when `signal` aborts
 * and `MemoryUnavailable` when the store cannot be reached; callers go on without memory then.
 */
export interface AgentMemory {
  recall(actor: ActorId, session: SessionId, query: string, signal: AbortSignal): Promise<MemoryContext>;
  remember(actor: ActorId, session: SessionId, records: readonly MemoryRecord[], signal: AbortSignal): Promise<void>;
}
