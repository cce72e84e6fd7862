import { describe, expect, it } from 'vitest';
import { analyseKubernetes } from '../../../../src/adapters/offline/kubernetes-analyst.js';
import { analyseLogs } from '../../../../src/adapters/offline/logs-analyst.js';
import { analyseMetrics } from '../../../../src/adapters/offline/metrics-analyst.js';
import { analyseRunbooks } from '../../../../src/adapters/offline/runbooks-analyst.js';
import { groupCauses, rootGroup, summarize } from '../../../../src/adapters/offline/summarizer.js';
import type { Finding } from '../../../../src/domain/finding.js';
import { EMPTY_MEMORY } from '../../../../src/domain/memory.js';
import { parseReportSummary } from '../../../../src/domain/report-summary.js';
import {
  AVAILABILITY, context, CRASHLOOP_DEPLOYMENTS, CRASHLOOP_EVENTS, CRASHLOOP_PODS, ERROR_LOGS, ERROR_RATES, ESCALATIONS, findingFrom,
  NODES_WITH_PRESSURE, observed, PLAYBOOKS, RESPONSE_TIMES,
} from './fixtures.js';

const q = 'API response times have degraded 3x in the last hour';

/** The specialists running in parallel (no earlier findings), then runbooks on their findings. */
function incidentFindings(): Finding[] {
  const k8s = findingFrom('kubernetes', analyseKubernetes([observed('get_pod_status', CRASHLOOP_PODS), observed('get_deployment_status', CRASHLOOP_DEPLOYMENTS),
    observed('get_cluster_events', CRASHLOOP_EVENTS), observed('get_node_status', NODES_WITH_PRESSURE)], context(q)), 3);
  const logs = findingFrom('logs', analyseLogs([observed('get_error_logs', ERROR_LOGS)], context(q)), 2);
  const metrics = findingFrom('metrics', analyseMetrics([observed('get_performance_metrics', RESPONSE_TIMES), observed('get_error_rates', ERROR_RATES),
    observed('get_availability_metrics', AVAILABILITY)], context(q)), 1);
  const runbooks = findingFrom('runbooks', analyseRunbooks([observed('search_runbooks', PLAYBOOKS), observed('get_incident_playbook', PLAYBOOKS.runbooks[1]),
    observed('get_escalation_procedures', ESCALATIONS)], context(q, [metrics, logs, k8s])), 4);
  return [metrics, logs, k8s, runbooks];
}

describe('summarize', () => {
  const report = summarize(incidentFindings());

  it('names the failing pod and the mechanism as the root cause, not a symptom', () => {
    expect(report.root_cause).toMatch(/^database-pod-7b9c4d8f2a-x5m1q is in CrashLoopBackOff/);
    expect(report.root_cause).toContain('ConfigMap database-config');
    expect(report.root_cause).not.toMatch(/product-catalog/);
  });

  it('states the impact with numbers from the evidence', () => {
    expect(report.impact).toMatch(/Affected: web-service .*150 ms → 5000 ms/);
    expect(report.impact).toMatch(/0\.5% → 75%/);
    expect(report.impact).toMatch(/Unaffected: product-catalog-service/);
    expect(report.severity).toBe('critical');
  });

  it('gives concrete next steps and the runbook and escalation it found', () => {
    expect(report.next_steps.now.join('\n')).toMatch(/kubectl get configmap database-config -n production/);
    expect(report.next_steps.now.join('\n')).toMatch(/rollout restart deployment\/database-deployment -n production/);
    expect(report.next_steps.now.at(-1)).toMatch(/playbook database-pod-crashloop-incident/);
    expect(report.next_steps.this_week.length).toBeGreaterThan(0);
    expect(report.escalation).toMatch(/critical-incident-escalation/);
  });

  it('is a valid submit_report input', () => {
    expect(parseReportSummary({ ...report })).toMatchObject({ severity: 'critical', rootCause: report.root_cause });
  });

  it('writes for an executive without commands, and names remembered contacts', () => {
    const exec = summarize(incidentFindings(), { ...EMPTY_MEMORY, preferences: [
      { category: 'style', text: 'executive', values: { communication_style: 'executive' } },
      { category: 'escalation', text: 'contacts', values: { primary_contact: 'carol@example.com' } },
    ] });
    expect(exec.next_steps.now.join(' ')).not.toContain('`');
    expect(exec.escalation).toContain('carol@example.com');
  });

  it('says plainly when nothing was found', () => {
    const none = summarize([findingFrom('kubernetes', { summary: 'all pods running' })]);
    expect(none.root_cause).toMatch(/No root cause/);
    expect(none.severity).toBe('low');
  });

  it('marks a weak lead as not established', () => {
    const weak = summarize([findingFrom('metrics', { summary: 's', causes: [{ description: 'web-service degrades', component: 'web-service', confidence: 0.3 }] })]);
    expect(weak.root_cause).toMatch(/^Not established with confidence/);
  });
});

describe('rootGroup', () => {
  const cause = (component: string, description: string, confidence: number) => ({ component, description, confidence, evidence: [] });
  const finding = (agent: 'kubernetes' | 'metrics', causes: ReturnType<typeof cause>[]) =>
    findingFrom(agent, { summary: 's', evidence: [], causes, unchecked: [], facts: [] });

  it('follows "downstream impact of" to a well-supported upstream cause, even when the symptoms agree more', () => {
    const findings = [
      finding('metrics', [cause('search-service', 'search-service is saturated while it degrades', 0.8)]),
      finding('kubernetes', [cause('search-7d4f9c6b8-x7rtd', 'search-7d4f9c6b8-x7rtd was evicted: downstream impact of worker-b', 0.4),
        cause('search-7d4f9c6b8-p9wzs', 'search-7d4f9c6b8-p9wzs cannot be scheduled: downstream impact of worker-b', 0.4),
        cause('worker-b', 'Node worker-b is under MemoryPressure', 0.9)]),
    ];
    expect(groupCauses(findings)[0]?.lead.component).not.toBe('worker-b');
    expect(rootGroup(groupCauses(findings))?.lead.component).toBe('worker-b');
  });

  it('does not follow to a weakly supported component', () => {
    const findings = [finding('metrics', [cause('api', 'api is down: downstream impact of noisy-job', 0.8), cause('noisy-job', 'noisy-job logs warnings', 0.3)])];
    expect(rootGroup(groupCauses(findings))?.lead.component).toBe('api');
  });
});
