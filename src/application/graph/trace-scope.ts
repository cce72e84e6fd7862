import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import { type ModelIdentity, NO_TELEMETRY, type Telemetry, type TraceContext, UNKNOWN_MODEL } from '../ports/telemetry.js';

/**
 * The span a piece of graph work belongs under, and where to report it.
 *
 * It rides in `config.configurable`, the way LangGraph hands every node its run's values (see
 * `signalOf` and `emit`): the use-case puts the investigation span there when it starts the run,
 * and `tracedNode` replaces it with the node's span for the code the node calls. So `callModel`
 * and `runToolCalls` find their parent without a new parameter, and parallel specialists (each a
 * `Send` with its own config) cannot see each other's spans. Only this key is added; LangGraph
 * copies no custom `configurable` key into checkpoints, so nothing here is persisted.
 */
export interface TraceScope {
  readonly parent?: TraceContext;
  readonly telemetry: Telemetry;
  readonly model: ModelIdentity;
}

const KEY = 'sre_trace_scope';

/** The scope a node or its callees run in; telemetry off when the run carries none. */
export function traceScopeOf(config: LangGraphRunnableConfig): TraceScope {
  const scope = config.configurable?.[KEY] as Partial<TraceScope> | undefined;
  return {
    ...(scope?.parent ? { parent: scope.parent } : {}),
    telemetry: scope?.telemetry ?? NO_TELEMETRY,
    model: scope?.model ?? UNKNOWN_MODEL,
  };
}

/** A copy of `config` whose callees run in `scope`; `writer`, `signal` and LangGraph's own keys are kept. */
export function withTraceScope<C extends LangGraphRunnableConfig>(config: C, scope: Partial<TraceScope>): C {
  return { ...config, configurable: { ...config.configurable, [KEY]: scope } };
}

/** The run config's `configurable` entry that makes `parent` the graph's root span. */
export function traceRoot(parent: TraceContext): Record<string, unknown> {
  return { [KEY]: { parent } };
}
