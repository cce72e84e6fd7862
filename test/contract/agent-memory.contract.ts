import { describe, expect, it } from 'vitest';
import type { AgentMemory } from '../../src/application/ports/agent-memory.js';
import { asActorId, asSessionId } from '../../src/domain/ids.js';
import type { MemoryRecord } from '../../src/domain/memory.js';

const live = () => new AbortController().signal;
const aborted = () => AbortSignal.abort();

const investigation = (id: string, question: string, rootCause: string): MemoryRecord => ({
  kind: 'investigation',
  summary: { investigationId: id, question, rootCause, severity: 'high', evidence: [], actions: [], status: 'completed', at: '2024-01-15T14:30:00.000Z' },
});

/** What every AgentMemory must do, whatever stores it. */
export function agentMemoryContract(name: string, make: () => Promise<{ memory: AgentMemory; close(): Promise<void> }>): void {
  describe(`${name} honours the AgentMemory contract`, () => {
    it('recalls nothing for an actor it has never seen', async () => {
      const { memory, close } = await make();
      const ctx = await memory.recall(asActorId('nobody'), asSessionId('s'), 'anything', live());
      expect(ctx).toEqual({ preferences: [], infrastructure: [], pastInvestigations: [] });
      await close();
    });

    it('keeps one actor\'s memory from another', async () => {
      const { memory, close } = await make();
      await memory.remember(asActorId('alice'), asSessionId('s1'), [{ kind: 'preference', preference: { category: 'style', text: 'technical', values: { communication_style: 'technical' } } }], live());
      const carol = await memory.recall(asActorId('carol'), asSessionId('s1'), 'style', live());
      const alice = await memory.recall(asActorId('alice'), asSessionId('s2'), 'style', live());
      expect(carol.preferences).toEqual([]);
      expect(alice.preferences.map((p) => p.text)).toEqual(['technical']);
      await close();
    });

    it('recalls infrastructure facts and past investigations across sessions, the most relevant first', async () => {
      const { memory, close } = await make();
      const actor = asActorId('alice');
      await memory.remember(actor, asSessionId('s1'), [
        investigation('i1', 'Why is checkout slow?', 'payment gateway timeouts'),
        investigation('i2', 'Why does the database pod restart?', 'database ConfigMap missing'),
        { kind: 'infrastructure', fact: { service: 'web-service', kind: 'dependency', detail: 'web-service depends on database-service' } },
      ], live());
      const ctx = await memory.recall(actor, asSessionId('s2'), 'database pod restarting', live());
      expect(ctx.pastInvestigations[0]?.investigationId).toBe('i2');
      expect(ctx.infrastructure.map((f) => f.service)).toContain('web-service');
      await close();
    });

    it('stores an identical record once', async () => {
      const { memory, close } = await make();
      const actor = asActorId('bob');
      const record = investigation('i9', 'disk full on node-3', 'log rotation disabled');
      await memory.remember(actor, asSessionId('s'), [record], live());
      await memory.remember(actor, asSessionId('s'), [record], live());
      const ctx = await memory.recall(actor, asSessionId('s'), 'disk full node', live());
      expect(ctx.pastInvestigations).toHaveLength(1);
      await close();
    });

    it('rejects with OperationCancelled when the signal has aborted', async () => {
      const { memory, close } = await make();
      await expect(memory.recall(asActorId('a'), asSessionId('s'), 'q', aborted())).rejects.toMatchObject({ name: 'OperationCancelled' });
      await expect(memory.remember(asActorId('a'), asSessionId('s'), [], aborted())).rejects.toMatchObject({ name: 'OperationCancelled' });
      await close();
    });
  });
}
