import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import { agentMayUse, type AgentName } from '../../domain/agents.js';
import { byteLength, preview } from '../../domain/text.js';
import type { ToolCall, ToolResult } from '../../domain/tools.js';
import { OperationCancelled } from '../ports/errors.js';
import { emit } from './emit.js';
import { runBudgetOf } from './run-budget.js';
import type { GraphDeps } from './graph-deps.js';
import { traceScopeOf } from './trace-scope.js';

/**
 * Runs one turn's tool calls in parallel. A tool outside the agent's set (only the catalog's
 * read-only tools are ever in it), a call over the specialist's or the investigation's budget, a
 * call identical to one already made by this specialist, a failing tool or an unreachable gateway
 * each become an error result the model can read; only cancellation escapes. `made` holds the
 * specialist's earlier calls and gains this turn's.
 */
export async function runToolCalls(deps: GraphDeps, agent: AgentName, calls: readonly ToolCall[], budget: number, signal: AbortSignal, config: LangGraphRunnableConfig, made: Set<string> = new Set()): Promise<ToolResult[]> {
  const { telemetry, parent } = traceScopeOf(config);
  const run = runBudgetOf(config);
  return Promise.all(calls.map(async (call, index): Promise<ToolResult> => {
    const fail = (content: string): ToolResult => ({ callId: call.id, name: call.name, ok: false, content });
    if (index >= budget) return fail('Tool-call budget exhausted: give your finding now.');
    if (!agentMayUse(agent, call.name)) return fail(`Tool ${call.name} is not available to the ${agent} specialist.`);
    const key = `${call.name}\u0000${JSON.stringify(call.args)}`;
    if (made.has(key)) return fail('Duplicate call: this exact call was already made; use its earlier result.');
    made.add(key);
    if (!run.takeToolCall()) return fail('The investigation\'s tool-call budget is exhausted: give your finding now.');

    emit(config, { type: 'tool_call', agent, call_id: call.id, tool: call.name, args: call.args });
    // A span per call that reaches the gateway; its arguments and output stay out of it.
    const span = telemetry.startSpan(`execute_tool ${call.name}`, { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': call.name, 'gen_ai.tool.call.id': call.id, 'sre.agent': agent }, parent);
    const failed = (code: string): void => {
      span.recordError(code);
      telemetry.recordError(code, 'tool_call');
    };
    let result: ToolResult;
    try {
      const outcome = await deps.tools.call(call.name, call.args, signal);
      result = outcome.kind === 'ok'
        ? { callId: call.id, name: call.name, ok: true, content: outcome.text }
        : fail(outcome.message || 'The tool failed without a reason.');
      if (outcome.kind !== 'ok') failed('tool_error');
    } catch (error) {
      if (signal.aborted) {
        span.setAttributes({ 'sre.cancelled': true });
        span.end();
        throw new OperationCancelled('Tool call cancelled', { cause: error });
      }
      failed('tool_gateway_unavailable');
      result = fail(`The tool gateway is unavailable: ${error instanceof Error ? preview(error.message, 200) : 'unknown error'}`);
    }
    span.setAttributes({ 'sre.tool.ok': result.ok, 'sre.tool.output_bytes': byteLength(result.content) });
    span.end();
    emit(config, { type: 'tool_result', agent, call_id: call.id, tool: call.name, ok: result.ok, bytes: byteLength(result.content), summary: preview(result.content, 200) });
    return result;
  }));
}
