import { describe, expect, it } from 'vitest';
import type { MemoryStore } from '../../src/application/ports/agent-memory.js';
import { asActorId, asSessionId } from '../../src/domain/ids.js';
import type { MemoryRecord } from '../../src/domain/memory.js';

const live = () => new AbortController().signal;
const aborted = () => AbortSignal.abort();

const investigation = (id: string, question: string, rootCause: string, at = '2024-01-15T14:30:00.000Z'): MemoryRecord => ({
  kind: 'investigation',
  summary: { investigationId: id, question, rootCause, severity: 'high', evidence: [`tool output for ${id}`], actions: ['kubectl rollout undo'], status: 'completed', at },
});
const preference = (category: 'style' | 'escalation' | 'notification' | 'workflow', text: string, values: Record<string, unknown>): MemoryRecord =>
  ({ kind: 'preference', preference: { category, text, values } });
const fact = (service: string, detail: string): MemoryRecord => ({ kind: 'infrastructure', fact: { service, kind: 'dependency', detail } });

export interface MemoryHarness {
  readonly memory: MemoryStore;
  /** For stores that persist: a new store over the same data, after `memory.close()`. */
  readonly reopen?: () => Promise<MemoryStore>;
}

/**
 * What every memory backend must do, whatever stores it. Each test gets a fresh, empty store
 * from `make` and closes it.
 */
export function agentMemoryContract(name: string, make: () => Promise<MemoryHarness>): void {
  const withStore = (fn: (h: MemoryHarness) => Promise<void>) => async () => {
    const h = await make();
    try {
      await fn(h);
    } finally {
      await h.memory.close();
    }
  };

  describe(`${name} honours the AgentMemory contract`, () => {
    it('recalls nothing for an actor it has never seen', withStore(async ({ memory }) => {
      const ctx = await memory.recall(asActorId('nobody'), asSessionId('s'), 'anything', live());
      expect(ctx).toEqual({ preferences: [], infrastructure: [], pastInvestigations: [] });
    }));

    it('keeps one actor\'s memory from another', withStore(async ({ memory }) => {
      await memory.remember(asActorId('alice'), asSessionId('s1'), [preference('style', 'technical', { communication_style: 'technical' })], live());
      const carol = await memory.recall(asActorId('carol'), asSessionId('s1'), 'style', live());
      const alice = await memory.recall(asActorId('alice'), asSessionId('s2'), 'style', live());
      expect(carol.preferences).toEqual([]);
      expect(alice.preferences.map((p) => p.text)).toEqual(['technical']);
    }));

    it('does not let an actor that is a prefix of another see its records', withStore(async ({ memory }) => {
      await memory.remember(asActorId('alice2'), asSessionId('s'), [investigation('i-a2', 'database restarts', 'configmap missing')], live());
      const alice = await memory.recall(asActorId('alice'), asSessionId('s'), 'database restarts', live());
      expect(alice.pastInvestigations).toEqual([]);
    }));

    it('keeps a crafted session id inside its own namespace', withStore(async ({ memory }) => {
      const crafted = asSessionId('x/../../users/bob/preferences');
      await memory.remember(asActorId('mallory'), crafted, [investigation('i-m', 'database restarts', 'configmap missing'), fact('web', 'web depends on database')], live());
      const bob = await memory.recall(asActorId('bob'), asSessionId('s'), 'database restarts web', live());
      expect(bob).toEqual({ preferences: [], infrastructure: [], pastInvestigations: [] });
      expect(await memory.list({ actor: asActorId('bob') }, 100, live())).toEqual([]);
      const mallory = await memory.list({ actor: asActorId('mallory') }, 100, live());
      expect(mallory).toHaveLength(2);
      for (const m of mallory) expect(m.namespace).toMatch(/^\/sre\/(infrastructure|investigations)\/mallory\/[A-Za-z0-9_-]+$/);
    }));

    it('recalls infrastructure facts and past investigations across sessions, the most relevant first', withStore(async ({ memory }) => {
      const actor = asActorId('alice');
      await memory.remember(actor, asSessionId('s1'), [
        investigation('i1', 'Why is checkout slow?', 'payment gateway timeouts'),
        investigation('i2', 'Why does the database pod restart?', 'database ConfigMap missing'),
        fact('web-service', 'web-service depends on database-service'),
        fact('payment-gateway', 'payment-gateway calls the card processor'),
      ], live());
      const ctx = await memory.recall(actor, asSessionId('s2'), 'database pod restarting', live());
      expect(ctx.pastInvestigations[0]?.investigationId).toBe('i2');
      expect(ctx.pastInvestigations.map((i) => i.investigationId)).not.toContain('i1');
      expect(ctx.infrastructure.map((f) => f.service)).toContain('web-service');
      expect(ctx.infrastructure.map((f) => f.service)).not.toContain('payment-gateway');
    }));

    it('finds a record by a word in another form (terminated, terminating)', withStore(async ({ memory }) => {
      await memory.remember(asActorId('alice'), asSessionId('s1'), [investigation('i-t', 'Why were the pods terminated?', 'memory limits were deprecated and generated OOM kills')], live());
      const ctx = await memory.recall(asActorId('alice'), asSessionId('s2'), 'pods terminating', live());
      expect(ctx.pastInvestigations.map((i) => i.investigationId)).toEqual(['i-t']);
    }));

    it('returns past investigations whole, as they were remembered', withStore(async ({ memory }) => {
      const record = investigation('i-whole', 'Why is the API server pod restarting? «ünïcødé» 🚨', 'ConfigMap "database-config" was deleted');
      await memory.remember(asActorId('alice'), asSessionId('s1'), [record], live());
      const ctx = await memory.recall(asActorId('alice'), asSessionId('s9'), 'api server pod restarting', live());
      expect(ctx.pastInvestigations).toEqual([record.kind === 'investigation' ? record.summary : undefined]);
    }));

    it('brings back at most five past investigations, newer first among equals', withStore(async ({ memory }) => {
      const actor = asActorId('dana');
      const records = Array.from({ length: 8 }, (_, i) => investigation(`i${i}`, `disk full on node-${i}`, 'log rotation disabled', `2024-01-1${i}T00:00:00.000Z`));
      for (const r of records) await memory.remember(actor, asSessionId(`s${r.kind === 'investigation' ? r.summary.investigationId : ''}`), [r], live());
      const ctx = await memory.recall(actor, asSessionId('new'), 'disk full log rotation', live());
      expect(ctx.pastInvestigations.map((i) => i.investigationId)).toEqual(['i7', 'i6', 'i5', 'i4', 'i3']);
    }));

    it('returns preferences oldest first, so a later preference overrides an earlier one', withStore(async ({ memory }) => {
      const actor = asActorId('erin');
      await memory.remember(actor, asSessionId('s1'), [preference('style', 'technical', { communication_style: 'technical' })], live());
      await memory.remember(actor, asSessionId('s2'), [preference('style', 'executive', { communication_style: 'executive' })], live());
      const ctx = await memory.recall(actor, asSessionId('s3'), 'unrelated words', live());
      expect(ctx.preferences.map((p) => p.text)).toEqual(['technical', 'executive']);
    }));

    it('stores an identical record once', withStore(async ({ memory }) => {
      const actor = asActorId('bob');
      const record = investigation('i9', 'disk full on node-3', 'log rotation disabled');
      await memory.remember(actor, asSessionId('s'), [record], live());
      await memory.remember(actor, asSessionId('s'), [record, record], live());
      const ctx = await memory.recall(actor, asSessionId('s'), 'disk full node', live());
      expect(ctx.pastInvestigations).toHaveLength(1);
      expect(await memory.list({ actor }, 100, live())).toHaveLength(1);
    }));

    it('keeps concurrent writers for different actors apart', withStore(async ({ memory }) => {
      const actors = Array.from({ length: 12 }, (_, i) => `user-${i}`);
      await Promise.all(actors.map((a) => memory.remember(asActorId(a), asSessionId(`s-${a}`), [
        investigation(`inv-${a}`, `why is ${a} service failing`, `root cause for ${a}`),
        preference('escalation', `page ${a}-manager`, { contact: `${a}-manager@company.com` }),
      ], live())));
      const contexts = await Promise.all(actors.map((a) => memory.recall(asActorId(a), asSessionId('q'), 'why is the service failing', live())));
      contexts.forEach((ctx, i) => {
        expect(ctx.pastInvestigations.map((p) => p.investigationId)).toEqual([`inv-user-${i}`]);
        expect(ctx.preferences.map((p) => p.values['contact'])).toEqual([`user-${i}-manager@company.com`]);
      });
    }));

    it('lists records by actor and kind, oldest first, up to a limit', withStore(async ({ memory }) => {
      await memory.remember(asActorId('alice'), asSessionId('s1'), [
        preference('style', 'technical', { communication_style: 'technical' }),
        investigation('i1', 'q1', 'r1'),
        fact('web', 'web depends on db'),
      ], live());
      await memory.remember(asActorId('carol'), asSessionId('s2'), [preference('style', 'executive', { communication_style: 'executive' })], live());
      const all = await memory.list({}, 100, live());
      expect(all).toHaveLength(4);
      const alice = await memory.list({ actor: asActorId('alice') }, 100, live());
      expect(alice.map((m) => m.record.kind)).toEqual(['preference', 'investigation', 'infrastructure']);
      expect(alice[0]).toMatchObject({ actor: 'alice', session: null, namespace: '/sre/users/alice/preferences' });
      expect(alice[1]).toMatchObject({ session: 's1', namespace: '/sre/investigations/alice/s1' });
      expect(alice.every((m) => m.id.length > 0 && !Number.isNaN(Date.parse(m.createdAt)))).toBe(true);
      const prefs = await memory.list({ kind: 'preference' }, 100, live());
      expect(prefs.map((m) => m.actor).sort()).toEqual(['alice', 'carol']);
      expect(await memory.list({}, 2, live())).toHaveLength(2);
    }));

    it('forgets by id, by kind and by actor, and says how many', withStore(async ({ memory }) => {
      const alice = asActorId('alice');
      await memory.remember(alice, asSessionId('s1'), [
        preference('style', 'technical', { communication_style: 'technical' }),
        investigation('i1', 'database restarts', 'configmap'),
        investigation('i2', 'database slow', 'index missing'),
      ], live());
      await memory.remember(asActorId('carol'), asSessionId('s2'), [investigation('i3', 'database restarts', 'configmap')], live());
      const [first] = await memory.list({ actor: alice, kind: 'investigation' }, 1, live());
      expect(await memory.forget({ actor: alice, id: first!.id }, live())).toBe(1);
      expect(await memory.forget({ actor: asActorId('carol'), id: first!.id }, live())).toBe(0);
      expect(await memory.list({ actor: alice, kind: 'investigation' }, 100, live())).toHaveLength(1);
      expect(await memory.forget({ actor: alice, kind: 'investigation' }, live())).toBe(1);
      expect(await memory.forget({ actor: alice }, live())).toBe(1);
      expect(await memory.list({ actor: alice }, 100, live())).toEqual([]);
      const carol = await memory.recall(asActorId('carol'), asSessionId('s'), 'database restarts', live());
      expect(carol.pastInvestigations.map((i) => i.investigationId)).toEqual(['i3']);
    }));

    it('rejects with OperationCancelled when the signal has aborted', withStore(async ({ memory }) => {
      await expect(memory.recall(asActorId('a'), asSessionId('s'), 'q', aborted())).rejects.toMatchObject({ name: 'OperationCancelled' });
      await expect(memory.remember(asActorId('a'), asSessionId('s'), [], aborted())).rejects.toMatchObject({ name: 'OperationCancelled' });
      await expect(memory.list({}, 10, aborted())).rejects.toMatchObject({ name: 'OperationCancelled' });
      await expect(memory.forget({}, aborted())).rejects.toMatchObject({ name: 'OperationCancelled' });
    }));

    it('keeps what it was told across a close and reopen, when it persists', async () => {
      const h = await make();
      if (!h.reopen) {
        await h.memory.close();
        return;
      }
      await h.memory.remember(asActorId('alice'), asSessionId('s1'), [investigation('i-p', 'database pod restarting', 'configmap deleted'), preference('notification', '#alice-alerts', { channel: '#alice-alerts' })], live());
      await h.memory.close();
      const again = await h.reopen();
      try {
        const ctx = await again.recall(asActorId('alice'), asSessionId('s2'), 'database pod restarting', live());
        expect(ctx.pastInvestigations.map((i) => i.investigationId)).toEqual(['i-p']);
        expect(ctx.preferences.map((p) => p.text)).toEqual(['#alice-alerts']);
      } finally {
        await again.close();
      }
    });
  });
}
