import { interrupt, type LangGraphRunnableConfig } from '@langchain/langgraph';
import { toPlanView } from '../../../domain/events.js';
import { emit } from '../emit.js';
import { needsApproval, normalizePlan, type PlanDecision } from '../../../domain/plan.js';
import type { State, StateUpdate } from '../state.js';

export interface ApprovalRequest {
  readonly kind: 'plan_approval';
  readonly investigationId: string;
}

/**
 * Pauses before any tool runs when the plan needs approval. A separate node from planning, because
 * a resumed node runs again from its start: resuming here never re-plans.
 */
export function approvalNode() {
  return (state: State, config: LangGraphRunnableConfig): StateUpdate => {
    if (!state.plan || !needsApproval(state.plan, state.autoApprove)) return {};
    const decision = interrupt<ApprovalRequest, PlanDecision>({ kind: 'plan_approval', investigationId: state.investigationId });
    if (decision.action === 'reject') return { status: 'rejected' };
    if (decision.action === 'modify') {
      // The edited plan was approved as sent: it runs now, validated like a model's plan.
      const plan = { ...normalizePlan(decision.plan, state.question), autoExecute: true };
      emit(config, { type: 'plan', plan: toPlanView(plan), awaiting_approval: false });
      return { plan };
    }
    return {};
  };
}
