import { OperationCancelled } from '../../src/application/ports/errors.js';
import type { AgentMemory } from '../../src/application/ports/agent-memory.js';
import type { ActorId, SessionId } from '../../src/domain/ids.js';
import { EMPTY_MEMORY, type MemoryContext, type MemoryRecord } from '../../src/domain/memory.js';

/** Memory that answers every recall with one scripted context and records what was remembered. */
export class FakeAgentMemory implements AgentMemory {
  readonly recalls: { actor: ActorId; session: SessionId; query: string }[] = [];
  readonly remembered: { actor: ActorId; session: SessionId; records: readonly MemoryRecord[] }[] = [];

  constructor(private readonly context: MemoryContext = EMPTY_MEMORY, private readonly failWith?: Error) {}

  async recall(actor: ActorId, session: SessionId, query: string, signal: AbortSignal): Promise<MemoryContext> {
    if (signal.aborted) throw new OperationCancelled('recall cancelled');
    this.recalls.push({ actor, session, query });
    if (this.failWith) throw this.failWith;
    return this.context;
  }

  async remember(actor: ActorId, session: SessionId, records: readonly MemoryRecord[], signal: AbortSignal): Promise<void> {
    if (signal.aborted) throw new OperationCancelled('remember cancelled');
    if (this.failWith) throw this.failWith;
    this.remembered.push({ actor, session, records });
  }
}
