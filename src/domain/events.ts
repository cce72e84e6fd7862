import type { AgentName } from './agents.js';
import type { FindingStatus } from './finding.js';
import type { Plan } from './plan.js';

/** The plan as clients see it (CONTRACT.md §2: `plan: {steps, agents}`). */
export interface PlanView {
  readonly steps: readonly { readonly id: number; readonly agent: AgentName; readonly goal: string; readonly depends_on: readonly number[] }[];
  readonly agents: readonly AgentName[];
  readonly complexity: Plan['complexity'];
  readonly auto_execute: boolean;
  readonly reasoning: string;
}

export function toPlanView(plan: Plan): PlanView {
  return {
    steps: plan.steps.map((s) => ({ id: s.id, agent: s.agent, goal: s.goal, depends_on: s.dependsOn })),
    agents: plan.steps.map((s) => s.agent),
    complexity: plan.complexity,
    auto_execute: plan.autoExecute,
    reasoning: plan.reasoning,
  };
}

/**
 * Progress of one investigation, in the wire shape of CONTRACT.md §2 (one JSON object per SSE
 * event). The closing `result` / `error` events are added by the use-case.
 */
export type ProgressEvent =
  | { readonly type: 'plan'; readonly plan: PlanView; readonly awaiting_approval: boolean }
  | { readonly type: 'agent_started'; readonly agent: AgentName; readonly step: number; readonly goal: string }
  | { readonly type: 'tool_call'; readonly agent: AgentName; readonly call_id: string; readonly tool: string; readonly args: Readonly<Record<string, unknown>> }
  | { readonly type: 'tool_result'; readonly agent: AgentName; readonly call_id: string; readonly tool: string; readonly ok: boolean; readonly bytes: number; readonly summary: string }
  | { readonly type: 'agent_finished'; readonly agent: AgentName; readonly step: number; readonly status: FindingStatus; readonly summary: string; readonly tool_calls: number }
  | { readonly type: 'token'; readonly agent?: AgentName; readonly purpose: 'plan' | 'investigate' | 'summarize'; readonly text: string }
  | { readonly type: 'report'; readonly message: string };
