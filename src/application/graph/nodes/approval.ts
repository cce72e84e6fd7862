import { interrupt } from '@langchain/langgraph';
import { normalizePlan } from '../../../domain/plan.js';
import { needsApproval } from '../../../domain/plan.js';
import type { State, StateUpdate } from '../state.js';

/** What a person answers to a plan awaiting approval (passed as `Command({resume})`). */
export type ApprovalDecision =
  | { readonly action: 'approve' }
  | { readonly action: 'modify'; readonly plan: unknown }
  | { readonly action: 'reject' };

export interface ApprovalRequest {
  readonly kind: 'plan_approval';
  readonly investigationId: string;
}

/**
 * Pauses before any tool runs when the plan needs approval. A separate node from planning, because
 * a resumed node runs again from its start: resuming here never re-plans.
 */
export function approvalNode() {
  return (state: State): StateUpdate => {
    if (!state.plan || !needsApproval(state.plan, state.autoApprove)) return {};
    const decision = interrupt<ApprovalRequest, ApprovalDecision>({ kind: 'plan_approval', investigationId: state.investigationId });
    if (decision.action === 'reject') return { status: 'rejected' };
    if (decision.action === 'modify') return { plan: normalizePlan(decision.plan, state.question) };
    return {};
  };
}
