import type { ActorId, SessionId } from '../../domain/ids.js';
import { type MemoryContext, type MemoryRecord, type MemoryStrategy, STRATEGY_OF } from '../../domain/memory.js';
import type { AgentMemory } from '../ports/agent-memory.js';
import { MemoryUnavailable, OperationCancelled } from '../ports/errors.js';
import { deadline } from '../deadline.js';

export interface GuardedMemoryOptions {
  /** The strategies switched on (`MEMORY_STRATEGIES`); records of the others are neither kept nor recalled. */
  readonly strategies: readonly MemoryStrategy[];
  /** How long an investigation waits for recall before going on without memory. */
  readonly recallTimeoutMs: number;
  /** How long a write may take in the background before it is given up. */
  readonly writeTimeoutMs: number;
  /** Told about every write that failed: nobody awaits a background write. */
  readonly onWriteError?: (error: unknown) => void;
}

/**
 * What the graph sees of memory: strategies applied, every call under a deadline, and writes
 * taken off the investigation's path. `remember` returns at once and the write goes on in the
 * background, under its own deadline rather than the request's signal, so a client that leaves
 * just after the report does not lose it. `recall` first waits for the actor's writes still in
 * flight (read-your-writes), and `flush` waits for all of them at shutdown.
 */
export class GuardedMemory implements AgentMemory {
  private readonly pending = new Map<Promise<void>, ActorId>();

  constructor(private readonly inner: AgentMemory, private readonly options: GuardedMemoryOptions) {}

  async recall(actor: ActorId, session: SessionId, query: string, signal: AbortSignal): Promise<MemoryContext> {
    if (signal.aborted) throw new OperationCancelled('recall cancelled');
    const limit = deadline(signal, this.options.recallTimeoutMs, 'memory recall');
    const combined = limit.signal;
    try {
      await this.settled([...this.pending].filter(([, a]) => a === actor).map(([p]) => p), combined);
      // Raced, not only signalled: a store that ignores the signal (one still opening its first
      // connection to a silent database) held every investigation for its own connect timeout, 5 s,
      // instead of MEMORY_TIMEOUT_MS (found by test/int/faults-memory).
      const ctx = await within(this.inner.recall(actor, session, query, combined), combined);
      const on = (s: MemoryStrategy): boolean => this.options.strategies.includes(s);
      return {
        preferences: on('preferences') ? ctx.preferences : [],
        infrastructure: on('infrastructure') ? ctx.infrastructure : [],
        pastInvestigations: on('investigations') ? ctx.pastInvestigations : [],
      };
    } catch (error) {
      if (signal.aborted) throw new OperationCancelled('recall cancelled', { cause: error });
      if (limit.expired) throw new MemoryUnavailable(`memory did not answer within ${this.options.recallTimeoutMs} ms`, { cause: error });
      throw error;
    } finally {
      limit.dispose();
    }
  }

  async remember(actor: ActorId, session: SessionId, records: readonly MemoryRecord[], signal: AbortSignal): Promise<void> {
    if (signal.aborted) throw new OperationCancelled('remember cancelled');
    const kept = records.filter((r) => this.options.strategies.includes(STRATEGY_OF[r.kind]));
    if (kept.length === 0) return;
    const limit = deadline(undefined, this.options.writeTimeoutMs, 'memory write');
    // Raced too, so that a write the store does not abort still ends at its deadline (see recall).
    const write: Promise<void> = within(this.inner.remember(actor, session, kept, limit.signal), limit.signal)
      .catch((error: unknown) => this.options.onWriteError?.(error))
      .finally(() => {
        limit.dispose();
        this.pending.delete(write);
      });
    this.pending.set(write, actor);
  }

  /** Writes still in flight. */
  get writesPending(): number {
    return this.pending.size;
  }

  /** Waits for the writes in flight, at most `timeoutMs`; returns how many were still running then. */
  async flush(timeoutMs: number): Promise<number> {
    const limit = deadline(undefined, timeoutMs, 'memory flush');
    await this.settled([...this.pending.keys()], limit.signal).catch(() => undefined);
    limit.dispose();
    return this.pending.size;
  }

  private async settled(writes: readonly Promise<void>[], signal: AbortSignal): Promise<void> {
    if (writes.length === 0) return;
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      void Promise.allSettled(writes).then(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }
}

/** Settles as `work` does, or rejects with the signal's reason once it aborts (`work` is then left to settle unobserved). */
function within<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => { signal.removeEventListener('abort', onAbort); resolve(value); },
      (error: unknown) => { signal.removeEventListener('abort', onAbort); reject(error); },
    );
  });
}
