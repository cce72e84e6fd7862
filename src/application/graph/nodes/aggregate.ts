import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import { type MemoryRecord, reportStyleFrom } from '../../../domain/memory.js';
import { assembleFollowUp, assembleReport } from '../../../domain/report.js';
import { fallbackSummary, parseReportSummary, summaryFromTurn, REPORT_TOOL_NAME, REPORT_TOOL_SCHEMA, type ReportSummary } from '../../../domain/report-summary.js';
import { isCancellation } from '../../ports/errors.js';
import { callModel, isFatal } from '../call-model.js';
import { emit, signalOf } from '../emit.js';
import type { GraphDeps } from '../graph-deps.js';
import { SUMMARIZE_SYSTEM, summarizePrompt } from '../prompts.js';
import type { State, StateUpdate } from '../state.js';

/**
 * Writes the report: the model judges (root cause, impact, severity, next steps) through the
 * forced `submit_report` tool; the evidence, runbook steps and gaps come from the findings
 * verbatim. A model that fails here gets a deterministic summary, so findings are never lost.
 * Then the investigation and the infrastructure facts go to memory.
 */
export function aggregateNode(deps: GraphDeps) {
  return async (state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> => {
    const signal = signalOf(config);
    const plan = state.plan;
    if (!plan) throw new Error('aggregate ran without a plan');
    let summary: ReportSummary | undefined;
    let usage = {};
    try {
      const response = await callModel(deps.llm, {
        purpose: 'summarize', system: SUMMARIZE_SYSTEM,
        messages: [{ role: 'user', content: summarizePrompt(state.question, state.findings, state.memory) }],
        tools: [{ name: REPORT_TOOL_NAME, description: 'Submit the report.', inputSchema: REPORT_TOOL_SCHEMA }],
        toolChoice: { name: REPORT_TOOL_NAME }, maxTokens: deps.limits.maxTokens,
        context: { question: state.question, findings: state.findings, memory: state.memory, history: state.turns },
      }, signal, config);
      usage = { ...response.usage, llmCalls: 1 };
      summary = parseReportSummary(response.toolCalls.find((c) => c.name === REPORT_TOOL_NAME)?.args);
    } catch (error) {
      if (isFatal(error, signal)) throw error;
    }
    const now = deps.clock.now();
    const earlier = plan.followUp ? state.turns.at(-1) : undefined;
    const finalSummary = summary ?? (earlier ? summaryFromTurn(earlier) : fallbackSummary(state.findings));
    const style = reportStyleFrom(state.memory.preferences);
    const memoryUnavailable = state.memory.unavailable === true;
    const message = earlier
      ? assembleFollowUp({ question: state.question, earlier, summary: finalSummary, style, memoryUnavailable })
      : assembleReport({
        question: state.question, plan, findings: state.findings, summary: finalSummary, style, generatedAt: now,
        related: state.memory.pastInvestigations, memoryUnavailable,
      });
    emit(config, { type: 'report', message });

    const records: MemoryRecord[] = [
      { kind: 'investigation', summary: {
        investigationId: state.investigationId, question: state.question, rootCause: finalSummary.rootCause, severity: finalSummary.severity,
        evidence: state.findings.flatMap((f) => f.evidence.map((e) => `${e.tool}: ${e.excerpt}`)).slice(0, 10),
        actions: [...finalSummary.nextSteps.now, ...finalSummary.nextSteps.today].slice(0, 10), status: 'completed', at: now.toISOString(),
      } },
      ...state.findings.flatMap((f) => f.facts.map((fact): MemoryRecord => ({ kind: 'infrastructure', fact }))),
    ];
    try {
      // A follow-up established nothing new: the earlier investigation is already remembered.
      if (!earlier) await deps.memory.remember(state.actor, state.sessionId, records, signal);
    } catch (error) {
      if (isCancellation(error, signal)) throw error;
    }
    const turn = {
      investigationId: state.investigationId, question: state.question, answer: finalSummary.rootCause, severity: finalSummary.severity,
      nextSteps: finalSummary.nextSteps, escalation: finalSummary.escalation, at: now.toISOString(),
    };
    return { message, status: 'completed', usage, turns: [...state.turns, turn] };
  };
}
