import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OfflineLlm } from '../../../../src/adapters/offline/offline-llm.js';
import type { Finding } from '../../../../src/domain/finding.js';
import { normalizePlan, PLAN_TOOL_NAME, planWaves } from '../../../../src/domain/plan.js';
import { parseReportSummary, REPORT_TOOL_NAME } from '../../../../src/domain/report-summary.js';
import { converse } from './conversation.js';
import { aRequest, spec } from './fixtures.js';
import { scenarioAnswers } from './scenario-tools.js';

const dir = fileURLToPath(new URL('../../../../scenarios/database-configmap-crashloop/', import.meta.url));
const ready = existsSync(`${dir}k8s/pods.json`) && existsSync(`${dir}k8s/events.json`);
interface ScenarioMeta {
  readonly prompt?: string;
  readonly expected?: { readonly must_mention?: readonly (readonly string[])[]; readonly must_not_blame?: readonly string[] };
}
const meta: ScenarioMeta = existsSync(`${dir}scenario.json`) ? (JSON.parse(readFileSync(`${dir}scenario.json`, 'utf8')) as ScenarioMeta) : {};
const question = meta.prompt ?? 'API response times have degraded 3x in the last hour. What is going on?';
const signal = (): AbortSignal => new AbortController().signal;

/** The whole investigation as the graph runs it: plan, specialists in waves, then the report. */
async function investigate(llm: OfflineLlm) {
  const planned = await llm.complete(aRequest({ purpose: 'plan', tools: [spec(PLAN_TOOL_NAME)], toolChoice: { name: PLAN_TOOL_NAME }, context: { question } }), signal());
  const plan = normalizePlan(planned.toolCalls[0]?.args, question);
  const findings: Finding[] = [];
  for (const wave of planWaves(plan)) {
    const earlier = [...findings];
    const done = await Promise.all(wave.map(async (step) => {
      const { finding, turns } = await converse(llm, step.agent, scenarioAnswers(dir), { context: { question, step, findings: earlier } });
      return { agent: step.agent, stepId: step.id, goal: step.goal, status: 'completed' as const, toolCalls: turns.flatMap((t) => t.toolCalls).length - 1, ...finding };
    }));
    findings.push(...done);
  }
  const reported = await llm.complete(aRequest({ purpose: 'summarize', tools: [spec(REPORT_TOOL_NAME)], toolChoice: { name: REPORT_TOOL_NAME },
    context: { question, findings } }), signal());
  return { plan, findings, report: parseReportSummary(reported.toolCalls[0]?.args) };
}

describe.skipIf(!ready)('OfflineLlm on the database-configmap-crashloop scenario', () => {
  it('has the Kubernetes specialist blame the database pod and its missing ConfigMap', async () => {
    const { finding } = await converse(new OfflineLlm(), 'kubernetes', scenarioAnswers(dir), { context: { question } });
    const [top] = finding.causes;
    expect(top?.component).toMatch(/^database-pod-/);
    expect(top?.description).toContain('ConfigMap database-config');
    expect(top?.confidence).toBeGreaterThanOrEqual(0.8);
    expect(finding.causes.filter((c) => /product-catalog/.test(c.component ?? '') && c.confidence >= 0.5)).toEqual([]);
  });

  it('reports the database pod and ConfigMap database-config as the root cause, not product-catalog-service', async () => {
    const { report, findings } = await investigate(new OfflineLlm());
    expect(report?.rootCause).toMatch(/database-pod-7b9c4d8f2a-x5m1q/);
    expect(report?.rootCause).toContain('ConfigMap database-config');
    expect(report?.rootCause).toMatch(/CrashLoopBackOff/);
    for (const healthy of meta.expected?.must_not_blame ?? ['product-catalog-service']) {
      expect(report?.rootCause).not.toContain(healthy);
      expect(findings.flatMap((f) => f.causes).filter((c) => c.confidence >= 0.5 && `${c.component ?? ''} ${c.description}`.startsWith(healthy))).toEqual([]);
    }
    for (const group of meta.expected?.must_mention ?? []) {
      expect(group.some((term) => report?.rootCause.toLowerCase().includes(term.toLowerCase())), `root cause mentions one of ${group.join(', ')}`).toBe(true);
    }
    expect(['critical', 'high']).toContain(report?.severity);
  });
});

describe.skipIf(!ready)('OfflineLlm determinism', () => {
  it('gives the same plan, findings and report for the same data, run after run', async () => {
    const first = await investigate(new OfflineLlm());
    const second = await investigate(new OfflineLlm());
    expect(second).toEqual(first);
    expect(first.report?.rootCause).toMatch(/database-config/);
  });
});
