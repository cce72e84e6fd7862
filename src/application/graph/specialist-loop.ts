import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import { agentMayUse, type AgentName, toolOperation } from '../../domain/agents.js';
import { type Evidence, type Finding, FINDING_TOOL_NAME, FINDING_TOOL_SCHEMA, parseFindingDraft } from '../../domain/finding.js';
import type { Usage } from '../../domain/usage.js';
import type { MemoryContext } from '../../domain/memory.js';
import type { AgentMessage } from '../../domain/messages.js';
import type { PlanStep } from '../../domain/plan.js';
import { preview, truncateUtf8 } from '../../domain/text.js';
import type { ToolCall, ToolResult, ToolSpec } from '../../domain/tools.js';
import { type Deadline, deadline } from '../deadline.js';
import { OperationCancelled } from '../ports/errors.js';
import { callModel } from './call-model.js';
import type { GraphDeps } from './graph-deps.js';
import { investigateSystem, stepPrompt } from './prompts.js';
import { runBudgetOf } from './run-budget.js';
import { runToolCalls } from './run-tool-calls.js';

export interface SpecialistInput {
  readonly agent: AgentName;
  readonly step: PlanStep;
  readonly question: string;
  readonly earlier: readonly Finding[];
  readonly memory: MemoryContext;
}

export interface SpecialistOutcome {
  readonly finding: Finding;
  readonly usage: Partial<Usage>;
}

/**
 * A bounded tool loop: at most `maxTurns` model turns (the last forced to give the finding), at
 * most `maxToolCalls` tool calls, its own tools only, and a deadline after which what was seen so
 * far becomes a partial finding. Cancellation of the investigation propagates; everything else
 * degrades into a finding that says what could not be checked.
 */
export async function runSpecialist(deps: GraphDeps, input: SpecialistInput, signal: AbortSignal, config: LangGraphRunnableConfig): Promise<SpecialistOutcome> {
  const { agent } = input;
  const limit = deadline(signal, deps.limits.agentDeadlineMs, `the ${agent} specialist`);
  try {
    return await loop(deps, input, signal, limit, config);
  } finally {
    limit.dispose();
  }
}

async function loop(deps: GraphDeps, input: SpecialistInput, signal: AbortSignal, limit: Deadline, config: LangGraphRunnableConfig): Promise<SpecialistOutcome> {
  const { agent, step } = input;
  const agentSignal = limit.signal;
  const usage = { inputTokens: 0, outputTokens: 0, llmCalls: 0, toolCalls: 0, costUsd: 0 };
  const seen: Evidence[] = [];
  const unchecked: string[] = [];
  const base = { agent, stepId: step.id, goal: step.goal } as const;
  const partial = (status: Finding['status'], summary: string): SpecialistOutcome => ({
    finding: { ...base, status, summary, evidence: seen.slice(0, 8), causes: [], unchecked, facts: [], toolCalls: usage.toolCalls },
    usage,
  });

  let tools: readonly ToolSpec[];
  try {
    tools = (await deps.tools.list(agentSignal)).filter((t) => agentMayUse(agent, t.name));
  } catch (error) {
    if (signal.aborted) throw new OperationCancelled('Investigation cancelled', { cause: error });
    unchecked.push(`The tool gateway could not be reached: ${(error as Error).message}`);
    return partial('failed', 'No tools could be listed, so nothing was checked.');
  }
  if (tools.length === 0) {
    unchecked.push(`The gateway offers none of the ${agent} tools.`);
    return partial('failed', `No ${agent} tools are available, so this domain was not checked.`);
  }

  const specs: ToolSpec[] = [...tools, { name: FINDING_TOOL_NAME, description: 'Submit your finding; ends your investigation.', inputSchema: FINDING_TOOL_SCHEMA }];
  const messages: AgentMessage[] = [{ role: 'user', content: stepPrompt(input.question, step, input.earlier, input.memory) }];
  const called = new Set<string>();
  const made = new Set<string>();
  const run = runBudgetOf(config);
  try {
    for (let turn = 1; turn <= deps.limits.maxTurns; turn += 1) {
      if (!run.takeModelTurn()) {
        unchecked.push('The investigation\'s model-turn budget was reached.');
        return partial('completed', `Stopped at the investigation's model-turn budget after ${usage.toolCalls} tool calls; partial evidence below.`);
      }
      const last = turn === deps.limits.maxTurns || usage.toolCalls >= deps.limits.maxToolCalls || run.toolCallsLeft <= 0;
      const response = await callModel(deps.llm, {
        purpose: 'investigate', agent, system: investigateSystem(agent), messages, tools: specs,
        toolChoice: last ? { name: FINDING_TOOL_NAME } : 'auto', maxTokens: deps.limits.maxTokens,
        context: { question: input.question, step, findings: input.earlier, ...(input.memory ? { memory: input.memory } : {}) },
      }, agentSignal, config);
      usage.inputTokens += response.usage.inputTokens;
      usage.outputTokens += response.usage.outputTokens;
      usage.llmCalls += 1;
      usage.costUsd += response.usage.costUsd ?? 0;

      const submitted = response.toolCalls.find((c) => c.name === FINDING_TOOL_NAME);
      if (submitted) return { finding: finalize(base, submitted, called, seen, unchecked, usage.toolCalls, response.text), usage };
      if (response.toolCalls.length === 0) {
        return { finding: { ...base, status: 'completed', summary: response.text?.trim() || 'No finding was given.', evidence: seen.slice(0, 8), causes: [], unchecked, facts: [], toolCalls: usage.toolCalls }, usage };
      }
      const budget = deps.limits.maxToolCalls - usage.toolCalls;
      const results = await runToolCalls(deps, agent, response.toolCalls, budget, agentSignal, config, made);
      usage.toolCalls += Math.min(response.toolCalls.length, Math.max(0, budget));
      for (const r of results) recordResult(r, called, seen, unchecked);
      messages.push({ role: 'assistant', ...(response.text ? { text: response.text } : {}), toolCalls: response.toolCalls }, { role: 'tool', results: results.map((r) => ({ ...r, content: truncateUtf8(r.content, deps.limits.toolOutputBytes) })) });
    }
    return partial('completed', 'The turn limit was reached before a finding was given.');
  } catch (error) {
    if (signal.aborted) throw new OperationCancelled('Investigation cancelled', { cause: error });
    if (limit.expired) {
      unchecked.push(`Stopped at the ${Math.round(deps.limits.agentDeadlineMs / 1000)} s deadline.`);
      return partial('timed_out', `Timed out after ${usage.toolCalls} tool calls; partial evidence below.`);
    }
    const name = error instanceof Error ? error.name : 'Error';
    unchecked.push(`The model failed (${name}): ${error instanceof Error ? preview(error.message, 200) : 'unknown error'}`);
    return partial('failed', `The specialist could not finish: ${name}.`);
  }
}

function recordResult(r: ToolResult, called: Set<string>, seen: Evidence[], unchecked: string[]): void {
  const tool = toolOperation(r.name);
  if (r.ok) {
    called.add(tool);
    seen.push({ tool, excerpt: preview(r.content, 300) });
  } else {
    unchecked.push(`${tool} failed: ${preview(r.content, 200)}`);
  }
}

/** Keeps only evidence from tools this specialist actually called successfully: no invented sources. */
function finalize(base: Pick<Finding, 'agent' | 'stepId' | 'goal'>, call: ToolCall, called: Set<string>, seen: Evidence[], unchecked: string[], toolCalls: number, text?: string): Finding {
  const draft = parseFindingDraft(call.args);
  const real = (e: Evidence): boolean => called.has(toolOperation(e.tool));
  if (!draft) {
    return { ...base, status: 'completed', summary: text?.trim() || 'The finding could not be read.', evidence: seen.slice(0, 8), causes: [], unchecked, facts: [], toolCalls };
  }
  return {
    ...base,
    status: 'completed',
    summary: draft.summary,
    evidence: draft.evidence.filter(real).map((e) => ({ ...e, tool: toolOperation(e.tool) })),
    causes: draft.causes.map((c) => ({ ...c, evidence: c.evidence.filter(real).map((e) => ({ ...e, tool: toolOperation(e.tool) })) })),
    unchecked: [...new Set([...unchecked, ...draft.unchecked])],
    facts: draft.facts,
    toolCalls,
  };
}

