import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/adapters/demo-infra/scenario-loader.js';
import type { Scenario } from '../../../src/adapters/demo-infra/scenario.js';
import { callOk, namesOf } from '../adapters/demo-infra/scenario-fixture.js';

let s: Scenario;

beforeAll(async () => {
  s = await loadScenario('scenarios/payments-bad-image', 'scenarios/_library/runbooks');
});

const MINUTES = Array.from({ length: 16 }, (_, i) => `2024-05-22T19:${String(35 + i).padStart(2, '0')}:00Z`);
const BEFORE = MINUTES.slice(0, 4);
const DEGRADED = MINUTES.slice(5);
const ROLLOUT = '2024-05-22T19:38:08Z';
const BAD_IMAGE = 'europe-west1-docker.pkg.dev/kestrel-prod/services/payments-api:3.91.0';
const HEALTHY = ['fraud-scoring', 'ledger-service'];
const rowsOf = <T extends { service: string }>(rows: readonly T[], service: string): T[] => rows.filter((r) => r.service === service);
const at = <T extends { service: string; timestamp: string }>(rows: readonly T[], service: string, minutes: string[]): T[] =>
  minutes.map((m) => {
    const row = rows.find((r) => r.service === service && r.timestamp === m);
    if (row === undefined) throw new Error(`no ${service} sample at ${m}`);
    return row;
  });

describe('the payments-bad-image scenario', () => {
  it('states the incident and how to score it, with a prompt that does not name the culprit', () => {
    expect(s.meta).toMatchObject({
      id: 'payments-bad-image', now: '2024-05-22T19:50:00Z',
      expected: {
        must_not_blame: ['fraud-scoring', 'ledger-service', 'settlement-reconcile'],
        culprit: { kind: 'deployment', name: 'payments-api' }, category: 'deployment',
      },
    });
    const prompt = s.meta.prompt?.toLowerCase() ?? '';
    for (const word of ['payments', 'image', 'rollout', 'deploy']) expect(prompt).not.toContain(word);
    expect(s.meta.expected?.must_mention?.length).toBeGreaterThanOrEqual(3);
    expect(s.meta.expected?.must_mention?.length).toBeLessThanOrEqual(4);
  });

  it('has a realistic size: 4-7 services, 6-12 pods, 3 nodes, 60-120 log lines, and is served the runbook library', () => {
    const services = new Set([...s.metrics.errorRates, ...s.logs.entries].map((r) => r.service));
    expect(services.size).toBeGreaterThanOrEqual(4);
    expect(services.size).toBeLessThanOrEqual(7);
    expect(s.k8s.pods.length).toBeGreaterThanOrEqual(6);
    expect(s.k8s.pods.length).toBeLessThanOrEqual(12);
    expect(s.k8s.nodes).toHaveLength(3);
    expect(s.k8s.nodes.every((n) => n.status === 'Ready' && (n.conditions ?? []).every((c) => (c.type === 'Ready') === (c.status === 'True')))).toBe(true);
    expect(s.logs.entries.length).toBeGreaterThanOrEqual(60);
    expect(s.logs.entries.length).toBeLessThanOrEqual(120);
    expect(s.runbooks.playbooks.map((p) => p.id)).toContain('image-pull-failure');
  });

  it('has the culprit named in expected.culprit in the data: a Degraded deployment whose recent rollout points at a tag the registry does not have', () => {
    const culprit = s.meta.expected?.culprit;
    const deployment = s.k8s.deployments.find((d) => d.name === culprit?.name);
    expect(deployment).toMatchObject({
      namespace: 'payments', replicas: 4, available_replicas: 2, unavailable_replicas: 2, status: 'Degraded',
      image: BAD_IMAGE, revision: 112, updated_at: ROLLOUT,
    });
    expect(deployment?.conditions).toContainEqual(expect.objectContaining({ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }));
    expect(namesOf(callOk(s, 'k8s-api___get_deployment_status', { deployment_name: 'payments-api' }).deployments)).toEqual(['payments-api']);

    const pods = s.k8s.pods.filter((p) => p.labels?.['app'] === 'payments-api');
    const stuck = pods.filter((p) => p.status !== 'Running');
    const running = pods.filter((p) => p.status === 'Running');
    expect(stuck.map((p) => p.status).sort()).toEqual(['ErrImagePull', 'ImagePullBackOff', 'ImagePullBackOff']);
    expect(stuck.every((p) => p.phase === 'Pending' && p.created_at === ROLLOUT && p.restart_count === 0)).toBe(true);
    expect(stuck.every((p) => JSON.stringify(p).includes(BAD_IMAGE))).toBe(true);
    expect(running).toHaveLength(2);
    expect(running.every((p) => !JSON.stringify(p).includes(BAD_IMAGE) && JSON.stringify(p).includes('payments-api:3.18.4'))).toBe(true);
    // only the two old pods still serve
    expect(s.k8s.services.find((svc) => svc.name === 'payments-api')?.endpoints).toEqual(running.map((p) => `${p.ip as string}:8080`));
  });

  it('tells the story in the events: the rollout scales the old ReplicaSet down to 2 while every pull of the new tag fails', () => {
    const events = s.k8s.events;
    const rollout = events.filter((e) => e.object === 'deployment/payments-api' && e.reason === 'ScalingReplicaSet');
    expect(rollout.map((e) => e.message)).toContain('Scaled down replica set payments-api-5b8f7c6d94 to 2 from 4');
    expect(rollout.every((e) => e.timestamp === ROLLOUT)).toBe(true);
    const pullErrors = events.filter((e) => e.type === 'Warning' && e.reason === 'Failed' && e.message.startsWith('Failed to pull image'));
    expect(pullErrors.length).toBeGreaterThanOrEqual(3);
    expect(pullErrors.every((e) => e.message.includes(BAD_IMAGE) && e.message.endsWith('not found'))).toBe(true);
    expect(events.filter((e) => e.reason === 'BackOff').every((e) => e.message === `Back-off pulling image "${BAD_IMAGE}"`)).toBe(true);
    expect(events.some((e) => e.message === 'Error: ImagePullBackOff')).toBe(true);
    // the two terminated pods shut down at the rollout, in the application log too
    const sigterm = s.logs.entries.filter((e) => e.message.startsWith('Received SIGTERM'));
    expect(sigterm).toHaveLength(2);
    for (const e of sigterm) expect(events).toContainEqual(expect.objectContaining({ reason: 'Killing', object: `pod/${e.message.split('pod=')[1] ?? ''}` }));
  });

  it('makes every must_mention group discoverable from the data, not only from scenario.json', () => {
    const { meta, ...data } = s;
    const text = JSON.stringify(data).toLowerCase();
    for (const group of meta.expected?.must_mention ?? []) {
      expect(group.some((term) => text.includes(term.toLowerCase())), group.join(' | ')).toBe(true);
    }
  });

  it('shows the symptoms: payments-api saturates and checkout-api fails only after the rollout', () => {
    for (const name of ['payments-api', 'checkout-api']) {
      expect(Math.max(...at(s.metrics.errorRates, name, BEFORE).map((r) => r.error_rate))).toBeLessThan(0.5);
      expect(Math.min(...at(s.metrics.errorRates, name, DEGRADED).map((r) => r.error_rate))).toBeGreaterThan(9);
      expect(Math.min(...at(s.metrics.responseTimes, name, DEGRADED).map((r) => r.response_time_ms))).toBeGreaterThan(5 * Math.max(...at(s.metrics.responseTimes, name, BEFORE).map((r) => r.response_time_ms)));
    }
    expect(Math.min(...at(s.metrics.resources, 'payments-api', DEGRADED).map((r) => r.cpu_usage_percent))).toBeGreaterThanOrEqual(95);
    expect(s.k8s.deployments.find((d) => d.name === 'checkout-api')).toMatchObject({ status: 'Healthy', unavailable_replicas: 0 });
    const firstError = s.logs.entries.find((e) => e.level === 'ERROR');
    expect(Date.parse(firstError?.timestamp ?? '')).toBeGreaterThan(Date.parse(ROLLOUT));
    expect(firstError?.service).toBe('payments-api');
  });

  it('keeps the red herrings healthy in every metric although fraud-scoring is noisy', () => {
    for (const name of HEALTHY) {
      expect(Math.max(...rowsOf(s.metrics.responseTimes, name).map((r) => r.response_time_ms))).toBeLessThanOrEqual(50);
      expect(Math.max(...rowsOf(s.metrics.responseTimes, name).map((r) => r.percentile_99 ?? r.response_time_ms))).toBeLessThanOrEqual(150);
      expect(Math.max(...rowsOf(s.metrics.errorRates, name).map((r) => r.error_rate))).toBeLessThan(0.1);
      expect(Math.min(...rowsOf(s.metrics.availability, name).map((r) => r.availability_percentage))).toBeGreaterThanOrEqual(99.9);
      expect(Math.max(...rowsOf(s.metrics.resources, name).map((r) => r.cpu_usage_percent))).toBeLessThan(60);
      expect(s.logs.entries.filter((e) => e.service === name && e.level === 'ERROR')).toEqual([]);
      expect(s.metrics.trends.filter((t) => t.service === name).every((t) => t.trend === 'stable' && t.anomalies.length === 0)).toBe(true);
      expect(s.k8s.deployments.find((d) => d.name === name)).toMatchObject({ status: 'Healthy', unavailable_replicas: 0 });
      expect(s.k8s.pods.filter((p) => p.name.startsWith(name)).every((p) => p.status === 'Running' && p.restart_count === 0)).toBe(true);
    }
    expect(s.logs.entries.filter((e) => e.service === 'fraud-scoring' && e.level === 'WARN').length).toBeGreaterThanOrEqual(8);
    expect(s.k8s.events.find((e) => e.object.startsWith('pod/fraud-scoring-'))).toMatchObject({ type: 'Warning', reason: 'Unhealthy' });
    const job = s.k8s.pods.find((p) => p.name.startsWith('settlement-reconcile-'));
    expect(job).toMatchObject({ namespace: 'reporting', status: 'Pending', node: null });
    expect(Date.parse(job?.created_at ?? '')).toBeLessThan(Date.parse(ROLLOUT));
  });

  it('has one sample per service and minute from 19:35 to 19:50 in every metric file', () => {
    for (const rows of [s.metrics.responseTimes, s.metrics.throughput, s.metrics.resources, s.metrics.errorRates, s.metrics.availability]) {
      const services = new Set(rows.map((r) => r.service));
      expect([...services].sort()).toEqual(['checkout-api', 'fraud-scoring', 'ledger-service', 'payments-api']);
      for (const service of services) {
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
      expect(r.total_requests).toBe((rps ?? Number.NaN) * 60);
      const codes = Object.values(r.status_codes ?? {}).reduce((a, b) => a + b, 0);
      expect(codes).toBe(r.total_requests);
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
        cpu_usage: () => rowsOf(m.resources, service).map((r) => ({ timestamp: r.timestamp, value: r.cpu_usage_percent })),
        memory_usage: () => rowsOf(m.resources, service).map((r) => ({ timestamp: r.timestamp, value: r.memory_usage_mb })),
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
