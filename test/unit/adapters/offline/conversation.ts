import type { OfflineLlm } from '../../../../src/adapters/offline/offline-llm.js';
import type { LlmRequest, LlmResponse } from '../../../../src/application/ports/llm.js';
import { AGENT_TOOLS, type AgentName, toolOperation } from '../../../../src/domain/agents.js';
import { FINDING_TOOL_NAME, FINDING_TOOL_SCHEMA, type FindingDraft, parseFindingDraft } from '../../../../src/domain/finding.js';
import type { AgentMessage } from '../../../../src/domain/messages.js';
import { truncateUtf8 } from '../../../../src/domain/text.js';
import type { ToolResult, ToolSpec } from '../../../../src/domain/tools.js';
import { aRequest, spec } from './fixtures.js';

const PREFIX: Record<AgentName, string> = { kubernetes: 'k8s-api', logs: 'logs-api', metrics: 'metrics-api', runbooks: 'runbooks-api' };

/** A specialist's tools as a Gateway names them, plus the shared clock and submit_finding. */
export const toolsOf = (agent: AgentName): ToolSpec[] => [
  ...AGENT_TOOLS[agent].map((op) => spec(`${PREFIX[agent]}___${op}`)), spec('get_current_time'),
  { name: FINDING_TOOL_NAME, description: 'submit', inputSchema: FINDING_TOOL_SCHEMA },
];

/** What a tool answers: a value (sent as JSON), or a function of the call's arguments. */
export type Answer = unknown | ((args: Readonly<Record<string, unknown>>) => unknown);
export type Answers = Readonly<Record<string, Answer>>;

/** Thrown by an answer function to make the tool fail with that reason. */
export class ToolFailure extends Error {}

function resultOf(answers: Answers, call: { id: string; name: string; args: Readonly<Record<string, unknown>> }, budget: number): ToolResult {
  const answer = answers[toolOperation(call.name)];
  if (answer === undefined) return { callId: call.id, name: call.name, ok: false, content: 'HTTP 500: backend unavailable' };
  try {
    const value = typeof answer === 'function' ? (answer as (a: Readonly<Record<string, unknown>>) => unknown)(call.args) : answer;
    return { callId: call.id, name: call.name, ok: true, content: truncateUtf8(typeof value === 'string' ? value : JSON.stringify(value), budget) };
  } catch (e) {
    if (e instanceof ToolFailure) return { callId: call.id, name: call.name, ok: false, content: e.message };
    throw e;
  }
}

/**
 * Drives one specialist as the graph does: call the model, run the tools it asks for, feed the
 * results back (cut to a byte budget), and force submit_finding on the last turn.
 */
export async function converse(llm: OfflineLlm, agent: AgentName, answers: Answers, base: Partial<LlmRequest> = {}, budget = 16_000) {
  const messages: AgentMessage[] = [{ role: 'user', content: `Step for ${agent}` }];
  const turns: LlmResponse[] = [];
  for (let turn = 1; turn <= 5; turn++) {
    const request = aRequest({ agent, tools: toolsOf(agent), messages: [...messages], toolChoice: turn === 5 ? { name: FINDING_TOOL_NAME } : 'auto', ...base });
    const response = await llm.complete(request, new AbortController().signal);
    turns.push(response);
    const submit = response.toolCalls.find((c) => c.name === FINDING_TOOL_NAME);
    if (submit) {
      const finding: FindingDraft | undefined = parseFindingDraft(submit.args);
      if (!finding) throw new Error('submit_finding arguments do not parse');
      return { turns, finding, messages };
    }
    messages.push({ role: 'assistant', toolCalls: response.toolCalls }, { role: 'tool', results: response.toolCalls.map((c) => resultOf(answers, c, budget)) });
  }
  throw new Error('no finding after 5 turns');
}
