import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/adapters/demo-infra/scenario-loader.js';
import type { Scenario } from '../../../src/adapters/demo-infra/scenario.js';
import { callOk, namesOf } from '../adapters/demo-infra/scenario-fixture.js';

let s: Scenario;

beforeAll(async () => {
  s = await loadScenario('scenarios/orders-redis-outage', 'scenarios/_library/runbooks');
});

const MINUTES = Array.from({ length: 16 }, (_, i) => `2024-03-07T09:${String(30 + i).padStart(2, '0')}:00Z`);
const BEFORE = MINUTES.slice(0, 2);
const OUTAGE = MINUTES.slice(7);
const HEALTHY = ['search-service', 'notifications-service'];
const rowsOf = <T extends { service: string }>(rows: readonly T[], service: string): T[] => rows.filter((r) => r.service === service);
const at = <T extends { service: string; timestamp: string }>(rows: readonly T[], service: string, minutes: string[]): T[] =>
  minutes.map((m) => {
    const row = rows.find((r) => r.service === service && r.timestamp === m);
    if (row === undefined) throw new Error(`no ${service} sample at ${m}`);
    return row;
  });

describe('the orders-redis-outage scenario', () => {
  it('states the incident and how to score it, with a prompt that does not name the culprit', () => {
    expect(s.meta).toMatchObject({
      id: 'orders-redis-outage', now: '2024-03-07T09:45:00Z',
      expected: {
        must_not_blame: ['search-service', 'notifications-service', 'catalog-export'],
        culprit: { kind: 'pod', name: 'redis-0' }, category: 'dependency',
      },
    });
    expect(s.meta.prompt?.toLowerCase()).not.toContain('redis');
    expect(s.meta.expected?.must_mention?.length).toBeGreaterThanOrEqual(3);
    expect(s.meta.expected?.must_mention?.length).toBeLessThanOrEqual(4);
  });

  it('has a realistic size: 4-7 services, 6-12 pods, 3 nodes, 60-120 log lines', () => {
    const services = new Set([...s.metrics.errorRates, ...s.logs.entries].map((r) => r.service));
    expect(services.size).toBeGreaterThanOrEqual(4);
    expect(services.size).toBeLessThanOrEqual(7);
    expect(s.k8s.pods.length).toBeGreaterThanOrEqual(6);
    expect(s.k8s.pods.length).toBeLessThanOrEqual(12);
    expect(s.k8s.nodes).toHaveLength(3);
    expect(s.logs.entries.length).toBeGreaterThanOrEqual(60);
    expect(s.logs.entries.length).toBeLessThanOrEqual(120);
    expect(s.runbooks.playbooks.length).toBeGreaterThan(0);
  });

  it('has the culprit named in expected.culprit in the data: redis-0 crash-looping on a full volume, its service without endpoints', () => {
    const culprit = s.meta.expected?.culprit;
    const redis = s.k8s.pods.find((p) => p.name === culprit?.name);
    expect(redis).toMatchObject({ namespace: 'data', status: 'CrashLoopBackOff', restart_count: 6, last_state: { reason: 'Error', exit_code: 1 } });
    expect(JSON.stringify(redis?.last_state)).toContain('No space left on device');
    expect(namesOf(callOk(s, 'k8s-api___get_pod_status', { namespace: 'data' }).pods)).toEqual(['redis-0']);
    expect(s.k8s.deployments.find((d) => d.name === 'redis')).toMatchObject({ kind: 'StatefulSet', status: 'Failed', available_replicas: 0 });
    expect(s.k8s.services.find((svc) => svc.name === 'redis')?.endpoints).toEqual([]);
    expect(s.k8s.events.filter((e) => e.object === 'pod/redis-0').map((e) => e.reason)).toContain('BackOff');
    const redisErrors = s.logs.entries.filter((e) => e.service === 'redis' && e.level === 'ERROR');
    expect(redisErrors.every((e) => e.message.includes('No space left on device') || e.message.includes('AOF write error'))).toBe(true);
    expect(rowsOf(s.metrics.resources, 'redis').at(-1)).toMatchObject({ volume: 'data-redis-0', volume_usage_percent: 100 });
  });

  it('makes every must_mention group discoverable from the data, not only from scenario.json', () => {
    const { meta, ...data } = s;
    const text = JSON.stringify(data).toLowerCase();
    for (const group of meta.expected?.must_mention ?? []) {
      expect(group.some((term) => text.includes(term.toLowerCase())), group.join(' | ')).toBe(true);
    }
  });

  it('shows the symptoms downstream: orders-service and auth-service fail while their own pods stay healthy', () => {
    for (const name of ['orders-service', 'auth-service']) {
      expect(Math.max(...at(s.metrics.errorRates, name, BEFORE).map((r) => r.error_rate))).toBeLessThan(1);
      expect(Math.min(...at(s.metrics.errorRates, name, OUTAGE).map((r) => r.error_rate))).toBeGreaterThan(50);
      expect(s.k8s.deployments.find((d) => d.name === name)).toMatchObject({ status: 'Healthy', unavailable_replicas: 0 });
      expect(s.k8s.pods.filter((p) => p.name.startsWith(name)).every((p) => p.status === 'Running' && p.restart_count === 0)).toBe(true);
    }
    expect(Math.min(...at(s.metrics.responseTimes, 'orders-service', OUTAGE).map((r) => r.response_time_ms))).toBeGreaterThan(1900);
    // the first client error follows the first Redis persistence failure
    const firstRedis = s.logs.entries.find((e) => e.service === 'redis' && e.level === 'ERROR');
    const firstClient = s.logs.entries.find((e) => e.service !== 'redis' && e.level === 'ERROR');
    expect(Date.parse(firstClient?.timestamp ?? '')).toBeGreaterThan(Date.parse(firstRedis?.timestamp ?? ''));
  });

  it('keeps the red herrings healthy in every metric although they are noisy', () => {
    for (const name of HEALTHY) {
      expect(Math.max(...rowsOf(s.metrics.responseTimes, name).map((r) => r.response_time_ms))).toBeLessThanOrEqual(60);
      expect(Math.max(...rowsOf(s.metrics.responseTimes, name).map((r) => r.percentile_99 ?? r.response_time_ms))).toBeLessThanOrEqual(500);
      expect(Math.max(...rowsOf(s.metrics.errorRates, name).map((r) => r.error_rate))).toBeLessThan(0.1);
      expect(Math.min(...rowsOf(s.metrics.availability, name).map((r) => r.availability_percentage))).toBeGreaterThanOrEqual(99.9);
      expect(Math.max(...rowsOf(s.metrics.resources, name).map((r) => r.cpu_usage_percent))).toBeLessThan(60);
      expect(s.logs.entries.filter((e) => e.service === name && e.level === 'WARN').length).toBeGreaterThanOrEqual(3);
      expect(s.logs.entries.filter((e) => e.service === name && e.level === 'ERROR')).toEqual([]);
      expect(s.metrics.trends.filter((t) => t.service === name).every((t) => t.trend === 'stable' && t.anomalies.length === 0)).toBe(true);
      expect(s.k8s.deployments.find((d) => d.name === name)).toMatchObject({ status: 'Healthy', unavailable_replicas: 0 });
    }
    expect(s.k8s.events.find((e) => e.object.startsWith('pod/search-service-'))).toMatchObject({ type: 'Warning', reason: 'Unhealthy' });
    const job = s.k8s.pods.find((p) => p.name.startsWith('catalog-export-'));
    expect(job).toMatchObject({ namespace: 'batch', status: 'Pending' });
    expect(Date.parse(job?.created_at ?? '')).toBeLessThan(Date.parse(s.logs.entries.find((e) => e.level === 'ERROR')?.timestamp ?? ''));
  });

  it('has one sample per service and minute from 09:30 to 09:45 in every metric file', () => {
    for (const rows of [s.metrics.responseTimes, s.metrics.throughput, s.metrics.resources, s.metrics.errorRates, s.metrics.availability]) {
      for (const service of new Set(rows.map((r) => r.service))) {
        expect(rows.filter((r) => r.service === service).map((r) => r.timestamp)).toEqual(MINUTES);
      }
    }
  });

  it('computes error rates and availability from the counts, and request counts from the throughput', () => {
    for (const r of s.metrics.errorRates) {
      expect(r.error_rate).toBeCloseTo((r.error_count / r.total_requests) * 100, 2);
      const availability = s.metrics.availability.find((a) => a.service === r.service && a.timestamp === r.timestamp);
      expect(availability?.availability_percentage).toBeCloseTo(100 - r.error_rate, 2);
      const rps = s.metrics.throughput.find((t) => t.service === r.service && t.timestamp === r.timestamp)?.requests_per_second;
      if (rps !== undefined) expect(r.total_requests).toBe(rps * 60);
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
        volume_usage: () => rowsOf(m.resources, service).map((r) => ({ timestamp: r.timestamp, value: Number(r['volume_usage_percent']) })),
      };
      const get = pick[metric];
      if (get === undefined) throw new Error(`unknown trend metric ${metric}`);
      return get();
    };
    expect(s.metrics.trends.length).toBeGreaterThanOrEqual(8);
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
});
