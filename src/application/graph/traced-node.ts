import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import { isAgentName } from '../../domain/agents.js';
import { isCancellation } from '../ports/errors.js';
import { NO_TELEMETRY, UNKNOWN_MODEL } from '../ports/telemetry.js';
import { errorCode } from './error-code.js';
import type { GraphDeps } from './graph-deps.js';
import { traceScopeOf, withTraceScope } from './trace-scope.js';
import { cpuTurn } from '../cpu-turn.js';

type Node<S, U> = (state: S, config: LangGraphRunnableConfig) => U | Promise<U>;

/**
 * Runs a node inside its own span, a child of the investigation's, and makes that span the parent
 * of the model and tool calls the node makes. One wrapper at graph assembly instead of tracing
 * code in every node. An approval interrupt is how the graph pauses, not a failure.
 */
export function tracedNode<S, U>(deps: GraphDeps, name: string, node: Node<S, U>): (state: S, config: LangGraphRunnableConfig) => Promise<U> {
  const telemetry = deps.telemetry ?? NO_TELEMETRY;
  const model = deps.model ?? UNKNOWN_MODEL;
  const agent = isAgentName(name) ? name : undefined;
  return async (state, config) => {
    await cpuTurn();
    const span = telemetry.startSpan(`node ${name}`, {
      'sre.node': name,
      ...(agent ? { 'sre.agent': agent, 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': agent } : {}),
    }, traceScopeOf(config).parent);
    try {
      return await node(state, withTraceScope(config, { parent: span.context, telemetry, model }));
    } catch (error) {
      if (error instanceof Error && error.name === 'GraphInterrupt') span.setAttributes({ 'sre.interrupted': true });
      else if (isCancellation(error, config.signal)) span.setAttributes({ 'sre.cancelled': true });
      else span.recordError(errorCode(error));
      throw error;
    } finally {
      span.end();
    }
  };
}
