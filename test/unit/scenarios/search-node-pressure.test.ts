import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/adapters/demo-infra/scenario-loader.js';
import type { Scenario } from '../../../src/adapters/demo-infra/scenario.js';

let s: Scenario;

beforeAll(async () => {
  s = await loadScenario('scenarios/search-node-pressure', 'scenarios/_library/runbooks');
});

const MINUTES = Array.from({ length: 16 }, (_, i) => `2024-03-07T09:${String(30 + i).padStart(2, '0')}:00Z`);
const series = <T extends { service: string; timestamp: string }>(rows: readonly T[], service: string, at: string[] = MINUTES) =>
  at.map((ts) => rows.find((r) => r.service === service && r.timestamp === ts));
const mebibytes = (q: unknown): number => {
  const m = /^([\d.]+)(Mi|Gi)$/.exec(String(q));
  if (!m) throw new Error(`not a memory quantity: ${String(q)}`);
  return Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1);
};

describe('the search-node-pressure scenario', () => {
  it('states the incident and how to score it, without naming the culprit in the prompt', () => {
    expect(s.meta).toMatchObject({
      id: 'search-node-pressure', now: '2024-03-07T09:45:00Z',
      expected: {
        must_not_blame: ['recommendation-service', 'catalog-reindex'],
        culprit: { kind: 'node', name: 'prod-worker-2' },
        category: 'capacity',
      },
    });
    const groups = s.meta.expected?.must_mention ?? [];
    expect(groups.length).toBeGreaterThanOrEqual(3);
    expect(groups.length).toBeLessThanOrEqual(4);
    expect(s.meta.prompt?.toLowerCase()).not.toContain('prod-worker-2');
    expect(s.meta.prompt?.toLowerCase()).not.toContain('node');
  });

  it('has the culprit node in the data, under MemoryPressure and tainted, while the other nodes are healthy but fully requested', () => {
    const culprit = s.k8s.nodes.find((n) => n.name === s.meta.expected?.culprit?.name);
    expect(culprit).toBeDefined();
    expect(culprit?.conditions).toContainEqual(expect.objectContaining({ type: 'MemoryPressure', status: 'True' }));
    expect(culprit?.['taints']).toContainEqual(expect.objectContaining({ key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' }));
    const others = s.k8s.nodes.filter((n) => n !== culprit);
    expect(others).toHaveLength(2);
    for (const n of others) {
      expect(n.conditions?.filter((c) => c.type !== 'Ready' && c.status === 'True')).toEqual([]);
      const requested = mebibytes((n['allocated_requests'] as Record<string, unknown>)['memory']);
      // Not even one search-service replica (request 1Gi) fits in what is left.
      expect(mebibytes(n.allocatable?.['memory']) - requested).toBeLessThan(1024);
    }
  });

  it('has the kubelet evict the search-service pods of that node and the replacements unschedulable', () => {
    const search = s.k8s.pods.filter((p) => p.name.startsWith('search-service-'));
    const evicted = search.filter((p) => p.status === 'Evicted');
    expect(evicted.map((p) => p.node)).toEqual(['prod-worker-2', 'prod-worker-2']);
    for (const p of evicted) {
      expect(p['message']).toMatch(/^The node was low on resource: memory\./);
      expect(s.k8s.events).toContainEqual(expect.objectContaining({ type: 'Warning', reason: 'Evicted', object: `pod/${p.name}` }));
    }
    const pending = search.filter((p) => p.status === 'Pending');
    expect(pending).toHaveLength(2);
    for (const p of pending) {
      expect(p.node).toBeNull();
      expect(s.k8s.events).toContainEqual(expect.objectContaining({ reason: 'FailedScheduling', object: `pod/${p.name}`, message: expect.stringContaining('2 Insufficient memory') }));
    }
    expect(search.filter((p) => p.status === 'Running').map((p) => p.node)).toEqual(['prod-worker-1']);
    expect(s.k8s.deployments.find((d) => d.name === 'search-service')).toMatchObject({ replicas: 3, available_replicas: 1, status: 'Degraded' });
    expect(s.k8s.services.find((svc) => svc.name === 'search-service')?.endpoints).toHaveLength(1);
  });

  it('shows the noisy neighbour: the log shipper on that node, without a memory limit, is the top consumer and keeps growing', () => {
    const shipper = s.k8s.pods.find((p) => p.node === 'prod-worker-2' && p.name.startsWith('fluent-bit-'));
    expect(shipper?.status).toBe('Running');
    expect(s.k8s.resourceUsage?.top_consumers?.[0]?.pod).toBe(shipper?.name);
    const growth = series(s.metrics.resources, 'fluent-bit').map((r) => r?.memory_usage_mb ?? Number.NaN);
    for (let i = 1; i < growth.length; i++) expect(growth[i]).toBeGreaterThan(growth[i - 1] ?? Infinity);
    expect(growth.at(-1)).toBe(mebibytes(shipper?.resource_usage?.memory));
  });

  it('degrades search-service after each eviction and storefront-web with it', () => {
    const rt = series(s.metrics.responseTimes, 'search-service').map((r) => r?.response_time_ms ?? Number.NaN);
    expect(Math.max(...rt.slice(0, 4))).toBeLessThan(100);
    expect(Math.min(...rt.slice(12))).toBeGreaterThan(2000);
    const errors = series(s.metrics.errorRates, 'search-service').map((r) => r?.error_rate ?? Number.NaN);
    expect(Math.max(...errors.slice(0, 4))).toBeLessThan(0.5);
    expect(Math.min(...errors.slice(12))).toBeGreaterThan(20);
    const web = series(s.metrics.errorRates, 'storefront-web').map((r) => r?.error_rate ?? Number.NaN);
    expect(Math.max(...web.slice(0, 4))).toBeLessThan(0.5);
    expect(Math.min(...web.slice(12))).toBeGreaterThan(10);
  });

  it('keeps the red herring recommendation-service healthy in every metric, though it logs warnings and had a readiness blip', () => {
    const name = 'recommendation-service';
    expect(Math.max(...s.metrics.responseTimes.filter((r) => r.service === name).map((r) => r.percentile_99 ?? r.response_time_ms))).toBeLessThanOrEqual(150);
    expect(Math.max(...s.metrics.errorRates.filter((r) => r.service === name).map((r) => r.error_rate))).toBeLessThan(0.1);
    expect(Math.min(...s.metrics.availability.filter((r) => r.service === name).map((r) => r.availability_percentage))).toBeGreaterThanOrEqual(99.9);
    expect(s.metrics.trends.filter((t) => t.service === name).map((t) => t.trend)).toEqual(expect.arrayContaining(['stable']));
    expect(s.metrics.trends.filter((t) => t.service === name && t.trend !== 'stable')).toEqual([]);
    expect(s.k8s.pods.find((p) => p.name.startsWith(name))).toMatchObject({ status: 'Running', restart_count: 0 });
    expect(s.k8s.events.filter((e) => e.object.startsWith(`pod/${name}`)).map((e) => e.reason)).toEqual(['Unhealthy']);
    expect(s.logs.entries.filter((e) => e.service === name && e.level === 'WARN').length).toBeGreaterThanOrEqual(5);
    expect(s.logs.entries.filter((e) => e.service === name && e.level === 'ERROR')).toEqual([]);
  });

  it('has the unrelated catalog-reindex job pending since long before the incident', () => {
    const job = s.k8s.pods.find((p) => p.name.startsWith('catalog-reindex-'));
    expect(job).toMatchObject({ namespace: 'data-jobs', status: 'Pending' });
    expect(Date.parse(job?.created_at ?? '')).toBeLessThan(Date.parse('2024-03-07T09:00:00Z'));
  });

  it('has one sample per service and minute from 09:30 to 09:45 in every metric file', () => {
    for (const rows of [s.metrics.responseTimes, s.metrics.throughput, s.metrics.resources, s.metrics.errorRates, s.metrics.availability]) {
      for (const service of new Set(rows.map((r) => r.service))) {
        expect(rows.filter((r) => r.service === service).map((r) => r.timestamp)).toEqual(MINUTES);
      }
    }
  });

  it('computes error rates and availability from the counts', () => {
    for (const r of s.metrics.errorRates) {
      expect(r.error_rate).toBeCloseTo((r.error_count / r.total_requests) * 100, 2);
      const availability = s.metrics.availability.find((a) => a.service === r.service && a.timestamp === r.timestamp);
      expect(availability?.availability_percentage).toBeCloseTo(100 - r.error_rate, 2);
      const throughput = s.metrics.throughput.find((t) => t.service === r.service && t.timestamp === r.timestamp);
      expect(r.total_requests).toBe((throughput?.requests_per_second ?? 0) * 60);
    }
  });

  it('has trends that agree with the metric rows', () => {
    const source = { response_time: s.metrics.responseTimes.map((r) => ({ ...r, value: r.response_time_ms })),
      error_rate: s.metrics.errorRates.map((r) => ({ ...r, value: r.error_rate })),
      throughput: s.metrics.throughput.map((r) => ({ ...r, value: r.requests_per_second })),
      cpu_usage: s.metrics.resources.map((r) => ({ ...r, value: r.cpu_usage_percent })),
      memory_usage: s.metrics.resources.map((r) => ({ ...r, value: r.memory_usage_mb })),
      availability: s.metrics.availability.map((r) => ({ ...r, value: r.availability_percentage })) };
    for (const t of s.metrics.trends) {
      const rows = source[t.metric as keyof typeof source].filter((r) => r.service === t.service);
      expect(rows).toHaveLength(16);
      const values = rows.map((r) => r.value);
      expect(t.average_value).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 1);
      for (const a of t.anomalies) expect(rows.find((r) => r.timestamp === a.timestamp)?.value).toBe(a.value);
      const [first, last] = [values.slice(0, 4), values.slice(-4)].map((v) => v.reduce((a, b) => a + b, 0) / 4) as [number, number];
      if (t.trend === 'increasing') expect(last).toBeGreaterThan(first);
      if (t.trend === 'decreasing') expect(last).toBeLessThan(first);
    }
  });

  it('names only pods, nodes and services that exist, and is served the organisation\'s runbook library', () => {
    const pods = new Set(s.k8s.pods.map((p) => p.name));
    for (const e of s.k8s.events) {
      const [kind, name] = e.object.split('/');
      if (kind === 'pod') expect(pods).toContain(name);
      if (kind === 'node') expect(s.k8s.nodes.map((n) => n.name)).toContain(name);
    }
    for (const p of s.k8s.pods) if (p.node) expect(s.k8s.nodes.map((n) => n.name)).toContain(p.node);
    expect(s.runbooks.playbooks.map((p) => p.id)).toContain('node-pressure-response');
    expect(s.runbooks.guides.map((g) => g.id)).toContain('node-pressure-troubleshooting');
  });
});
