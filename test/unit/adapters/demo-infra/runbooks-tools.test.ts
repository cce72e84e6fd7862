import { describe, expect, it } from 'vitest';
import { aScenario, call, callOk } from './scenario-fixture.js';

const playbook = (id: string, incident_type: string, severity: string, steps: string[]) =>
  ({ id, title: id.replace(/-/g, ' '), incident_type, severity, description: `About ${id}`, triggers: [], steps });
const scenario = aScenario({
  runbooks: {
    playbooks: [
      playbook('database-pod-crashloop-incident', 'availability', 'critical', ['3. Verify ConfigMap existence: `kubectl get configmap database-config -n production`']),
      playbook('memory-pressure-playbook', 'performance', 'high', ['2. Check memory usage: `kubectl top pods -n production`']),
    ],
    guides: [
      { id: 'pod-crashloop-troubleshooting', title: 'Pod CrashLoopBackOff Troubleshooting', category: 'kubernetes', steps: [], common_causes: ['Missing ConfigMap or Secret'] },
      { id: 'service-discovery-issues', title: 'Service Discovery Troubleshooting', category: 'networking', steps: [] },
    ],
    escalationProcedures: [
      { id: 'critical-incident-escalation', title: 'Critical Incident Escalation', severity: 'critical', trigger_conditions: ['Complete service outage'] },
      { id: 'communication-procedures', title: 'Incident Communication Procedures' },
    ],
    resolutions: [
      { id: 'connection-pool-exhaustion', issue: 'Database connection pool exhausted', symptoms: ['Database connection timeout'], quick_fixes: [] },
      { id: 'oom-resolution', issue: 'Out of Memory (OOM) errors', symptoms: ['OutOfMemoryError in logs'], quick_fixes: [] },
    ],
  },
});

const ids = (rows: unknown): string[] => (rows as { id: string }[]).map((r) => r.id);

describe('runbooks-api tools', () => {
  it('searches playbooks by keyword in title, description or steps, and by type and severity', () => {
    expect(ids(callOk(scenario, 'runbooks-api___search_runbooks', { keyword: 'configmap' })['runbooks'])).toEqual(['database-pod-crashloop-incident']);
    expect(ids(callOk(scenario, 'runbooks-api___search_runbooks', { keyword: 'memory kubectl' })['runbooks'])).toEqual(['memory-pressure-playbook']);
    expect(ids(callOk(scenario, 'runbooks-api___search_runbooks', { incident_type: 'performance' })['runbooks'])).toEqual(['memory-pressure-playbook']);
    expect(ids(callOk(scenario, 'runbooks-api___search_runbooks', { severity: 'critical' })['runbooks'])).toEqual(['database-pod-crashloop-incident']);
    expect(callOk(scenario, 'runbooks-api___search_runbooks', { severity: 'urgent' })['runbooks']).toEqual([]);
  });

  it('returns a playbook by id, and a tool failure for an unknown one', () => {
    expect(callOk(scenario, 'runbooks-api___get_incident_playbook', { playbook_id: 'memory-pressure-playbook' })).toMatchObject({ id: 'memory-pressure-playbook', severity: 'high' });
    expect(call(scenario, 'runbooks-api___get_incident_playbook', { playbook_id: 'no-such-playbook' })).toEqual({ ok: false, message: 'Playbook not found: no-such-playbook' });
  });

  it('finds guides by category and by issue in title, id or a common cause', () => {
    expect(ids(callOk(scenario, 'runbooks-api___get_troubleshooting_guide', { category: 'networking' })['guides'])).toEqual(['service-discovery-issues']);
    expect(ids(callOk(scenario, 'runbooks-api___get_troubleshooting_guide', { issue_type: 'crashloop' })['guides'])).toEqual(['pod-crashloop-troubleshooting']);
    expect(ids(callOk(scenario, 'runbooks-api___get_troubleshooting_guide', { issue_type: 'configmap' })['guides'])).toEqual(['pod-crashloop-troubleshooting']);
    expect(callOk(scenario, 'runbooks-api___get_troubleshooting_guide', { category: 'security' })['guides']).toEqual([]);
  });

  it('filters escalation procedures by severity and by incident type in the trigger conditions', () => {
    expect(ids(callOk(scenario, 'runbooks-api___get_escalation_procedures', {})['escalation_procedures'])).toEqual(['critical-incident-escalation', 'communication-procedures']);
    expect(ids(callOk(scenario, 'runbooks-api___get_escalation_procedures', { severity: 'critical' })['escalation_procedures'])).toEqual(['critical-incident-escalation']);
    expect(ids(callOk(scenario, 'runbooks-api___get_escalation_procedures', { incident_type: 'outage' })['escalation_procedures'])).toEqual(['critical-incident-escalation']);
  });

  it('finds resolutions by issue, id or symptom, and requires the issue', () => {
    expect(ids(callOk(scenario, 'runbooks-api___get_common_resolutions', { issue: 'connection timeout' })['resolutions'])).toEqual(['connection-pool-exhaustion']);
    expect(ids(callOk(scenario, 'runbooks-api___get_common_resolutions', { issue: 'oom', service: 'web-service' })['resolutions'])).toEqual(['oom-resolution']);
    expect(call(scenario, 'runbooks-api___get_common_resolutions', {})).toMatchObject({ ok: false, message: expect.stringContaining('issue is required') });
  });
});
