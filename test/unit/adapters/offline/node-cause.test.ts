import { describe, expect, it } from 'vitest';
import { analyseKubernetes } from '../../../../src/adapters/offline/kubernetes-analyst.js';
import { context, observed } from './fixtures.js';

const q = context('Search is slow and throwing errors. What is going on?');

const NODES = {
  nodes: [
    { name: 'worker-a', status: 'Ready', conditions: [{ type: 'Ready', status: 'True' }, { type: 'MemoryPressure', status: 'False' }] },
    { name: 'worker-b', status: 'Ready', conditions: [{ type: 'Ready', status: 'True' }, { type: 'MemoryPressure', status: 'True', message: 'kubelet has insufficient memory available' }] },
  ],
};
const PODS = {
  pods: [
    { name: 'search-7d4f9c6b8-x7rtd', namespace: 'shop', status: 'Evicted', phase: 'Failed', node: 'worker-b', restart_count: 0,
      message: 'The node was low on resource: memory.', last_state: { reason: 'Evicted', exit_code: 137 } },
    { name: 'search-7d4f9c6b8-p9wzs', namespace: 'shop', status: 'Pending', phase: 'Pending', restart_count: 0, created_at: '2024-03-07T09:34:00Z' },
    { name: 'recommender-6c9d8e7f5-w4nbh', namespace: 'shop', status: 'Running', node: 'worker-b', restart_count: 0, resource_usage: { memory: '2.6Gi' },
      containers: [{ name: 'app', limits: { memory: '3Gi' } }] },
    { name: 'log-agent-7kq2d', namespace: 'logging', status: 'Running', node: 'worker-b', restart_count: 0, resource_usage: { memory: '8046Mi' },
      containers: [{ name: 'agent', requests: { memory: '200Mi' } }] },
  ],
};
const EVENTS = {
  events: [
    { type: 'Warning', reason: 'Evicted', object: 'pod/search-7d4f9c6b8-x7rtd', namespace: 'shop', timestamp: '2024-03-07T09:33:58Z', message: 'The node was low on resource: memory.' },
    { type: 'Warning', reason: 'FailedScheduling', object: 'pod/search-7d4f9c6b8-p9wzs', namespace: 'shop', timestamp: '2024-03-07T09:34:00Z', count: 12,
      message: '0/2 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/memory-pressure: }, 1 Insufficient memory.' },
    { type: 'Warning', reason: 'Unhealthy', object: 'pod/recommender-6c9d8e7f5-w4nbh', namespace: 'shop', timestamp: '2024-03-07T09:21:29Z', message: 'Readiness probe failed' },
  ],
};

describe('analyseKubernetes: node pressure', () => {
  const finding = analyseKubernetes([observed('get_pod_status', PODS), observed('get_cluster_events', EVENTS), observed('get_node_status', NODES)], q);

  it('blames the node under pressure that evicted pods, naming its biggest memory user', () => {
    const [top] = finding.causes;
    expect(top?.component).toBe('worker-b');
    expect(top?.confidence).toBeGreaterThanOrEqual(0.85);
    expect(top?.description).toMatch(/MemoryPressure.*evicted 1 pod \(search-7d4f9c6b8-x7rtd\).*Pending/);
    expect(top?.description).toMatch(/biggest memory user on it is log-agent-7kq2d \(8046Mi, no memory limit\)/);
  });

  it('makes the evicted pod and its Pending replacement downstream impact of the node', () => {
    for (const name of ['search-7d4f9c6b8-x7rtd', 'search-7d4f9c6b8-p9wzs']) {
      const c = finding.causes.find((x) => x.component === name);
      expect(c?.confidence).toBeLessThan(0.5);
      expect(c?.description).toMatch(/downstream impact of worker-b/);
    }
  });

  it('never blames a healthy pod with a stray probe warning on the same node', () => {
    expect(finding.causes.filter((c) => /recommender/.test(`${c.component} ${c.description}`))).toEqual([]);
  });

  it('keeps a node condition without evictions a weak lead', () => {
    const quiet = analyseKubernetes([observed('get_node_status', NODES)], q);
    expect(quiet.causes[0]?.component).toBe('worker-b');
    expect(quiet.causes[0]?.confidence).toBeLessThan(0.5);
  });
});
