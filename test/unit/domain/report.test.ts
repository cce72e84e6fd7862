import { describe, expect, it } from 'vitest';
import { rankCauses } from '../../../src/domain/causes.js';
import type { Finding } from '../../../src/domain/finding.js';
import { parseFindingDraft } from '../../../src/domain/finding.js';
import { reportStyleFrom } from '../../../src/domain/memory.js';
import { normalizePlan } from '../../../src/domain/plan.js';
import { assembleReport } from '../../../src/domain/report.js';
import { fallbackSummary, parseReportSummary } from '../../../src/domain/report-summary.js';

const finding = (over: Partial<Finding>): Finding => ({
  agent: 'kubernetes', stepId: 1, goal: 'g', status: 'completed', summary: 's', evidence: [], causes: [], unchecked: [], facts: [], toolCalls: 1, ...over,
});

describe('rankCauses', () => {
  it('merges the same component across specialists and raises its confidence', () => {
    const ranked = rankCauses([
      finding({ agent: 'kubernetes', causes: [{ description: 'db pod crash-loops', component: 'database-pod', confidence: 0.6, evidence: [{ tool: 'get_pod_status', excerpt: 'CrashLoopBackOff' }] }] }),
      finding({ agent: 'logs', causes: [{ description: 'db fails to start', component: 'Database-Pod', confidence: 0.5, evidence: [{ tool: 'get_error_logs', excerpt: 'FATAL' }] }, { description: 'web slow', component: 'web-service', confidence: 0.7, evidence: [] }] }),
    ]);
    expect(ranked.map((c) => c.component)).toEqual(['database-pod', 'web-service']);
    expect(ranked[0]?.confidence).toBe(0.8);
    expect(ranked[0]?.agents).toEqual(['kubernetes', 'logs']);
    expect(ranked[0]?.evidence.map((e) => e.tool)).toEqual(['get_pod_status', 'get_error_logs']);
  });
});

describe('parseFindingDraft', () => {
  it('keeps valid parts, clamps confidence and rejects a draft without a summary', () => {
    const draft = parseFindingDraft({ summary: 'x', causes: [{ description: 'd', confidence: 85 }, { confidence: 1 }], facts: [{ service: 's', kind: 'nonsense', detail: 'd' }] });
    expect(draft?.causes).toEqual([{ description: 'd', confidence: 0.85, evidence: [] }]);
    expect(draft?.facts).toEqual([]);
    expect(parseFindingDraft({ causes: [] })).toBeUndefined();
  });
});

describe('assembleReport', () => {
  const plan = normalizePlan({ steps: [{ agent: 'kubernetes', goal: 'pods' }, { agent: 'runbooks', goal: 'rb' }] }, 'q');
  const findings = [
    finding({ summary: 'database pod crash-loops', evidence: [{ tool: 'get_pod_status', excerpt: 'database-pod CrashLoopBackOff' }], causes: [{ description: 'ConfigMap database-config missing', component: 'database-config', confidence: 0.9, evidence: [{ tool: 'get_cluster_events', excerpt: "couldn't find key" }] }] }),
    finding({ agent: 'runbooks', stepId: 2, evidence: [{ tool: 'get_incident_playbook', excerpt: '1. kubectl get configmap database-config -n production' }], unchecked: ['get_escalation_procedures failed: 500'] }),
  ];
  const summary = parseReportSummary({ root_cause: 'ConfigMap database-config is missing', impact: 'web-service p95 5000 ms', severity: 'critical', next_steps: { now: ['Restore the ConfigMap'], this_week: ['Add a policy check'] }, escalation: 'Page the DB on-call' })!;

  it('cites the tool behind each claim, quotes runbook steps verbatim and lists what was not checked', () => {
    const md = assembleReport({ question: 'why slow?', plan, findings, summary, style: reportStyleFrom([]), generatedAt: new Date('2024-01-15T14:30:00Z') });
    expect(md).toContain('**Severity:** CRITICAL');
    expect(md).toContain('`get_cluster_events`: couldn\'t find key');
    expect(md).toContain('```text\n1. kubectl get configmap database-config -n production\n```');
    expect(md).toContain('Operational Runbooks Agent: get_escalation_procedures failed: 500');
    expect(md).toContain('**Now (within the hour)**\n- Restore the ConfigMap');
    expect(md).not.toContain('**Today**');
  });

  it('writes a shorter report for an executive reader, with their contacts', () => {
    const style = reportStyleFrom([
      { category: 'style', text: 'executive', values: { communication_style: 'executive' } },
      { category: 'escalation', text: 'carol', values: { contact: 'carol.director@company.com' } },
    ]);
    const md = assembleReport({ question: 'q', plan, findings, summary, style, generatedAt: new Date() });
    expect(md).not.toContain('Findings by specialist');
    expect(md).not.toContain('Runbook steps');
    expect(md).not.toContain('### Evidence');
    expect(md).not.toContain('`get_cluster_events`');
    expect(md).not.toContain('This week');
    expect(md).toContain('### Business impact\n\nweb-service p95 5000 ms');
    expect(md).toContain('**Confidence:** 90%, confirmed by the kubernetes specialist');
    expect(md).toContain('**Now (within the hour)**\n- Restore the ConfigMap');
    expect(md).toContain('Contacts: carol.director@company.com');
    const technical = assembleReport({ question: 'q', plan, findings, summary, style: reportStyleFrom([]), generatedAt: new Date() });
    expect(md.length).toBeLessThan(technical.length);
  });

  it('falls back to the best-ranked cause when the model gives no summary', () => {
    expect(fallbackSummary(findings).rootCause).toBe('ConfigMap database-config missing');
    expect(parseReportSummary({ impact: 'x' })).toBeUndefined();
  });
});
