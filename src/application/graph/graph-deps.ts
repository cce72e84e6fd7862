import type { SpecialistMode } from '../../domain/plan.js';
import type { AgentMemory } from '../ports/agent-memory.js';
import type { Clock } from '../ports/clock.js';
import type { Llm } from '../ports/llm.js';
import type { ModelIdentity, Telemetry } from '../ports/telemetry.js';
import type { ToolGateway } from '../ports/tool-gateway.js';

export interface GraphLimits {
  /** Model turns a specialist may take, the last of which must give its finding. */
  readonly maxTurns: number;
  /** Wall time a specialist may take before its partial finding is used. */
  readonly agentDeadlineMs: number;
  /** Tool output is cut to this many UTF-8 bytes before the model sees it. */
  readonly toolOutputBytes: number;
  /** Tool calls a specialist may make in total (a model asking for more gets an error result). */
  readonly maxToolCalls: number;
  readonly maxTokens: number;
  /** Earlier turns of the session shown to the planner. */
  readonly sessionTurns: number;
  /** Whether a wave's specialists run together or one after another (`SPECIALISTS`). */
  readonly specialists: SpecialistMode;
}

export const DEFAULT_LIMITS: GraphLimits = {
  maxTurns: 6,
  agentDeadlineMs: 120_000,
  toolOutputBytes: 16_384,
  maxToolCalls: 20,
  maxTokens: 4096,
  sessionTurns: 5,
  specialists: 'parallel',
};

export interface GraphDeps {
  readonly llm: Llm;
  readonly tools: ToolGateway;
  readonly memory: AgentMemory;
  readonly clock: Clock;
  readonly limits: GraphLimits;
  /** Spans for nodes, model and tool calls, and token metrics; off when absent. */
  readonly telemetry?: Telemetry;
  /** Names the model in the `gen_ai.*` attributes; `unknown` when absent. */
  readonly model?: ModelIdentity;
}
