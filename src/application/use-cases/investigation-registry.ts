import type { AgentName } from '../../domain/agents.js';
import type { PlanView } from '../../domain/events.js';
import type { InvestigationResult } from '../../domain/investigation.js';
import type { InvestigationStreamEvent } from './investigation-stream.js';

export interface InvestigationProgress {
  readonly plan?: PlanView;
  readonly agentsStarted: readonly AgentName[];
  readonly agentsFinished: readonly AgentName[];
  readonly toolCalls: number;
}

export type InvestigationSnapshot =
  | { readonly state: 'running'; readonly investigationId: string; readonly sessionId: string; readonly startedAt: Date; readonly progress: InvestigationProgress }
  | { readonly state: 'finished'; readonly investigationId: string; readonly sessionId: string; readonly startedAt: Date; readonly result: InvestigationResult };

interface Entry {
  readonly investigationId: string;
  readonly sessionId: string;
  readonly startedAt: Date;
  readonly controller: AbortController;
  plan?: PlanView;
  readonly agentsStarted: AgentName[];
  readonly agentsFinished: AgentName[];
  toolCalls: number;
  result?: InvestigationResult;
}

/**
 * Investigations of this process, by id: running ones (with their progress and a way to cancel
 * them) and the last `keepFinished` finished ones (for `status` lookups after a background run).
 * In-process by design: an AgentCore session is one microVM; durable history is memory's job.
 */
export class InvestigationRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly finished: string[] = [];

  constructor(private readonly keepFinished = 1000) {}

  add(investigationId: string, sessionId: string, controller: AbortController, startedAt: Date): void {
    this.entries.set(investigationId, { investigationId, sessionId, startedAt, controller, agentsStarted: [], agentsFinished: [], toolCalls: 0 });
  }

  /** Follows the run's events; a resumed investigation announces its original id, which then finds it too. */
  observe(key: string, event: InvestigationStreamEvent): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    switch (event.type) {
      case 'started':
        if (event.investigation_id !== key) this.entries.set(event.investigation_id, entry);
        break;
      case 'plan': entry.plan = event.plan; break;
      case 'agent_started': entry.agentsStarted.push(event.agent); break;
      case 'agent_finished': entry.agentsFinished.push(event.agent); break;
      case 'tool_call': entry.toolCalls += 1; break;
      case 'result':
        entry.result = event.result;
        this.retire(key, event.result.investigationId);
        break;
      default: break;
    }
  }

  snapshot(investigationId: string): InvestigationSnapshot | undefined {
    const e = this.entries.get(investigationId);
    if (!e) return undefined;
    const base = { investigationId: e.result?.investigationId ?? e.investigationId, sessionId: e.sessionId, startedAt: e.startedAt };
    return e.result
      ? { state: 'finished', ...base, result: e.result }
      : { state: 'running', ...base, progress: { ...(e.plan ? { plan: e.plan } : {}), agentsStarted: [...e.agentsStarted], agentsFinished: [...e.agentsFinished], toolCalls: e.toolCalls } };
  }

  /** Aborts a running investigation, by its id or its session's; false when nothing runs there. */
  cancel(target: { readonly investigationId?: string; readonly sessionId?: string }): InvestigationSnapshot | undefined {
    const entry = target.investigationId
      ? this.entries.get(target.investigationId)
      : [...this.entries.values()].find((e) => e.sessionId === target.sessionId && !e.result);
    if (!entry || entry.result) return undefined;
    entry.controller.abort(new Error('cancelled by request'));
    return this.snapshot(entry.investigationId);
  }

  private retire(...ids: string[]): void {
    this.finished.push(...new Set(ids));
    while (this.finished.length > this.keepFinished) this.entries.delete(this.finished.shift()!);
  }
}
