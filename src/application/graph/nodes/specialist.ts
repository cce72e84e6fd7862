import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import type { AgentName } from '../../../domain/agents.js';
import { addUsage, NO_USAGE } from '../../../domain/usage.js';
import { emit, signalOf } from '../emit.js';
import type { GraphDeps } from '../graph-deps.js';
import { runSpecialist } from '../specialist-loop.js';
import type { State, StateUpdate } from '../state.js';

/**
 * A specialist node. It receives, through `Send`, the state with `step` set to the plan step it
 * runs; earlier waves' findings are in `findings` and are shown to it as summaries.
 */
export function specialistNode(deps: GraphDeps, agent: AgentName) {
  return async (state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> => {
    const step = state.step;
    if (!step) throw new Error(`The ${agent} node ran without a plan step`);
    emit(config, { type: 'agent_started', agent, step: step.id, goal: step.goal });
    const { finding, usage } = await runSpecialist(deps, { agent, step, question: state.question, earlier: state.findings, memory: state.memory }, signalOf(config), config);
    emit(config, { type: 'agent_finished', agent, step: step.id, status: finding.status, summary: finding.summary, tool_calls: finding.toolCalls });
    return { findings: [{ ...finding, usage: addUsage(NO_USAGE, usage) }], usage };
  };
}
