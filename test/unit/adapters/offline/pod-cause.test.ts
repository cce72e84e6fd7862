import { describe, expect, it } from 'vitest';
import { analyseKubernetes } from '../../../../src/adapters/offline/kubernetes-analyst.js';
import { context, observed } from './fixtures.js';

const q = context('Since 09:34 several services fail at the same time. What is going on?');

/** A crash-looping pod behind a shared service, and an unrelated batch pod that cannot be scheduled. */
const PODS = {
  pods: [
    { name: 'resolver-6b8f7d9c4f-q7xkp', namespace: 'kube-system', status: 'CrashLoopBackOff', phase: 'Running', restart_count: 6, created_at: '2024-02-12T11:20:31Z',
      last_state: { reason: 'Error', exit_code: 1, message: 'plugin/loop: Loop (127.0.0.1:38372 -> :53) detected for zone "."' },
      volumes: [{ name: 'config-volume', config_map: 'resolver', items: ['Corefile'] }] },
    { name: 'nightly-export-28496730-b7kqz', namespace: 'analytics', status: 'Pending', phase: 'Pending', restart_count: 0, created_at: '2024-03-07T09:30:00Z',
      owner: 'job/nightly-export-28496730' },
    { name: 'old-worker-5d9f7c6b8d-abcde', namespace: 'tools', status: 'Pending', phase: 'Pending', restart_count: 0, created_at: '2024-03-07T06:00:00Z' },
    { name: 'kv-0', namespace: 'data', status: 'CrashLoopBackOff', restart_count: 4, owner: 'StatefulSet/kv',
      last_state: { reason: 'Error', exit_code: 1, message: "Can't open the append-only file: No space left on device" },
      volumes: [{ name: 'data', persistent_volume_claim: 'data-kv-0', capacity: '8Gi' }] },
  ],
};
const EVENTS = {
  events: [
    { type: 'Warning', reason: 'FailedScheduling', object: 'pod/nightly-export-28496730-b7kqz', namespace: 'analytics', timestamp: '2024-03-07T09:30:01Z', count: 9,
      message: '0/3 nodes are available: 3 Insufficient cpu.' },
    { type: 'Warning', reason: 'FailedScheduling', object: 'pod/old-worker-5d9f7c6b8d-abcde', namespace: 'tools', timestamp: '2024-03-07T06:00:01Z', count: 40,
      message: '0/3 nodes are available: 3 Insufficient memory.' },
    { type: 'Normal', reason: 'ReconciliationSucceeded', object: 'kustomization/platform-dns', namespace: 'flux-system', timestamp: '2024-03-07T09:33:18Z', count: 1,
      message: 'ConfigMap/kube-system/resolver configured; Reconciliation finished in 1.84s' },
    { type: 'Normal', reason: 'ReconciliationSucceeded', object: 'kustomization/apps', namespace: 'flux-system', timestamp: '2024-03-07T09:20:00Z', count: 1,
      message: 'ConfigMap/shop/feature-flags configured' },
    { type: 'Warning', reason: 'BackOff', object: 'pod/resolver-6b8f7d9c4f-q7xkp', namespace: 'kube-system', timestamp: '2024-03-07T09:34:06Z', count: 31,
      message: 'Back-off restarting failed container' },
    { type: 'Warning', reason: 'BackOff', object: 'pod/kv-0', namespace: 'data', timestamp: '2024-03-07T09:35:00Z', count: 12, message: 'Back-off restarting failed container' },
  ],
};

describe('analyseKubernetes: relevance, termination messages and configuration changes', () => {
  const finding = analyseKubernetes([observed('get_pod_status', PODS), observed('get_cluster_events', EVENTS)], q);
  const cause = (name: string) => finding.causes.find((c) => c.component === name);

  it('caps a Pending batch pod that serves no traffic below 0.5, however many FailedScheduling events it has', () => {
    expect(cause('nightly-export-28496730-b7kqz')?.confidence).toBeLessThan(0.5);
    expect(cause('nightly-export-28496730-b7kqz')?.description).toMatch(/batch pod that serves no traffic/);
  });

  it('caps a pod that was failing hours before the incident began', () => {
    expect(cause('old-worker-5d9f7c6b8d-abcde')?.confidence).toBeLessThan(0.5);
    expect(cause('old-worker-5d9f7c6b8d-abcde')?.description).toMatch(/well before the incident/);
  });

  it('explains a crash loop from its termination message and links the change to the ConfigMap it mounts', () => {
    const resolver = cause('resolver-6b8f7d9c4f-q7xkp');
    expect(resolver?.confidence).toBeGreaterThanOrEqual(0.85);
    expect(resolver?.description).toMatch(/forwarding loop/);
    expect(resolver?.description).toMatch(/ConfigMap kube-system\/resolver \(Corefile\) was changed at 2024-03-07T09:33:18Z/);
    expect(finding.causes[0]?.component).toBe('resolver-6b8f7d9c4f-q7xkp');
  });

  it('reads a full volume from the termination message and names the claim', () => {
    expect(cause('kv-0')?.description).toMatch(/volume is full \(No space left on device\) on volume data-kv-0 \(8Gi\)/);
    expect(cause('kv-0')?.confidence).toBeGreaterThanOrEqual(0.85);
  });

  it('does not link a change to a ConfigMap no failing pod mounts, and keeps it weak', () => {
    expect(finding.causes.filter((c) => /feature-flags/.test(c.description) && c.confidence >= 0.5)).toEqual([]);
    expect(finding.summary).toMatch(/Configuration changes/);
  });

  it('still explains a crash loop without termination message, timestamps or volumes', () => {
    const bare = analyseKubernetes([observed('get_pod_status', { pods: [{ name: 'api-7d4f9c6b8-x7rtd', status: 'CrashLoopBackOff', restart_count: 5 }] })], q);
    expect(bare.causes[0]?.description).toMatch(/events do not say why/);
    expect(bare.causes[0]?.confidence).toBeGreaterThanOrEqual(0.5);
  });
});

describe('analyseKubernetes: a rollout just before an OOM kill', () => {
  const pods = { pods: [{ name: 'cart-7b9c4d8f2a-x5m1q', namespace: 'shop', status: 'CrashLoopBackOff', restart_count: 5,
    last_state: { reason: 'OOMKilled', exit_code: 137, message: 'config file not found' } }] };
  const deployments = { deployments: [{ name: 'cart', namespace: 'shop', replicas: 2, available_replicas: 0, status: 'Failed', image: 'cart:2.0.0', revision: 12,
    updated_at: '2024-03-07T09:20:00Z', replica_sets: [{ image: 'cart:2.0.0' }, { image: 'cart:1.9.3' }] }] };
  const events = { events: [{ type: 'Warning', reason: 'BackOff', object: 'pod/cart-7b9c4d8f2a-x5m1q', namespace: 'shop', timestamp: '2024-03-07T09:31:00Z', message: 'Back-off' }] };

  it('prefers the OOMKilled reason over a termination message and names the release with its previous image', () => {
    const finding = analyseKubernetes([observed('get_pod_status', pods), observed('get_deployment_status', deployments), observed('get_cluster_events', events)], q);
    expect(finding.causes[0]?.description).toMatch(/OOMKilled/);
    expect(finding.causes[0]?.description).toMatch(/cart was rolled out to revision 12 \(image cart:2.0.0, previously cart:1.9.3\)/);
  });

  it('does not call an old rollout a trigger', () => {
    const old = { deployments: [{ ...deployments.deployments[0], updated_at: '2024-02-01T09:20:00Z' }] };
    const finding = analyseKubernetes([observed('get_pod_status', pods), observed('get_deployment_status', old), observed('get_cluster_events', events)], q);
    expect(finding.causes[0]?.description).not.toMatch(/rolled out/);
  });
});
