import { describe, expect, it } from 'vitest';
import { analyseKubernetes } from '../../../../src/adapters/offline/kubernetes-analyst.js';
import { parseFindingDraft } from '../../../../src/domain/finding.js';
import { CRASHLOOP_DEPLOYMENTS, CRASHLOOP_EVENTS, CRASHLOOP_PODS, context, failed, NODES_WITH_PRESSURE, observed } from './fixtures.js';

const q = context('API response times have degraded 3x in the last hour');

describe('analyseKubernetes', () => {
  const finding = analyseKubernetes([
    observed('get_pod_status', CRASHLOOP_PODS),
    observed('get_deployment_status', CRASHLOOP_DEPLOYMENTS),
    observed('get_cluster_events', CRASHLOOP_EVENTS),
    observed('get_node_status', NODES_WITH_PRESSURE),
    failed('get_resource_usage', 'HTTP 500 from k8s-api'),
  ], q);

  it('blames the crash-looping pod and its missing ConfigMap with high confidence', () => {
    const [top] = finding.causes;
    expect(top?.component).toBe('database-pod-7b9c4d8f2a-x5m1q');
    expect(top?.description).toMatch(/CrashLoopBackOff/);
    expect(top?.description).toMatch(/ConfigMap database-config/);
    expect(top?.confidence).toBeGreaterThanOrEqual(0.8);
    expect(top?.evidence.map((e) => e.tool)).toEqual(expect.arrayContaining(['get_pod_status', 'get_cluster_events', 'get_deployment_status']));
  });

  it('keeps the node condition and the degraded web deployment as low-confidence side issues', () => {
    const node = finding.causes.find((c) => c.component === 'node-3');
    expect(node?.confidence).toBeLessThan(0.5);
    const web = finding.causes.find((c) => c.component === 'web-app-deployment');
    expect(web?.confidence).toBeLessThanOrEqual(0.4);
    expect(web?.description).toMatch(/downstream/);
  });

  it('quotes its sources and says what failed', () => {
    expect(finding.evidence).toContainEqual({ tool: 'get_pod_status', excerpt: expect.stringContaining('database-pod-7b9c4d8f2a-x5m1q status CrashLoopBackOff') });
    expect(finding.evidence.some((e) => e.excerpt.includes("couldn't find key config/database.conf in ConfigMap production/database-config"))).toBe(true);
    expect(finding.unchecked).toEqual([expect.stringMatching(/get_resource_usage failed: HTTP 500/)]);
    expect(finding.summary).toMatch(/get_pod_status/);
    expect(finding.facts).toContainEqual(expect.objectContaining({ kind: 'config', detail: expect.stringContaining('database-config') }));
  });

  it('is a valid submit_finding input', () => {
    expect(parseFindingDraft({ ...finding })).toMatchObject({ summary: finding.summary, causes: finding.causes });
  });

  it('finds no cause in a healthy cluster', () => {
    const healthy = analyseKubernetes([
      observed('get_pod_status', { pods: [{ name: 'web-1', namespace: 'production', status: 'Running', phase: 'Running', restart_count: 0 }] }),
      observed('get_cluster_events', { events: [{ type: 'Normal', reason: 'Pulled', object: 'pod/web-1', message: 'ok', namespace: 'production', count: 1 }] }),
    ], q);
    expect(healthy.causes).toEqual([]);
    expect(healthy.summary).toMatch(/all 1 pods are running/);
  });

  it('explains an OOMKilled pod by its last state', () => {
    const oom = analyseKubernetes([observed('get_pod_status', { pods: [
      { name: 'api-7d9f8c6b5a-abcde', namespace: 'production', status: 'CrashLoopBackOff', restart_count: 7, last_state: { reason: 'OOMKilled', exit_code: 137 } },
    ] })], q);
    expect(oom.causes[0]).toMatchObject({ component: 'api-7d9f8c6b5a-abcde', description: expect.stringMatching(/OOMKilled/) });
    expect(oom.causes[0]?.confidence).toBeGreaterThanOrEqual(0.8);
  });

  it('explains an image pull failure from its event', () => {
    const pull = analyseKubernetes([
      observed('get_pod_status', { pods: [{ name: 'shop-5f6d7c8b9a-zzzzz', namespace: 'production', status: 'ImagePullBackOff', restart_count: 0 }] }),
      observed('get_cluster_events', { events: [{ type: 'Warning', reason: 'Failed', object: 'pod/shop-5f6d7c8b9a-zzzzz',
        message: 'Failed to pull image "shop:v9": not found', namespace: 'production', count: 4 }] }),
    ], q);
    expect(pull.causes[0]?.description).toMatch(/image cannot be pulled/);
  });

  it('reads a cut tool output up to its last complete pod', () => {
    const full = JSON.stringify(CRASHLOOP_PODS);
    const cut = `${full.slice(0, full.indexOf('product-catalog'))}\n…[truncated: 900 bytes, showing the first 600]`;
    const o = { ...observed('get_pod_status', cut), truncated: true };
    const partial = analyseKubernetes([o], q);
    expect(partial.causes[0]?.component).toBe('database-pod-7b9c4d8f2a-x5m1q');
    expect(partial.unchecked.join(' ')).toMatch(/cut to the byte budget/);
  });
});
