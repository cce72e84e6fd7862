import { describe, expect, it } from 'vitest';
import { failureModesOf } from '../../../../src/adapters/offline/failure-modes.js';
import { rankRunbooks } from '../../../../src/adapters/offline/runbook-matching.js';
import { analyseRunbooks } from '../../../../src/adapters/offline/runbooks-analyst.js';
import { firstCalls, followUpCalls } from '../../../../src/adapters/offline/tool-planner.js';
import { context, ESCALATIONS, failed, findingFrom, observed, PLAYBOOKS } from './fixtures.js';

const k8s = findingFrom('kubernetes', {
  summary: 'database pod crash-loops',
  causes: [{ description: 'database-pod-7b9c4d8f2a-x5m1q is in CrashLoopBackOff because ConfigMap database-config is missing in production',
    component: 'database-pod-7b9c4d8f2a-x5m1q', confidence: 0.9, evidence: [{ tool: 'get_pod_status', excerpt: 'database-pod-7b9c4d8f2a-x5m1q status CrashLoopBackOff, 15 restarts' }] }],
  evidence: [{ tool: 'get_deployment_status', excerpt: 'database-deployment status Failed, 0/1 replicas available' }],
});
const ctx = context('API response times have degraded 3x', [k8s]);
const crashloop = PLAYBOOKS.runbooks[1]!;

describe('runbooks tool planning', () => {
  it('searches for what the other specialists found, at their severity', () => {
    const calls = firstCalls('runbooks', ctx);
    expect(calls.filter((c) => c.op === 'search_runbooks').map((c) => c.args['keyword'])).toEqual(['ConfigMap', 'CrashLoopBackOff', 'database']);
    expect(calls).toContainEqual({ op: 'get_escalation_procedures', args: { severity: 'critical' } });
    expect(calls).toContainEqual({ op: 'get_troubleshooting_guide', args: { category: 'kubernetes' } });
    expect(calls).toContainEqual({ op: 'get_common_resolutions', args: { issue: 'config' } });
  });

  it('fetches the best matching playbook next', () => {
    expect(followUpCalls('runbooks', ctx, [observed('search_runbooks', PLAYBOOKS, { keyword: 'ConfigMap' })]))
      .toEqual([{ op: 'get_incident_playbook', args: { playbook_id: 'database-pod-crashloop-incident' } }]);
  });
});

describe('rankRunbooks', () => {
  it('prefers the entry that names the blamed component over a generic one', () => {
    const generic = { id: 'configmap-missing', title: 'Missing ConfigMap Response', steps: ['1. kubectl describe pod <pod>'] };
    const specific = { id: 'db-incident', title: 'Database Pod CrashLoopBackOff', triggers: ["ConfigMap 'database-config' not found"],
      steps: ['1. kubectl get pod database-pod-7b9c4d8f2a-x5m1q -n production'] };
    const unrelated = { id: 'dns', title: 'DNS failure', steps: ['1. check coredns'] };
    const ranked = rankRunbooks([generic, unrelated, specific], failureModesOf([k8s], 'q'), ['database-pod-7b9c4d8f2a-x5m1q']);
    expect(ranked.map((r) => r.id)).toEqual(['db-incident', 'configmap-missing']);
  });
});

describe('analyseRunbooks', () => {
  it('quotes the playbook steps verbatim, one a line', () => {
    const f = analyseRunbooks([observed('search_runbooks', PLAYBOOKS), observed('get_incident_playbook', crashloop, { playbook_id: crashloop.id })], ctx);
    const playbook = f.evidence.find((e) => e.tool === 'get_incident_playbook');
    expect(playbook?.excerpt).toContain(crashloop.steps.join('\n'));
    expect(playbook?.excerpt.startsWith('Playbook database-pod-crashloop-incident')).toBe(true);
    expect(f.causes).toEqual([]);
    expect(f.summary).toMatch(/database-pod-crashloop-incident/);
  });

  it('falls back on the best search match and quotes the escalation chain', () => {
    const f = analyseRunbooks([observed('search_runbooks', PLAYBOOKS), observed('get_escalation_procedures', ESCALATIONS, { severity: 'critical' })], ctx);
    expect(f.evidence[0]).toMatchObject({ tool: 'search_runbooks', excerpt: expect.stringContaining('kubectl get configmap database-config -n production') });
    expect(f.evidence).toContainEqual({ tool: 'get_escalation_procedures',
      excerpt: 'critical-incident-escalation — Critical Incident Escalation (critical): L1 on-call within 5m → L2 team-lead within 10m' });
  });

  it('says which runbook tools failed or found nothing', () => {
    const f = analyseRunbooks([failed('get_incident_playbook', 'Playbook not found', { playbook_id: 'x' }), observed('get_common_resolutions', { resolutions: [] }, { issue: 'config' })], ctx);
    expect(f.unchecked).toEqual(['get_incident_playbook(playbook_id=x) failed: Playbook not found', 'get_common_resolutions(issue=config) returned no data']);
    expect(f.summary).toMatch(/No matching incident playbook/);
  });
});
