import { describe, expect, it } from 'vitest';
import { GuardedMemory } from '../../../src/application/memory/guarded-memory.js';
import type { AgentMemory } from '../../../src/application/ports/agent-memory.js';
import { asActorId, asSessionId } from '../../../src/domain/ids.js';
import { ALL_STRATEGIES, type MemoryContext, type MemoryRecord } from '../../../src/domain/memory.js';

const alice = asActorId('alice');
const s = asSessionId('s1');
const live = () => new AbortController().signal;
const investigation: MemoryRecord = { kind: 'investigation', summary: { investigationId: 'i1', question: 'q', rootCause: 'r', severity: 'high', evidence: [], actions: [], status: 'completed', at: '2024-01-01T00:00:00.000Z' } };
const preference: MemoryRecord = { kind: 'preference', preference: { category: 'style', text: 'technical', values: {} } };
const fact: MemoryRecord = { kind: 'infrastructure', fact: { service: 'web', kind: 'dependency', detail: 'web depends on db' } };
const full: MemoryContext = { preferences: [preference.kind === 'preference' ? preference.preference : never()], infrastructure: [fact.kind === 'infrastructure' ? fact.fact : never()], pastInvestigations: [investigation.kind === 'investigation' ? investigation.summary : never()] };
function never(): never { throw new Error('unreachable'); }

/** A store whose calls are scripted one by one; an unscripted call fails the test. */
class ScriptedStore implements AgentMemory {
  readonly writes: { records: readonly MemoryRecord[]; signal: AbortSignal }[] = [];
  recallWith: ((signal: AbortSignal) => Promise<MemoryContext>) | undefined;
  rememberWith: ((signal: AbortSignal) => Promise<void>) | undefined;
  async recall(_a: unknown, _s: unknown, _q: string, signal: AbortSignal): Promise<MemoryContext> {
    if (!this.recallWith) throw new Error('unexpected recall');
    return this.recallWith(signal);
  }
  async remember(_a: unknown, _s: unknown, records: readonly MemoryRecord[], signal: AbortSignal): Promise<void> {
    if (!this.rememberWith) throw new Error('unexpected remember');
    this.writes.push({ records, signal });
    return this.rememberWith(signal);
  }
}

const guard = (inner: AgentMemory, over: Partial<ConstructorParameters<typeof GuardedMemory>[1]> = {}) =>
  new GuardedMemory(inner, { strategies: ALL_STRATEGIES, recallTimeoutMs: 200, writeTimeoutMs: 500, ...over });
const hang = (signal: AbortSignal) => new Promise<never>((_, reject) => {
  if (signal.aborted) reject(signal.reason);
  signal.addEventListener('abort', () => reject(signal.reason), { once: true });
});

describe('GuardedMemory', () => {
  it('recalls and stores only the kinds of the strategies switched on', async () => {
    const inner = new ScriptedStore();
    inner.recallWith = async () => full;
    inner.rememberWith = async () => {};
    const memory = guard(inner, { strategies: ['investigations'] });
    expect(await memory.recall(alice, s, 'q', live())).toEqual({ preferences: [], infrastructure: [], pastInvestigations: full.pastInvestigations });
    await memory.remember(alice, s, [preference, fact, investigation], live());
    await memory.flush(1_000);
    expect(inner.writes.map((w) => w.records)).toEqual([[investigation]]);
  });

  it('stores nothing, and calls nothing, when no strategy keeps the records', async () => {
    const memory = guard(new ScriptedStore(), { strategies: ['preferences'] });
    await memory.remember(alice, s, [investigation, fact], live());
    expect(memory.writesPending).toBe(0);
  });

  it('gives up a recall that takes longer than its deadline with MemoryUnavailable', async () => {
    const inner = new ScriptedStore();
    inner.recallWith = hang;
    await expect(guard(inner).recall(alice, s, 'q', live())).rejects.toMatchObject({ name: 'MemoryUnavailable', message: expect.stringMatching(/200 ms/) });
  });

  it('says OperationCancelled, not unavailable, when the caller aborts a recall', async () => {
    const inner = new ScriptedStore();
    inner.recallWith = hang;
    const ac = new AbortController();
    const pending = guard(inner).recall(alice, s, 'q', ac.signal);
    ac.abort();
    await expect(pending).rejects.toMatchObject({ name: 'OperationCancelled' });
  });

  it('returns from remember at once and finishes the write even if the caller aborts afterwards', async () => {
    const inner = new ScriptedStore();
    let release!: () => void;
    inner.rememberWith = () => new Promise<void>((r) => { release = r; });
    const memory = guard(inner);
    const ac = new AbortController();
    await memory.remember(alice, s, [investigation], ac.signal);
    ac.abort();
    expect(memory.writesPending).toBe(1);
    expect(inner.writes[0]!.signal.aborted).toBe(false);
    release();
    expect(await memory.flush(1_000)).toBe(0);
  });

  it('lets a recall read the actor\'s own writes still in flight', async () => {
    const inner = new ScriptedStore();
    const stored: MemoryRecord[] = [];
    inner.rememberWith = async () => { await new Promise((r) => setTimeout(r, 30)); stored.push(investigation); };
    inner.recallWith = async () => ({ preferences: [], infrastructure: [], pastInvestigations: stored.flatMap((r) => (r.kind === 'investigation' ? [r.summary] : [])) });
    const memory = guard(inner);
    await memory.remember(alice, s, [investigation], live());
    expect((await memory.recall(alice, s, 'q', live())).pastInvestigations).toHaveLength(1);
  });

  it('reports a failed background write and forgets it', async () => {
    const errors: unknown[] = [];
    const inner = new ScriptedStore();
    inner.rememberWith = async () => { throw new Error('disk I/O error'); };
    const memory = guard(inner, { onWriteError: (e) => errors.push(e) });
    await memory.remember(alice, s, [investigation], live());
    expect(await memory.flush(1_000)).toBe(0);
    expect(errors).toMatchObject([{ message: 'disk I/O error' }]);
  });

  it('gives up a write at its own deadline, and flush waits only as long as it is told', async () => {
    const inner = new ScriptedStore();
    inner.rememberWith = hang;
    const errors: unknown[] = [];
    const memory = guard(inner, { writeTimeoutMs: 150, onWriteError: (e) => errors.push(e) });
    await memory.remember(alice, s, [investigation], live());
    expect(await memory.flush(20)).toBe(1);
    expect(await memory.flush(1_000)).toBe(0);
    expect(errors).toHaveLength(1);
  });

  it('refuses a call whose signal has already aborted', async () => {
    const memory = guard(new ScriptedStore());
    await expect(memory.recall(alice, s, 'q', AbortSignal.abort())).rejects.toMatchObject({ name: 'OperationCancelled' });
    await expect(memory.remember(alice, s, [investigation], AbortSignal.abort())).rejects.toMatchObject({ name: 'OperationCancelled' });
  });
});
