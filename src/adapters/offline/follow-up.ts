import type { SessionTurn } from '../../domain/session.js';
import type { PlanArgs } from './planner.js';
import type { ReportArgs } from './summarizer.js';

// Questions about an investigation just made, rather than about a new symptom: what to do, whom to
// call, how to fix it, a recap. They are answered from the session's last turn, without tools.
const FOLLOW_UP: readonly RegExp[] = [
  /\bwhat (should|do|can|must) (i|we) do\b/i,
  /\bwhat (now|next)\b|\bnext steps?\b/i,
  /\b(do|fix|tackle|handle|try|check)\b.*\bfirst\b|\bfirst (step|thing|action)\b/i,
  /\bhow (do|can|should) (i|we) (fix|resolve|mitigate|recover|roll ?back|restore|stop) (it|this|that)\b/i,
  /\b(who|whom) (should|do) (i|we) (call|page|escalate|notify|contact|tell)\b|\bescalat/i,
  /\b(summar(y|ise|ize)|recap|remind me|tl;?dr)\b/i,
  /\bwhat (caused|was the (root )?cause of) (it|this|that)\b/i,
];

export function isFollowUp(question: string, history: readonly SessionTurn[] | undefined): boolean {
  return (history?.length ?? 0) > 0 && FOLLOW_UP.some((p) => p.test(question));
}

export function followUpPlan(history: readonly SessionTurn[]): PlanArgs & { readonly follow_up: true } {
  const last = history.at(-1)!;
  return {
    steps: [], follow_up: true, complexity: 'simple', auto_execute: true,
    reasoning: `A follow-up to "${last.question}": answered from that investigation's findings, without calling tools again.`,
  };
}

/** The earlier conclusion and its steps, as the report tool's arguments. */
export function followUpReport(history: readonly SessionTurn[]): ReportArgs {
  const last = history.at(-1)!;
  const severity = (['critical', 'high', 'medium', 'low'] as const).find((s) => s === last.severity) ?? 'medium';
  const steps = last.nextSteps ?? { now: [], today: [], thisWeek: [] };
  return {
    root_cause: last.answer,
    impact: `As found by investigation ${last.investigationId} ("${last.question}").`,
    severity,
    next_steps: { now: [...steps.now], today: [...steps.today], this_week: [...steps.thisWeek] },
    escalation: last.escalation ?? 'As in the earlier report.',
  };
}
