import { describe, expect, it } from 'vitest';
import { asActorId, asSessionId } from '../../src/domain/ids.js';
import { FakeAgentMemory } from '../fakes/fake-agent-memory.js';

// The fake answers one scripted context for every actor, so only the parts of the contract that
// do not depend on storage apply to it; this keeps it honest where graph tests rely on it.
describe('FakeAgentMemory', () => {
  it('rejects with OperationCancelled when the signal has aborted', async () => {
    const memory = new FakeAgentMemory();
    await expect(memory.recall(asActorId('a'), asSessionId('s'), 'q', AbortSignal.abort())).rejects.toMatchObject({ name: 'OperationCancelled' });
  });

  it('throws the configured failure like a store that is down', async () => {
    const down = Object.assign(new Error('down'), { name: 'MemoryUnavailable' });
    const memory = new FakeAgentMemory(undefined, down);
    await expect(memory.recall(asActorId('a'), asSessionId('s'), 'q', new AbortController().signal)).rejects.toMatchObject({ name: 'MemoryUnavailable' });
  });
});
