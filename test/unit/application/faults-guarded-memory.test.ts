import { describe, expect, it } from 'vitest';
import { GuardedMemory } from '../../../src/application/memory/guarded-memory.js';
import type { AgentMemory } from '../../../src/application/ports/agent-memory.js';
import { asActorId, asSessionId } from '../../../src/domain/ids.js';
import { ALL_STRATEGIES, type MemoryRecord } from '../../../src/domain/memory.js';

// Fault injection at the unit level: a store that ignores the AbortSignal it is given (as one does
// while it is still opening its first connection to a silent database). GuardedMemory's deadlines
// must hold anyway; before, recall waited for the store's own connect timeout (found by
// test/int/faults-memory) and a write stayed pending past its deadline.

const alice = asActorId('alice');
const s = asSessionId('s1');
const live = () => new AbortController().signal;
const investigation: MemoryRecord = { kind: 'investigation', summary: { investigationId: 'i1', question: 'q', rootCause: 'r', severity: 'high', evidence: [], actions: [], status: 'completed', at: '2024-01-01T00:00:00.000Z' } };

/** Every call waits forever, whatever its signal says. */
const deaf: AgentMemory = {
  recall: () => new Promise(() => {}),
  remember: () => new Promise(() => {}),
};

describe('GuardedMemory over a store that ignores its signal', () => {
  it('gives up recall at recallTimeoutMs with MemoryUnavailable', async () => {
    const memory = new GuardedMemory(deaf, { strategies: ALL_STRATEGIES, recallTimeoutMs: 100, writeTimeoutMs: 100 });
    const t0 = performance.now();
    await expect(memory.recall(alice, s, 'q', live())).rejects.toMatchObject({ name: 'MemoryUnavailable', message: expect.stringMatching(/100 ms/) });
    expect(performance.now() - t0).toBeLessThan(1_000);
  });

  it('still answers a cancelled recall as cancelled', async () => {
    const memory = new GuardedMemory(deaf, { strategies: ALL_STRATEGIES, recallTimeoutMs: 5_000, writeTimeoutMs: 100 });
    const controller = new AbortController();
    const recall = memory.recall(alice, s, 'q', controller.signal);
    controller.abort();
    await expect(recall).rejects.toMatchObject({ name: 'OperationCancelled' });
  });

  it('ends a write at writeTimeoutMs: reported, no longer pending, flush does not wait for it', async () => {
    const errors: unknown[] = [];
    const memory = new GuardedMemory(deaf, { strategies: ALL_STRATEGIES, recallTimeoutMs: 100, writeTimeoutMs: 100, onWriteError: (e) => errors.push(e) });
    await memory.remember(alice, s, [investigation], live());
    expect(memory.writesPending).toBe(1);
    expect(await memory.flush(2_000)).toBe(0);
    expect(memory.writesPending).toBe(0);
    expect(errors).toHaveLength(1);
  });
});
