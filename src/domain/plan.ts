import { AGENT_NAMES, type AgentName, parseAgentName } from './agents.js';

export interface PlanStep {
  /** 1-based position, stable once the plan is normalised. */
  readonly id: number;
  readonly agent: AgentName;
  readonly goal: string;
  /** Ids of steps whose findings this step needs first; empty means it can start at once. */
  readonly dependsOn: readonly number[];
}

export type PlanComplexity = 'simple' | 'complex';

export interface Plan {
  readonly steps: readonly PlanStep[];
  readonly complexity: PlanComplexity;
  readonly autoExecute: boolean;
  readonly reasoning: string;
  /** True when the model gave nothing usable and this is the documented default plan. */
  readonly isDefault: boolean;
  /** No new investigation: the question is answered from the session's earlier findings. */
  readonly followUp?: boolean;
}

/** The plan used when the model gives no usable one: every specialist, in parallel. */
export function defaultPlan(question: string, why = 'The model did not return a usable plan.'): Plan {
  return {
    steps: AGENT_NAMES.map((agent, i) => ({ id: i + 1, agent, goal: `Investigate: ${question}`.slice(0, 500), dependsOn: [] })),
    complexity: 'simple',
    autoExecute: true,
    reasoning: `${why} Every specialist checks its domain.`,
    isDefault: true,
  };
}

interface RawStep {
  agent: AgentName;
  goal: string;
  dependsOnRaw: readonly unknown[];
  sourceIndex: number;
}

/**
 * Turns whatever the model proposed into a valid plan: unknown agents are dropped, steps of the
 * same agent are merged (each specialist runs once), dependencies are re-pointed at merged steps
 * and cycles or forward references are removed. Gives the default plan when nothing is left.
 */
export function normalizePlan(raw: unknown, question: string): Plan {
  if (typeof raw !== 'object' || raw === null) return defaultPlan(question);
  const record = raw as Record<string, unknown>;
  const rawSteps = Array.isArray(record['steps']) ? record['steps'] : [];
  if (record['follow_up'] === true && rawSteps.length === 0) {
    const reasoning = typeof record['reasoning'] === 'string' ? record['reasoning'].slice(0, 2000) : 'Answered from the session\'s earlier investigation.';
    return { steps: [], complexity: 'simple', autoExecute: true, reasoning, isDefault: false, followUp: true };
  }
  const parsed: RawStep[] = [];
  rawSteps.forEach((step, sourceIndex) => {
    if (typeof step !== 'object' || step === null) return;
    const s = step as Record<string, unknown>;
    const agent = parseAgentName(s['agent']);
    if (!agent) return;
    const goal = typeof s['goal'] === 'string' && s['goal'].trim() ? s['goal'].trim().slice(0, 500) : `Investigate: ${question}`.slice(0, 500);
    const deps = Array.isArray(s['depends_on']) ? s['depends_on'] : Array.isArray(s['dependsOn']) ? s['dependsOn'] : [];
    parsed.push({ agent, goal, dependsOnRaw: deps, sourceIndex });
  });
  if (parsed.length === 0) return defaultPlan(question);

  // Merge duplicates: the first occurrence keeps its position, later goals are appended.
  const byAgent = new Map<AgentName, { goal: string; sources: number[]; deps: unknown[] }>();
  for (const step of parsed) {
    const existing = byAgent.get(step.agent);
    if (existing) {
      if (!existing.goal.includes(step.goal)) existing.goal = `${existing.goal}; ${step.goal}`.slice(0, 1000);
      existing.sources.push(step.sourceIndex);
      existing.deps.push(...step.dependsOnRaw);
    } else {
      byAgent.set(step.agent, { goal: step.goal, sources: [step.sourceIndex], deps: [...step.dependsOnRaw] });
    }
  }
  const merged = [...byAgent.entries()];
  // A dependency may name a step by 1-based position in the model's list or by agent name.
  const stepIdOf = (ref: unknown): number | undefined => {
    const agent = parseAgentName(ref);
    if (agent) {
      const at = merged.findIndex(([a]) => a === agent);
      return at === -1 ? undefined : at + 1;
    }
    if (typeof ref === 'number' && Number.isInteger(ref)) {
      const at = merged.findIndex(([, m]) => m.sources.includes(ref - 1));
      return at === -1 ? undefined : at + 1;
    }
    return undefined;
  };
  // Only backward references survive, which also rules out cycles.
  const steps: PlanStep[] = merged.map(([agent, m], i) => {
    const id = i + 1;
    const deps = [...new Set(m.deps.map(stepIdOf).filter((d): d is number => d !== undefined && d < id))].sort((a, b) => a - b);
    return { id, agent, goal: m.goal, dependsOn: deps };
  });

  const complexity: PlanComplexity = record['complexity'] === 'complex' ? 'complex' : 'simple';
  const autoExecute = typeof record['auto_execute'] === 'boolean' ? record['auto_execute']
    : typeof record['autoExecute'] === 'boolean' ? record['autoExecute'] : complexity === 'simple';
  const reasoning = typeof record['reasoning'] === 'string' ? record['reasoning'].slice(0, 2000) : '';
  return { steps, complexity, autoExecute, reasoning, isDefault: false };
}

/** Groups steps into waves: a wave's steps run in parallel once all earlier waves are done. */
export type SpecialistMode = 'parallel' | 'sequential';

/**
 * The plan's steps in waves: each wave's steps depend only on earlier waves, so they may run
 * together. `sequential` keeps the same order but runs one step at a time (for comparison and
 * for tool backends that cannot take concurrent calls).
 */
export function planWaves(plan: Plan, mode: SpecialistMode = 'parallel'): readonly (readonly PlanStep[])[] {
  const waves = parallelWaves(plan);
  return mode === 'parallel' ? waves : waves.flatMap((w) => w.map((s) => [s]));
}

function parallelWaves(plan: Plan): readonly (readonly PlanStep[])[] {
  const done = new Set<number>();
  const waves: PlanStep[][] = [];
  let remaining = [...plan.steps];
  while (remaining.length > 0) {
    const ready = remaining.filter((s) => s.dependsOn.every((d) => done.has(d)));
    // normalizePlan guarantees progress; this guard keeps a hand-built plan from looping.
    const wave = ready.length > 0 ? ready : remaining;
    waves.push(wave);
    wave.forEach((s) => done.add(s.id));
    remaining = remaining.filter((s) => !done.has(s.id));
  }
  return waves;
}

export type ApprovalMode = boolean | 'simple';

/**
 * Whether the person must approve the plan before any tool runs. `true` never waits; `false`
 * always waits; `'simple'` keeps the original's rule: only plans the model marked complex or not
 * auto-executable wait.
 */
export function needsApproval(plan: Plan, autoApprove: ApprovalMode): boolean {
  // A plan with no steps calls no tool: there is nothing to approve.
  if (autoApprove === true || plan.steps.length === 0) return false;
  if (autoApprove === false) return true;
  return plan.complexity === 'complex' || !plan.autoExecute;
}

export function planAgents(plan: Plan): readonly AgentName[] {
  return plan.steps.map((s) => s.agent);
}

/** The `submit_plan` tool the supervisor's model is forced to call: structured output. */
export const PLAN_TOOL_NAME = 'submit_plan';
export const PLAN_TOOL_SCHEMA: Readonly<Record<string, unknown>> = {
  type: 'object',
  properties: {
    follow_up: { type: 'boolean', description: 'True, with no steps, when the question is answered from the session\'s earlier investigation.' },
    steps: {
      type: 'array',
      minItems: 0,
      maxItems: 8,
      items: {
        type: 'object',
        properties: {
          agent: { enum: [...AGENT_NAMES], description: 'The specialist that runs this step.' },
          goal: { type: 'string', description: 'What this specialist must find out, specifically.' },
          depends_on: { type: 'array', items: { type: 'integer', minimum: 1 }, description: '1-based numbers of earlier steps whose findings this step needs.' },
        },
        required: ['agent', 'goal'],
      },
    },
    complexity: { enum: ['simple', 'complex'] },
    auto_execute: { type: 'boolean', description: 'False when the plan changes production or spans many domains.' },
    reasoning: { type: 'string' },
  },
  required: ['steps', 'complexity', 'auto_execute', 'reasoning'],
};

/** A person's answer to a plan awaiting approval. */
export type PlanDecision =
  | { readonly action: 'approve' }
  | { readonly action: 'modify'; readonly plan: unknown }
  | { readonly action: 'reject' };

/** Whether a typed reply means "run the plan" (the original's "proceed"/"yes"). */
export function isApprovalReply(text: string): boolean {
  return /^\s*(proceed|yes|y|approve[ds]?|go|go ahead|ok|okay|lgtm|run it|continue|do it)\s*[.!]*\s*$/i.test(text);
}
