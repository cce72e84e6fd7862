import { Annotation } from '@langchain/langgraph';
import type { Finding } from '../../domain/finding.js';
import type { ActorId, InvestigationId, SessionId } from '../../domain/ids.js';
import { addUsage, NO_USAGE, type Usage } from '../../domain/usage.js';
import { EMPTY_MEMORY, type MemoryContext } from '../../domain/memory.js';
import type { ApprovalMode, Plan, PlanStep } from '../../domain/plan.js';
import type { SessionTurn } from '../../domain/session.js';

export type { SessionTurn } from '../../domain/session.js';

export type RunStatus = 'running' | 'completed' | 'rejected';

/**
 * Findings and usage accumulate across parallel specialists, but each new investigation in the
 * same session (one checkpoint thread) starts them afresh: `{ reset: true }` clears them.
 */
type Accumulating<T> = { readonly reset: true } | readonly T[];
const accumulate = <T>(prev: readonly T[], next: Accumulating<T>): readonly T[] =>
  'reset' in next ? [] : [...prev, ...next];

export const InvestigationState = Annotation.Root({
  investigationId: Annotation<InvestigationId>(),
  sessionId: Annotation<SessionId>(),
  actor: Annotation<ActorId>(),
  question: Annotation<string>(),
  autoApprove: Annotation<ApprovalMode>(),
  memory: Annotation<MemoryContext>({ reducer: (_prev, next) => next, default: () => EMPTY_MEMORY }),
  /** Earlier turns of this session: kept across investigations, capped in `prepare`. */
  turns: Annotation<readonly SessionTurn[]>({ reducer: (_prev, next) => next, default: () => [] }),
  plan: Annotation<Plan | null>({ reducer: (_prev, next) => next, default: () => null }),
  /** Index of the plan wave to run next. */
  wave: Annotation<number>({ reducer: (_prev, next) => next, default: () => 0 }),
  findings: Annotation<readonly Finding[], Accumulating<Finding>>({ reducer: accumulate, default: () => [] }),
  usage: Annotation<Usage, Partial<Usage> | { readonly reset: true }>({
    reducer: (prev, next) => ('reset' in next ? NO_USAGE : addUsage(prev, next)),
    default: () => NO_USAGE,
  }),
  message: Annotation<string>({ reducer: (_prev, next) => next, default: () => '' }),
  status: Annotation<RunStatus>({ reducer: (_prev, next) => next, default: () => 'running' }),
  /** Set only on the input a `Send` gives a specialist: the step it runs. Never written back. */
  step: Annotation<PlanStep | null>({ reducer: (_prev, next) => next, default: () => null }),
});

export type State = typeof InvestigationState.State;
export type StateUpdate = typeof InvestigationState.Update;
