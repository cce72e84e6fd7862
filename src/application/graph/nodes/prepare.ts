import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import { EMPTY_MEMORY } from '../../../domain/memory.js';
import { isCancellation } from '../../ports/errors.js';
import { signalOf } from '../emit.js';
import type { GraphDeps } from '../graph-deps.js';
import type { State, StateUpdate } from '../state.js';

/**
 * Starts an investigation on the session's thread: per-investigation fields are reset (the
 * thread keeps earlier turns) and memory is recalled. Memory being down degrades, never fails.
 */
export function prepareNode(deps: GraphDeps) {
  return async (state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> => {
    const signal = signalOf(config);
    let memory = EMPTY_MEMORY;
    try {
      memory = await deps.memory.recall(state.actor, state.sessionId, state.question, signal);
    } catch (error) {
      if (isCancellation(error, signal)) throw error;
      // The investigation goes on without memory, and its report says so.
      memory = { ...EMPTY_MEMORY, unavailable: true };
    }
    return {
      memory,
      plan: null,
      wave: 0,
      findings: { reset: true },
      usage: { reset: true },
      message: '',
      status: 'running',
      step: null,
      turns: state.turns.slice(-deps.limits.sessionTurns),
    };
  };
}
