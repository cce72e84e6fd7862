import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../../../src/adapters/demo-infra/scenario.js';
import { aScenario, call, callOk, namesOf } from './scenario-fixture.js';

const pod = (name: string, namespace: string, extra: Record<string, unknown> = {}) => ({ name, namespace, status: 'Running', ...extra });
const event = (type: string, reason: string, timestamp: string) => ({ type, reason, object: 'pod/db', message: reason, timestamp, namespace: 'production', count: 1 });

const scenario: Scenario = aScenario({
  k8s: {
    pods: [pod('web-1', 'production'), pod('db-1', 'production', { status: 'CrashLoopBackOff', restart_count: 15, last_state: { reason: 'Error', exit_code: 1 } }), pod('batch-1', 'staging')],
    deployments: [
      { name: 'web', namespace: 'production', replicas: 3, available_replicas: 2, unavailable_replicas: 1, status: 'Degraded' },
      { name: 'db', namespace: 'production', replicas: 1, available_replicas: 0, unavailable_replicas: 1, status: 'Failed' },
    ],
    events: [event('Normal', 'Scheduled', '2024-01-15T14:20:04Z'), event('Warning', 'FailedMount', '2024-01-15T14:20:05Z'), event('Error', 'CrashLoopBackOff', '2024-01-15T14:29:45Z')],
    nodes: [{ name: 'node-1', status: 'Ready' }, { name: 'node-3', status: 'Ready', conditions: [{ type: 'MemoryPressure', status: 'True' }] }],
    resourceUsage: {
      timestamp: '2024-01-15T14:30:00Z',
      cluster: { pods: { total: 300, used: 125 } },
      namespace_usage: { production: { cpu: '4.45', memory: '5.4Gi', pods: 9 } },
      top_consumers: [],
    },
  },
});

describe('k8s-api tools', () => {
  it('lists every pod, with fields beyond the documented ones, when no filter is given', () => {
    const { pods } = callOk(scenario, 'k8s-api___get_pod_status');
    expect(namesOf(pods)).toEqual(['web-1', 'db-1', 'batch-1']);
    expect((pods as unknown[])[1]).toMatchObject({ restart_count: 15, last_state: { reason: 'Error', exit_code: 1 } });
  });

  it('filters pods by exact namespace and name', () => {
    expect(namesOf(callOk(scenario, 'k8s-api___get_pod_status', { namespace: 'production' })['pods'])).toEqual(['web-1', 'db-1']);
    expect(namesOf(callOk(scenario, 'k8s-api___get_pod_status', { pod_name: 'db-1' })['pods'])).toEqual(['db-1']);
    expect(callOk(scenario, 'k8s-api___get_pod_status', { namespace: 'prod' })['pods']).toEqual([]);
  });

  it('filters deployments by namespace and name', () => {
    expect(namesOf(callOk(scenario, 'k8s-api___get_deployment_status', { deployment_name: 'db' })['deployments'])).toEqual(['db']);
    expect(callOk(scenario, 'k8s-api___get_deployment_status', { namespace: 'staging' })['deployments']).toEqual([]);
  });

  it('filters events by type and by time', () => {
    const reasons = (args: Record<string, unknown>) => (callOk(scenario, 'k8s-api___get_cluster_events', args)['events'] as { reason: string }[]).map((e) => e.reason);
    expect(reasons({ severity: 'Warning' })).toEqual(['FailedMount']);
    expect(reasons({ since: '2024-01-15T14:20:05Z' })).toEqual(['FailedMount', 'CrashLoopBackOff']);
    expect(reasons({ severity: 'Critical' })).toEqual([]);
  });

  it('refuses a since that is not a date, with a one-line reason', () => {
    const result = call(scenario, 'k8s-api___get_cluster_events', { since: 'yesterday' });
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/since .*ISO-8601/) });
    if (!result.ok) expect(result.message).not.toContain('\n');
  });

  it('answers resource usage in its three shapes', () => {
    expect(callOk(scenario, 'k8s-api___get_resource_usage')['resource_usage']).toMatchObject({ cluster: { pods: { used: 125 } } });
    expect(callOk(scenario, 'k8s-api___get_resource_usage', { namespace: 'production' })).toEqual({
      resource_usage: { namespace: 'production', usage: { cpu: '4.45', memory: '5.4Gi', pods: 9 } },
    });
    expect(callOk(scenario, 'k8s-api___get_resource_usage', { namespace: 'production', resource_type: 'pods' })).toEqual({ resource_usage: { pods: 9 } });
    expect(callOk(scenario, 'k8s-api___get_resource_usage', { namespace: 'production', resource_type: 'gpu' })).toEqual({ resource_usage: {} });
  });

  it('answers an empty resource usage when the scenario has none', () => {
    expect(callOk(aScenario(), 'k8s-api___get_resource_usage')).toEqual({ resource_usage: {} });
  });

  it('filters nodes by name', () => {
    expect(namesOf(callOk(scenario, 'k8s-api___get_node_status', { node_name: 'node-3' })['nodes'])).toEqual(['node-3']);
    expect(namesOf(callOk(scenario, 'k8s-api___get_node_status')['nodes'])).toEqual(['node-1', 'node-3']);
  });
});
