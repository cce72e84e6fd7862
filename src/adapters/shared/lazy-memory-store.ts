import type { MemoryFilter, MemoryStore } from '../../application/ports/agent-memory.js';
import { MemoryUnavailable, OperationCancelled } from '../../application/ports/errors.js';
import type { ActorId, SessionId } from '../../domain/ids.js';
import type { MemoryContext, MemoryRecord, StoredMemory } from '../../domain/memory.js';

/**
 * A store opened on first use and reopened after a failed open, at most once per `retryAfterMs`.
 * The runtime must answer `/ping` and investigate with its database down at start; calls made
 * while the store cannot be opened reject with `MemoryUnavailable`, which investigations survive.
 */
export class LazyMemoryStore implements MemoryStore {
  private opening: Promise<MemoryStore> | undefined;
  private failedAt = -Infinity;
  private closed = false;

  constructor(private readonly open: () => Promise<MemoryStore>, private readonly retryAfterMs = 5_000, private readonly now: () => number = Date.now) {}

  /** Starts opening now, so the first investigation does not pay for it; failures wait for a later call. */
  warmUp(): void {
    this.store().catch(() => undefined);
  }

  async recall(actor: ActorId, session: SessionId, query: string, signal: AbortSignal): Promise<MemoryContext> {
    return (await this.ready(signal)).recall(actor, session, query, signal);
  }

  async remember(actor: ActorId, session: SessionId, records: readonly MemoryRecord[], signal: AbortSignal): Promise<void> {
    return (await this.ready(signal)).remember(actor, session, records, signal);
  }

  async list(filter: MemoryFilter, limit: number, signal: AbortSignal): Promise<StoredMemory[]> {
    return (await this.ready(signal)).list(filter, limit, signal);
  }

  async forget(filter: MemoryFilter, signal: AbortSignal): Promise<number> {
    return (await this.ready(signal)).forget(filter, signal);
  }

  async close(): Promise<void> {
    this.closed = true;
    const opening = this.opening;
    this.opening = undefined;
    const store = await opening?.catch(() => undefined);
    await store?.close();
  }

  private async ready(signal: AbortSignal): Promise<MemoryStore> {
    if (signal.aborted) throw new OperationCancelled('memory call cancelled');
    if (this.closed) throw new MemoryUnavailable('memory store is closed');
    return this.store();
  }

  private store(): Promise<MemoryStore> {
    if (!this.opening) {
      if (this.now() - this.failedAt < this.retryAfterMs) return Promise.reject(new MemoryUnavailable('memory store could not be opened; retrying shortly'));
      this.opening = this.open().catch((error: unknown) => {
        this.opening = undefined;
        this.failedAt = this.now();
        throw error instanceof Error && error.name === 'MemoryUnavailable' ? error : new MemoryUnavailable(`memory store could not be opened: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      });
    }
    return this.opening;
  }
}
