import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/adapters/demo-infra/scenario-loader.js';
import type { Scenario } from '../../../src/adapters/demo-infra/scenario.js';
import { callOk, namesOf } from '../adapters/demo-infra/scenario-fixture.js';

let s: Scenario;

beforeAll(async () => {
  s = await loadScenario('scenarios/checkout-oom-after-release', 'scenarios/_library/runbooks');
});

const MINUTES = Array.from({ length: 19 }, (_, i) => `2024-06-18T16:${String(22 + i).padStart(2, '0')}:00Z`);
const BEFORE = MINUTES.slice(0, 2);
const CULPRIT = 'checkout-service';
const SYMPTOMS = ['storefront-gateway', 'cart-service', 'payments-service'];
const HEALTHY = 'inventory-service';
const RELEASE_AT = Date.parse('2024-06-18T16:18:42Z');
const rowsOf = <T extends { service: string }>(rows: readonly T[], service: string): T[] => rows.filter((r) => r.service === service);
const at = <T extends { service: string; timestamp: string }>(rows: readonly T[], service: string, minutes: string[]): T[] =>
  minutes.map((m) => {
    const row = rows.find((r) => r.service === service && r.timestamp === m);
    if (row === undefined) throw new Error(`no ${service} sample at ${m}`);
    return row;
  });
const checkoutPods = (): Scenario['k8s']['pods'] => s.k8s.pods.filter((p) => p.name.startsWith(`${CULPRIT}-`));

describe('the checkout-oom-after-release scenario', () => {
  it('states the incident and how to score it, with a prompt that does not name the culprit', () => {
    expect(s.meta).toMatchObject({
      id: 'checkout-oom-after-release', now: '2024-06-18T16:40:00Z',
      expected: { must_not_blame: [HEALTHY, 'ledger-reconcile'], culprit: { kind: 'deployment', name: CULPRIT }, category: 'resources' },
    });
    expect(s.meta.prompt?.toLowerCase()).not.toContain('checkout');
    expect(s.meta.prompt?.toLowerCase()).not.toContain('memory');
    expect(s.meta.expected?.must_mention?.length).toBeGreaterThanOrEqual(3);
    expect(s.meta.expected?.must_mention?.length).toBeLessThanOrEqual(4);
  });

  it('has a realistic size: 4-7 services, 6-12 pods, 3 nodes, 60-120 log lines, and the organisation\'s runbooks', () => {
    const services = new Set([...s.metrics.errorRates, ...s.logs.entries].map((r) => r.service));
    expect(services.size).toBeGreaterThanOrEqual(4);
    expect(services.size).toBeLessThanOrEqual(7);
    expect(s.k8s.pods.length).toBeGreaterThanOrEqual(6);
    expect(s.k8s.pods.length).toBeLessThanOrEqual(12);
    expect(s.k8s.nodes).toHaveLength(3);
    expect(s.logs.entries.length).toBeGreaterThanOrEqual(60);
    expect(s.logs.entries.length).toBeLessThanOrEqual(120);
    expect(s.runbooks.playbooks.map((p) => p.id)).toContain('memory-pressure-playbook');
  });

  it('has the culprit named in expected.culprit in the data: deployment checkout-service, degraded since its new revision', () => {
    const culprit = s.meta.expected?.culprit;
    const deployment = s.k8s.deployments.find((d) => d.name === culprit?.name);
    expect(deployment).toMatchObject({ namespace: 'shop-prod', status: 'Degraded', revision: 48, replicas: 3, available_replicas: 1, unavailable_replicas: 2, updated_at: '2024-06-18T16:18:42Z' });
    expect(deployment?.image).toMatch(/checkout-service:3\.14\.0$/);
    expect(JSON.stringify(deployment)).toContain('checkout-service:3.13.2');
    expect(namesOf(callOk(s, 'k8s-api___get_deployment_status', { deployment_name: CULPRIT }).deployments)).toEqual([CULPRIT]);
    const rollout = s.k8s.events.filter((e) => e.object === `deployment/${CULPRIT}` && e.reason === 'ScalingReplicaSet');
    expect(rollout.map((e) => e.message)).toEqual(expect.arrayContaining([
      'Scaled up replica set checkout-service-7c9f6d5b8d to 1', 'Scaled down replica set checkout-service-5d8b7c6f9a to 0 from 1']));
    expect(Math.min(...rollout.map((e) => Date.parse(e.timestamp)))).toBe(RELEASE_AT);
    // ~20 minutes before the scenario clock, and before the first error
    expect((Date.parse(s.meta.now) - RELEASE_AT) / 60_000).toBeGreaterThan(18);
    expect(Date.parse(s.logs.entries.find((e) => e.level === 'ERROR')?.timestamp ?? '')).toBeGreaterThan(RELEASE_AT);
  });

  it('has every pod of the new revision OOMKilled at its 1Gi limit with restarts, and the kernel reporting the kills', () => {
    const pods = checkoutPods();
    expect(pods).toHaveLength(3);
    expect(pods.map((p) => p.status).sort()).toEqual(['CrashLoopBackOff', 'OOMKilled', 'Running']);
    for (const p of pods) {
      expect(p).toMatchObject({ namespace: 'shop-prod', last_state: { reason: 'OOMKilled', exit_code: 137 }, labels: { 'pod-template-hash': '7c9f6d5b8d' } });
      expect(p.restart_count).toBeGreaterThanOrEqual(3);
      expect(Date.parse(p.created_at ?? '')).toBeGreaterThanOrEqual(RELEASE_AT);
      expect(JSON.stringify(p['containers'])).toContain('"memory":"1Gi"');
    }
    const running = pods.find((p) => p.status === 'Running');
    expect(Number.parseInt(String(running?.resource_usage?.memory_utilization), 10)).toBeGreaterThan(90);
    const kills = s.k8s.events.filter((e) => e.reason === 'OOMKilling');
    expect(kills).toHaveLength(3);
    expect(kills.reduce((n, e) => n + (e.count ?? 0), 0)).toBe(pods.reduce((n, p) => n + (p.restart_count ?? 0), 0));
    const nodes = new Set(pods.map((p) => p.node));
    for (const e of kills) expect(nodes.has(e.object.replace('node/', ''))).toBe(true);
    // a container limit, not the node: no node is under MemoryPressure
    for (const n of s.k8s.nodes) expect(n.conditions?.find((c) => c.type === 'MemoryPressure')?.status).toBe('False');
    const svc = s.k8s.services.find((x) => x.name === CULPRIT);
    expect(svc?.endpoints).toEqual([`${String(running?.['ip'])}:8080`]);
    expect(svc?.['not_ready_endpoints']).toHaveLength(2);
  });

  it('shows the leak in the metrics: memory climbs to the limit and drops at each OOM kill, restarts climb', () => {
    const rows = at(s.metrics.resources, CULPRIT, MINUTES);
    const mem = rows.map((r) => r.memory_usage_mb);
    expect(mem[1]).toBeGreaterThan(mem[0] ?? Infinity);
    expect(Math.max(...rows.map((r) => Number(r['max_pod_memory_mb'])))).toBeGreaterThan(0.95 * 1024);
    expect(mem.filter((m, i) => i > 0 && m < (mem[i - 1] ?? 0) - 100).length).toBeGreaterThanOrEqual(3);
    const restarts = rows.map((r) => Number(r['restarts_total']));
    expect(restarts).toEqual([...restarts].sort((a, b) => a - b));
    expect(restarts.at(-1)).toBe(checkoutPods().reduce((n, p) => n + (p.restart_count ?? 0), 0));
    expect(rows.reduce((n, r) => n + Number(r['oom_kills']), 0)).toBe(restarts.at(-1));
    for (const r of rows) expect(r.memory_usage_percent).toBeCloseTo((r.memory_usage_mb / 1024) * 100, 1);
    const memTrend = s.metrics.trends.find((t) => t.service === CULPRIT && t.metric === 'memory_usage');
    expect(memTrend?.anomalies.length).toBeGreaterThan(0);
  });

  it('has the new version in the logs: restarts of 3.14.0, a Netty leak report and the memory watchdog near the limit', () => {
    const started = s.logs.entries.filter((e) => e.message.startsWith('Started CheckoutApplication'));
    // one start per pod at the rollout, one per restart, except the restarts still waiting in back-off
    const restarts = checkoutPods().reduce((n, p) => n + (p.restart_count ?? 0), 0);
    const waiting = checkoutPods().filter((p) => p.status !== 'Running').length;
    expect(started.length).toBe(3 + restarts - waiting);
    expect(started.every((e) => e.message.includes('version 3.14.0'))).toBe(true);
    const leaks = s.logs.entries.filter((e) => e.message.startsWith('LEAK: ByteBuf.release() was not called'));
    expect(leaks.length).toBeGreaterThan(0);
    expect(leaks.every((e) => e.service === CULPRIT && Date.parse(e.timestamp) > RELEASE_AT)).toBe(true);
    const before = s.logs.entries.filter((e) => e.message.startsWith('Memory watchdog') && Date.parse(e.timestamp) < RELEASE_AT);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((e) => e.message.includes('(55%)'))).toBe(true);
  });

  it('makes every must_mention group discoverable from the data, not only from scenario.json', () => {
    const { meta, ...data } = s;
    const text = JSON.stringify(data).toLowerCase();
    for (const group of meta.expected?.must_mention ?? []) {
      expect(group.some((term) => text.includes(term.toLowerCase())), group.join(' | ')).toBe(true);
    }
  });

  it('shows the symptoms downstream: the gateway, cart and payments fail in waves while their own pods stay healthy', () => {
    for (const name of SYMPTOMS) {
      expect(Math.max(...at(s.metrics.errorRates, name, BEFORE).map((r) => r.error_rate))).toBeLessThan(0.1);
      expect(Math.max(...rowsOf(s.metrics.errorRates, name).map((r) => r.error_rate))).toBeGreaterThan(2);
      expect(Math.max(...rowsOf(s.metrics.responseTimes, name).map((r) => r.percentile_99 ?? 0))).toBeGreaterThanOrEqual(3000);
      expect(s.k8s.deployments.find((d) => d.name === name)).toMatchObject({ status: 'Healthy', unavailable_replicas: 0 });
      expect(s.k8s.pods.filter((p) => p.name.startsWith(name)).every((p) => p.status === 'Running' && p.restart_count === 0)).toBe(true);
      expect(Math.max(...rowsOf(s.metrics.resources, name).map((r) => r.memory_usage_percent))).toBeLessThan(70);
    }
    // the waves follow the kills: the worst checkout minutes are those with OOM kills
    for (const r of at(s.metrics.errorRates, CULPRIT, MINUTES)) {
      const res = s.metrics.resources.find((x) => x.service === CULPRIT && x.timestamp === r.timestamp);
      if (r.error_rate > 20) expect(Number(res?.['oom_kills'])).toBeGreaterThan(0);
    }
    const clientErrors = s.logs.entries.filter((e) => e.level === 'ERROR' && e.service !== CULPRIT);
    expect(clientErrors.every((e) => e.message.includes('checkout'))).toBe(true);
  });

  it('keeps the red herrings healthy: inventory-service is noisy but its metrics are normal, and the Pending batch job is unrelated', () => {
    expect(Math.max(...rowsOf(s.metrics.responseTimes, HEALTHY).map((r) => r.response_time_ms))).toBeLessThanOrEqual(40);
    expect(Math.max(...rowsOf(s.metrics.responseTimes, HEALTHY).map((r) => r.percentile_99 ?? r.response_time_ms))).toBeLessThanOrEqual(500);
    expect(Math.max(...rowsOf(s.metrics.errorRates, HEALTHY).map((r) => r.error_rate))).toBeLessThan(0.1);
    expect(Math.min(...rowsOf(s.metrics.availability, HEALTHY).map((r) => r.availability_percentage))).toBeGreaterThanOrEqual(99.9);
    const mem = rowsOf(s.metrics.resources, HEALTHY).map((r) => r.memory_usage_mb);
    expect(Math.max(...mem) - Math.min(...mem)).toBeLessThan(100);
    expect(Math.max(...rowsOf(s.metrics.resources, HEALTHY).map((r) => r.cpu_usage_percent))).toBeLessThan(60);
    expect(s.logs.entries.filter((e) => e.service === HEALTHY && e.level === 'WARN').length).toBeGreaterThanOrEqual(5);
    expect(s.logs.entries.filter((e) => e.service === HEALTHY && e.level === 'ERROR')).toEqual([]);
    expect(s.metrics.trends.filter((t) => t.service === HEALTHY).every((t) => t.trend === 'stable' && t.anomalies.length === 0)).toBe(true);
    expect(s.k8s.deployments.find((d) => d.name === HEALTHY)).toMatchObject({ status: 'Healthy', unavailable_replicas: 0 });
    expect(s.k8s.pods.filter((p) => p.name.startsWith(HEALTHY)).every((p) => p.status === 'Running' && p.restart_count === 0)).toBe(true);
    expect(s.k8s.events.find((e) => e.object.startsWith(`pod/${HEALTHY}-`))).toMatchObject({ type: 'Warning', reason: 'Unhealthy' });
    const job = s.k8s.pods.find((p) => p.name.startsWith('ledger-reconcile-'));
    expect(job).toMatchObject({ namespace: 'finance-batch', status: 'Pending' });
    expect(Date.parse(job?.created_at ?? '')).toBeLessThan(RELEASE_AT);
    expect(s.k8s.events.find((e) => e.object === `pod/${job?.name}`)?.message).toContain('Insufficient cpu');
  });

  it('has one sample per service and minute from 16:22 to 16:40 in every metric file', () => {
    for (const rows of [s.metrics.responseTimes, s.metrics.throughput, s.metrics.resources, s.metrics.errorRates, s.metrics.availability]) {
      expect(new Set(rows.map((r) => r.service)).size).toBe(5);
      for (const service of new Set(rows.map((r) => r.service))) {
        expect(rows.filter((r) => r.service === service).map((r) => r.timestamp)).toEqual(MINUTES);
      }
    }
  });

  it('computes error rates and availability from the counts, and request counts from the throughput', () => {
    for (const r of s.metrics.errorRates) {
      expect(r.error_rate).toBeCloseTo((r.error_count / r.total_requests) * 100, 2);
      const codes = Object.entries(r.status_codes ?? {});
      expect(codes.reduce((n, [, v]) => n + v, 0)).toBe(r.total_requests);
      expect(codes.filter(([k]) => k !== '2xx').reduce((n, [, v]) => n + v, 0)).toBe(r.error_count);
      const availability = s.metrics.availability.find((a) => a.service === r.service && a.timestamp === r.timestamp);
      expect(availability?.availability_percentage).toBeCloseTo(100 - r.error_rate, 2);
      const rps = s.metrics.throughput.find((t) => t.service === r.service && t.timestamp === r.timestamp)?.requests_per_second;
      expect(r.total_requests).toBe((rps ?? NaN) * 60);
    }
  });

  it('derives the trends from the metric series', () => {
    const series = (metric: string, service: string): { timestamp: string; value: number }[] => {
      const m = s.metrics;
      const pick: Record<string, () => { timestamp: string; value: number }[]> = {
        response_time: () => rowsOf(m.responseTimes, service).map((r) => ({ timestamp: r.timestamp, value: r.response_time_ms })),
        error_rate: () => rowsOf(m.errorRates, service).map((r) => ({ timestamp: r.timestamp, value: r.error_rate })),
        throughput: () => rowsOf(m.throughput, service).map((r) => ({ timestamp: r.timestamp, value: r.requests_per_second })),
        availability: () => rowsOf(m.availability, service).map((r) => ({ timestamp: r.timestamp, value: r.availability_percentage })),
        memory_usage: () => rowsOf(m.resources, service).map((r) => ({ timestamp: r.timestamp, value: r.memory_usage_mb })),
        cpu_usage: () => rowsOf(m.resources, service).map((r) => ({ timestamp: r.timestamp, value: r.cpu_usage_percent })),
      };
      const get = pick[metric];
      if (get === undefined) throw new Error(`unknown trend metric ${metric}`);
      return get();
    };
    expect(s.metrics.trends.length).toBeGreaterThanOrEqual(10);
    for (const t of s.metrics.trends) {
      const values = series(t.metric, t.service);
      expect(values).toHaveLength(MINUTES.length);
      const avg = values.reduce((a, v) => a + v.value, 0) / values.length;
      expect(t.average_value, `${t.service} ${t.metric}`).toBeCloseTo(avg, 1);
      for (const a of t.anomalies) expect(values).toContainEqual({ timestamp: a.timestamp, value: a.value });
      const first = values[0]?.value ?? 0;
      const last = values.at(-1)?.value ?? 0;
      if (t.trend === 'increasing') expect(last).toBeGreaterThan(first);
      if (t.trend === 'decreasing') expect(last).toBeLessThan(first);
    }
  });

  it('keeps the log and the events in time order and before the scenario clock', () => {
    const stamps = s.logs.entries.map((e) => Date.parse(e.timestamp));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    const events = s.k8s.events.map((e) => Date.parse(e.timestamp));
    expect(events).toEqual([...events].sort((a, b) => a - b));
    expect(Math.max(...stamps, ...events)).toBeLessThan(Date.parse(s.meta.now));
  });
});
