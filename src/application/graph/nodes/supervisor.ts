import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import { toPlanView } from '../../../domain/events.js';
import { defaultPlan, needsApproval, normalizePlan, PLAN_TOOL_NAME, PLAN_TOOL_SCHEMA, type Plan } from '../../../domain/plan.js';
import { callModel, isFatal } from '../call-model.js';
import { emit, signalOf } from '../emit.js';
import type { GraphDeps } from '../graph-deps.js';
import { PLAN_SYSTEM, planPrompt } from '../prompts.js';
import type { State, StateUpdate } from '../state.js';

/**
 * Asks the model for a plan through the forced `submit_plan` tool and normalises it. A model that
 * answers without a usable plan gets the documented default plan; a model that cannot be reached
 * fails the investigation (nothing useful can follow without it).
 */
export function supervisorNode(deps: GraphDeps) {
  return async (state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> => {
    const signal = signalOf(config);
    let plan: Plan;
    let usage = { inputTokens: 0, outputTokens: 0, llmCalls: 0 };
    try {
      const response = await callModel(deps.llm, {
        purpose: 'plan',
        system: PLAN_SYSTEM,
        messages: [{ role: 'user', content: planPrompt(state.question, state.memory, state.turns) }],
        tools: [{ name: PLAN_TOOL_NAME, description: 'Submit the investigation plan.', inputSchema: PLAN_TOOL_SCHEMA }],
        toolChoice: { name: PLAN_TOOL_NAME },
        maxTokens: deps.limits.maxTokens,
        context: { question: state.question, memory: state.memory, history: state.turns },
      }, signal, config);
      usage = { ...response.usage, llmCalls: 1 };
      const call = response.toolCalls.find((c) => c.name === PLAN_TOOL_NAME);
      plan = call ? normalizePlan(call.args, state.question) : defaultPlan(state.question, 'The model answered without a plan.');
      // A follow-up needs an earlier investigation to follow.
      if (plan.followUp && state.turns.length === 0) plan = defaultPlan(state.question, 'There is no earlier investigation in this session to answer from.');
    } catch (error) {
      if (isFatal(error, signal) || (error instanceof Error && ['LlmUnavailable', 'LlmRejected'].includes(error.name))) throw error;
      plan = defaultPlan(state.question, 'Planning failed.');
    }
    emit(config, { type: 'plan', plan: toPlanView(plan), awaiting_approval: needsApproval(plan, state.autoApprove) });
    return { plan, wave: 0, usage };
  };
}
