import type { MemoryFilter, MemoryStore } from '../../application/ports/agent-memory.js';
import { MemoryUnavailable, OperationCancelled } from '../../application/ports/errors.js';
import type { ActorId, SessionId } from '../../domain/ids.js';
import type { MemoryContext, MemoryRecord, StoredMemory } from '../../domain/memory.js';
import { fromRow, type MemoryRow, recallFrom, toRow } from '../shared/memory-rows.js';

const matches = (row: MemoryRow, f: MemoryFilter): boolean =>
  (f.actor === undefined || row.actor === f.actor) && (f.kind === undefined || row.kind === f.kind) && (f.id === undefined || row.id === f.id);

/**
 * Memory kept in the process: for tests and single-process runs where nothing must survive a
 * restart. Rows are keyed by content, so remembering the same record twice stores it once.
 */
export class InMemoryAgentMemory implements MemoryStore {
  // Insertion order is storage order: a Map keeps it, and re-inserting an existing key keeps its place.
  private readonly rows = new Map<string, MemoryRow>();
  private closed = false;

  constructor(private readonly now: () => Date = () => new Date()) {}

  async recall(actor: ActorId, _session: SessionId, query: string, signal: AbortSignal): Promise<MemoryContext> {
    this.check(signal, 'recall');
    return recallFrom(query, this.select({ actor }, Number.MAX_SAFE_INTEGER));
  }

  async remember(actor: ActorId, session: SessionId, records: readonly MemoryRecord[], signal: AbortSignal): Promise<void> {
    this.check(signal, 'remember');
    const at = this.now().toISOString();
    for (const r of records) {
      const row = toRow(actor, session, r, at);
      if (!this.rows.has(row.id)) this.rows.set(row.id, row);
    }
  }

  async list(filter: MemoryFilter, limit: number, signal: AbortSignal): Promise<StoredMemory[]> {
    this.check(signal, 'list');
    return this.select(filter, limit);
  }

  async forget(filter: MemoryFilter, signal: AbortSignal): Promise<number> {
    this.check(signal, 'forget');
    let n = 0;
    for (const [id, row] of this.rows) if (matches(row, filter) && this.rows.delete(id)) n += 1;
    return n;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private select(filter: MemoryFilter, limit: number): StoredMemory[] {
    const out: StoredMemory[] = [];
    for (const row of this.rows.values()) {
      if (out.length >= limit) break;
      const stored = matches(row, filter) ? fromRow(row) : undefined;
      if (stored) out.push(stored);
    }
    return out;
  }

  private check(signal: AbortSignal, op: string): void {
    if (signal.aborted) throw new OperationCancelled(`${op} cancelled`);
    if (this.closed) throw new MemoryUnavailable(`memory store is closed (${op})`);
  }
}
