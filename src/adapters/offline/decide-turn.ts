import { AGENT_DISPLAY_NAMES, AGENT_NAMES, AGENT_TOOLS, type AgentName, toolOperation } from '../../domain/agents.js';
import { FINDING_TOOL_NAME } from '../../domain/finding.js';
import { PLAN_TOOL_NAME } from '../../domain/plan.js';
import { REPORT_TOOL_NAME } from '../../domain/report-summary.js';
import type { ToolCall, ToolSpec } from '../../domain/tools.js';
import type { LlmRequest } from '../../application/ports/llm.js';
import { clip } from './json-reading.js';
import { analyseKubernetes } from './kubernetes-analyst.js';
import { analyseLogs } from './logs-analyst.js';
import { analyseMetrics } from './metrics-analyst.js';
import { type Analyst, type AnalystContext, observationsOf, turnsTaken } from './observations.js';
import { followUpPlan, followUpReport, isFollowUp } from './follow-up.js';
import { planInvestigation } from './planner.js';
import { classifySymptoms } from './question.js';
import { analyseRunbooks } from './runbooks-analyst.js';
import { summarize } from './summarizer.js';
import { firstCalls, followUpCalls, type PlannedCall } from './tool-planner.js';

/** One model turn: what the analyst says and which tools it calls. */
export interface Turn {
  readonly text: string;
  readonly toolCalls: readonly ToolCall[];
}

const ANALYSTS: Readonly<Record<AgentName, Analyst>> = {
  kubernetes: analyseKubernetes, logs: analyseLogs, metrics: analyseMetrics, runbooks: analyseRunbooks,
};

const human = (op: string): string => op.replace(/^(get|analyze|search|count)_/, '').replace(/_/g, ' ');

function contextOf(request: LlmRequest): AnalystContext {
  return { question: request.context.question, ...(request.context.step ? { step: request.context.step } : {}), findings: request.context.findings ?? [] };
}

/** The specialist a request is for: named, or the one whose tools it was given. */
function agentOf(request: LlmRequest): AgentName | undefined {
  if (request.agent) return request.agent;
  const ops = (request.tools ?? []).map((t) => toolOperation(t.name));
  return AGENT_NAMES.find((a) => AGENT_TOOLS[a].some((op) => ops.includes(op)));
}

function plan(request: LlmRequest, id: string): Turn {
  const history = request.context.history ?? [];
  if (isFollowUp(request.context.question, history)) {
    const args = followUpPlan(history);
    return { text: 'A follow-up: answering from the investigation just made.', toolCalls: [{ id, name: PLAN_TOOL_NAME, args: { ...args } }] };
  }
  const args = planInvestigation(request.context.question, request.context.memory);
  const symptoms = classifySymptoms(request.context.question);
  return {
    text: `Reading the question as ${symptoms.length > 0 ? symptoms.join(', ') : 'a general health check'}; planning ${args.steps.map((s) => s.agent).join(', ')}.`,
    toolCalls: [{ id, name: PLAN_TOOL_NAME, args: { ...args } }],
  };
}

function report(request: LlmRequest, id: string): Turn {
  const findings = request.context.findings ?? [];
  const history = request.context.history ?? [];
  const args = findings.length === 0 && history.length > 0 ? followUpReport(history) : summarize(findings, request.context.memory);
  return { text: `Root cause: ${clip(args.root_cause, 240)} Severity: ${args.severity}.`, toolCalls: [{ id, name: REPORT_TOOL_NAME, args: { ...args } }] };
}

function finding(request: LlmRequest, agent: AgentName, id: string): Turn {
  const observations = observationsOf(request.messages);
  const offered = new Set((request.tools ?? []).map((t) => toolOperation(t.name)));
  const missing = AGENT_TOOLS[agent].filter((op) => !offered.has(op) && !observations.some((o) => o.op === op)).map((op) => `${op} is not available from the tool gateway`);
  if (observations.length === 0) missing.push(`no ${agent} tool was called before the finding was due`);
  const args = ANALYSTS[agent](observations, contextOf(request));
  const top = args.causes[0];
  return {
    text: `${AGENT_DISPLAY_NAMES[agent]}: ${top ? `most likely cause: ${clip(top.description, 200)}` : clip(args.summary, 200)}`,
    toolCalls: [{ id, name: FINDING_TOOL_NAME, args: { ...args, unchecked: [...args.unchecked, ...missing] } }],
  };
}

/** The specialist's tool loop: every useful tool first, one follow-up, then the finding. */
function investigate(request: LlmRequest, agent: AgentName, tools: readonly ToolSpec[]): Turn {
  const turn = turnsTaken(request.messages) + 1;
  const ctx = contextOf(request);
  const observations = observationsOf(request.messages);
  const made = new Set(observations.map((o) => `${o.op}|${JSON.stringify(o.args)}`));
  const resolve = (planned: readonly PlannedCall[]): ToolCall[] =>
    planned.flatMap((p) => {
      const tool = tools.find((t) => toolOperation(t.name) === p.op && t.name !== FINDING_TOOL_NAME);
      const key = `${p.op}|${JSON.stringify(p.args)}`;
      if (!tool || made.has(key)) return [];
      made.add(key);
      return [{ id: '', name: tool.name, args: p.args }];
    }).map((c, i) => ({ ...c, id: `offline-${agent}-${turn}-${i + 1}` }));
  const calls = turn === 1 ? resolve(firstCalls(agent, ctx)) : turn === 2 ? resolve(followUpCalls(agent, ctx, observations)) : [];
  if (calls.length > 0) {
    const ops = [...new Set(calls.map((c) => human(toolOperation(c.name))))];
    return { text: `${AGENT_DISPLAY_NAMES[agent]}: checking ${ops.join(', ')}…`, toolCalls: calls };
  }
  if (tools.some((t) => t.name === FINDING_TOOL_NAME)) return finding(request, agent, `offline-${agent}-${turn}-finding`);
  const args = ANALYSTS[agent](observations, ctx);
  return { text: args.summary, toolCalls: [] };
}

function plainAnswer(request: LlmRequest): Turn {
  const findings = request.context.findings ?? [];
  if (findings.length > 0) return { text: summarize(findings, request.context.memory).root_cause, toolCalls: [] };
  return { text: `Offline analyst: nothing to call for this request. Question: "${clip(request.context.question, 200)}".`, toolCalls: [] };
}

/**
 * Decides one turn from the request's purpose, agent, tools and structured context. A forced tool
 * is always the one called; a request it has no rule for gets a plain text answer.
 */
export function decideTurn(request: LlmRequest): Turn {
  const tools = request.tools ?? [];
  const has = (name: string): boolean => tools.some((t) => t.name === name);
  const forced = typeof request.toolChoice === 'object' && has(request.toolChoice.name) ? request.toolChoice.name : undefined;
  const agent = agentOf(request);
  const id = `offline-${request.purpose}-${turnsTaken(request.messages) + 1}`;
  if (forced === PLAN_TOOL_NAME) return plan(request, id);
  if (forced === REPORT_TOOL_NAME) return report(request, id);
  if (forced === FINDING_TOOL_NAME) return finding(request, agent ?? 'kubernetes', id);
  if (forced) {
    const planned = agent ? firstCalls(agent, contextOf(request)).find((p) => p.op === toolOperation(forced)) : undefined;
    return { text: `Calling ${forced}.`, toolCalls: [{ id, name: forced, args: planned?.args ?? {} }] };
  }
  if (tools.length === 0) return plainAnswer(request);
  if (request.purpose === 'plan' && has(PLAN_TOOL_NAME)) return plan(request, id);
  if (request.purpose === 'summarize' && has(REPORT_TOOL_NAME)) return report(request, id);
  if (request.purpose === 'investigate' && agent) return investigate(request, agent, tools);
  return plainAnswer(request);
}
