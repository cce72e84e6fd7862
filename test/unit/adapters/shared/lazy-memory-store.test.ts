import { describe, expect, it } from 'vitest';
import { InMemoryAgentMemory } from '../../../../src/adapters/memory-in-memory/in-memory-agent-memory.js';
import { LazyMemoryStore } from '../../../../src/adapters/shared/lazy-memory-store.js';
import type { MemoryStore } from '../../../../src/application/ports/agent-memory.js';
import { asActorId, asSessionId } from '../../../../src/domain/ids.js';

const live = () => new AbortController().signal;
const recall = (m: MemoryStore) => m.recall(asActorId('a'), asSessionId('s'), 'q', live());

describe('LazyMemoryStore', () => {
  it('opens on first use, once, and passes calls through', async () => {
    let opens = 0;
    const lazy = new LazyMemoryStore(async () => { opens += 1; return new InMemoryAgentMemory(); });
    await Promise.all([recall(lazy), recall(lazy), lazy.list({}, 10, live())]);
    expect(opens).toBe(1);
    await lazy.close();
  });

  it('answers MemoryUnavailable while the store cannot be opened, and retries only after the pause', async () => {
    let now = 0;
    let opens = 0;
    let up = false;
    const lazy = new LazyMemoryStore(async () => {
      opens += 1;
      if (!up) throw new Error('ECONNREFUSED 127.0.0.1:5432');
      return new InMemoryAgentMemory();
    }, 5_000, () => now);
    await expect(recall(lazy)).rejects.toMatchObject({ name: 'MemoryUnavailable', message: expect.stringMatching(/ECONNREFUSED/) });
    up = true;
    await expect(recall(lazy)).rejects.toMatchObject({ name: 'MemoryUnavailable', message: expect.stringMatching(/retrying/) });
    expect(opens).toBe(1);
    now = 5_001;
    await expect(recall(lazy)).resolves.toMatchObject({ preferences: [] });
    expect(opens).toBe(2);
    await lazy.close();
  });

  it('closes the store it opened, and refuses calls afterwards', async () => {
    const inner = new InMemoryAgentMemory();
    const lazy = new LazyMemoryStore(async () => inner);
    lazy.warmUp();
    await recall(lazy);
    await lazy.close();
    await expect(inner.list({}, 1, live())).rejects.toThrow(/closed/);
    await expect(recall(lazy)).rejects.toMatchObject({ name: 'MemoryUnavailable' });
  });

  it('checks the caller\'s signal before opening anything', async () => {
    const lazy = new LazyMemoryStore(async () => { throw new Error('must not open'); });
    await expect(lazy.recall(asActorId('a'), asSessionId('s'), 'q', AbortSignal.abort())).rejects.toMatchObject({ name: 'OperationCancelled' });
  });
});
