import type { AgentMemory } from '../../application/ports/agent-memory.js';
import { OperationCancelled } from '../../application/ports/errors.js';
import type { InfrastructureFact } from '../../domain/finding.js';
import type { ActorId, SessionId } from '../../domain/ids.js';
import type { InvestigationSummary, MemoryContext, MemoryRecord, UserPreference } from '../../domain/memory.js';
import { relevance } from '../shared/text-relevance.js';

export type MemoryStrategy = 'preferences' | 'infrastructure' | 'investigations';
export const ALL_STRATEGIES: readonly MemoryStrategy[] = ['preferences', 'infrastructure', 'investigations'];

export interface InMemoryAgentMemoryOptions {
  readonly strategies: readonly MemoryStrategy[];
  readonly maxInfrastructure: number;
  readonly maxInvestigations: number;
}

interface Stored<T> { readonly session: SessionId; readonly value: T; readonly key: string; readonly order: number }

/**
 * Memory kept in the process: for tests and single-process runs where nothing must survive a
 * restart. Records are keyed by content, so remembering the same record twice stores it once.
 */
export class InMemoryAgentMemory implements AgentMemory {
  private readonly actors = new Map<ActorId, { preferences: Stored<UserPreference>[]; infrastructure: Stored<InfrastructureFact>[]; investigations: Stored<InvestigationSummary>[] }>();
  private order = 0;

  constructor(private readonly options: InMemoryAgentMemoryOptions = { strategies: ALL_STRATEGIES, maxInfrastructure: 50, maxInvestigations: 5 }) {}

  async recall(actor: ActorId, _session: SessionId, query: string, signal: AbortSignal): Promise<MemoryContext> {
    if (signal.aborted) throw new OperationCancelled('recall cancelled');
    const entry = this.actors.get(actor);
    const on = (s: MemoryStrategy): boolean => this.options.strategies.includes(s);
    if (!entry) return { preferences: [], infrastructure: [], pastInvestigations: [] };
    const rank = <T>(items: Stored<T>[], text: (v: T) => string, max: number): T[] =>
      items
        .map((s) => ({ s, score: relevance(query, text(s.value)) }))
        .sort((a, b) => b.score - a.score || b.s.order - a.s.order)
        .slice(0, max)
        .map((x) => x.s.value);
    return {
      preferences: on('preferences') ? entry.preferences.map((p) => p.value) : [],
      infrastructure: on('infrastructure') ? rank(entry.infrastructure, (f) => `${f.service} ${f.kind} ${f.detail}`, this.options.maxInfrastructure) : [],
      pastInvestigations: on('investigations')
        ? rank(entry.investigations.filter((i) => relevance(query, `${i.value.question} ${i.value.rootCause}`) > 0), (i) => `${i.question} ${i.rootCause} ${i.evidence.join(' ')}`, this.options.maxInvestigations)
        : [],
    };
  }

  async remember(actor: ActorId, session: SessionId, records: readonly MemoryRecord[], signal: AbortSignal): Promise<void> {
    if (signal.aborted) throw new OperationCancelled('remember cancelled');
    let entry = this.actors.get(actor);
    if (!entry) {
      entry = { preferences: [], infrastructure: [], investigations: [] };
      this.actors.set(actor, entry);
    }
    const on = (s: MemoryStrategy): boolean => this.options.strategies.includes(s);
    const add = <T>(list: Stored<T>[], value: T): void => {
      const key = JSON.stringify(value);
      if (!list.some((s) => s.key === key)) list.push({ session, value, key, order: this.order++ });
    };
    for (const r of records) {
      if (r.kind === 'preference' && on('preferences')) add(entry.preferences, r.preference);
      if (r.kind === 'infrastructure' && on('infrastructure')) add(entry.infrastructure, r.fact);
      if (r.kind === 'investigation' && on('investigations')) add(entry.investigations, r.summary);
    }
  }
}
