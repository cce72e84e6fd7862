import { END, Send } from '@langchain/langgraph';
import { planWaves, type SpecialistMode } from '../../../domain/plan.js';
import type { State, StateUpdate } from '../state.js';

/** Sends the current wave's steps to their specialists (together, in parallel mode), or moves on to the report. */
export function routeWave(mode: SpecialistMode) {
  return (state: State): Send[] | 'aggregate' | typeof END => {
    if (state.status === 'rejected' || !state.plan) return END;
    const wave = planWaves(state.plan, mode)[state.wave];
    if (!wave || wave.length === 0) return 'aggregate';
    return wave.map((step) => new Send(step.agent, { ...state, step }));
  };
}

/** Runs once after all of a wave's specialists have finished (LangGraph joins parallel branches). */
export function joinNode(state: State): StateUpdate {
  return { wave: state.wave + 1 };
}
