import type { ActorId, SessionId } from '../../domain/ids.js';
import type { MemoryContext, MemoryKind, MemoryRecord, StoredMemory } from '../../domain/memory.js';

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

/** Which stored records an administrative call is about; an absent field matches everything. */
export interface MemoryFilter {
  readonly actor?: ActorId;
  readonly kind?: MemoryKind;
  readonly id?: string;
}

/**
 * A memory backend as the runtime and `sre-agent memory` hold it: the port plus administration
 * and a lifecycle. `list` returns records oldest first (at most `limit`); `forget` deletes the
 * matching records and returns how many there were; `close` waits for writes in flight and
 * releases connections, after which every call rejects.
 */
export interface MemoryStore extends AgentMemory {
  list(filter: MemoryFilter, limit: number, signal: AbortSignal): Promise<StoredMemory[]>;
  forget(filter: MemoryFilter, signal: AbortSignal): Promise<number>;
  close(): Promise<void>;
}
