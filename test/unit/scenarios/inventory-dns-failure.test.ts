import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/adapters/demo-infra/scenario-loader.js';
import type { Scenario } from '../../../src/adapters/demo-infra/scenario.js';
import { callOk } from '../adapters/demo-infra/scenario-fixture.js';

let s: Scenario;

beforeAll(async () => {
  s = await loadScenario('scenarios/inventory-dns-failure', 'scenarios/_library/runbooks');
});

const MINUTES = Array.from({ length: 16 }, (_, i) => `2024-03-07T09:${String(30 + i).padStart(2, '0')}:00Z`);
const BEFORE = MINUTES.slice(0, 4);
const DURING = MINUTES.slice(6);
const RED_HERRING = 'search-service';
const SYMPTOMS = ['inventory-service', 'checkout-service', 'payments-service'];

interface Sample { readonly service: string; readonly timestamp: string }
const of = <T extends Sample>(rows: readonly T[], service: string, at: readonly string[] = MINUTES): T[] =>
  at.map((ts) => rows.find((r) => r.service === service && r.timestamp === ts)).filter((r): r is T => r !== undefined);
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const linesOf = (service: string) => s.logs.entries.filter((e) => e.service === service);

/** The series a trend summarises, read from the metric files. */
function seriesOf(metric: string, service: string): { timestamp: string; value: number }[] {
  const m = s.metrics;
  const pick = <T extends Sample>(rows: readonly T[], value: (r: T) => number) => of(rows, service).map((r) => ({ timestamp: r.timestamp, value: value(r) }));
  switch (metric) {
    case 'response_time': return pick(m.responseTimes, (r) => r.response_time_ms);
    case 'error_rate': return pick(m.errorRates, (r) => r.error_rate);
    case 'throughput': return pick(m.throughput, (r) => r.requests_per_second);
    case 'availability': return pick(m.availability, (r) => r.availability_percentage);
    case 'cpu_usage': return pick(m.resources, (r) => r.cpu_usage_percent);
    case 'memory_usage': return pick(m.resources, (r) => r.memory_usage_mb);
    default: throw new Error(`no series for ${metric}`);
  }
}

describe('the inventory-dns-failure scenario', () => {
  it('states the incident and how to score it, with a prompt that does not give the culprit away', () => {
    expect(s.meta).toMatchObject({
      id: 'inventory-dns-failure', now: '2024-03-07T09:45:00Z',
      expected: { must_not_blame: [RED_HERRING, 'report-export'], culprit: { kind: 'deployment', name: 'coredns' }, category: 'network' },
    });
    expect(s.meta.expected?.must_mention).toHaveLength(4);
    expect(s.meta.prompt).toBeTruthy();
    expect(s.meta.prompt).not.toMatch(/coredns|kube-dns|dns|corefile|kube-system/i);
  });

  it('has the size the scenario format asks for', () => {
    expect(s.k8s.nodes).toHaveLength(3);
    expect(s.k8s.pods.length).toBeGreaterThanOrEqual(6);
    expect(s.k8s.pods.length).toBeLessThanOrEqual(12);
    const services = new Set(s.metrics.errorRates.map((r) => r.service));
    expect(services.size).toBeGreaterThanOrEqual(4);
    expect(services.size).toBeLessThanOrEqual(7);
    expect(s.logs.entries.length).toBeGreaterThanOrEqual(60);
    expect(s.logs.entries.length).toBeLessThanOrEqual(120);
  });

  it('has the culprit, deployment coredns in kube-system, with no available replica and its pods crash-looping on a forwarding loop', () => {
    const culprit = s.meta.expected?.culprit;
    const deployment = s.k8s.deployments.find((d) => d.name === culprit?.name);
    expect(deployment).toMatchObject({ namespace: 'kube-system', replicas: 2, available_replicas: 0, unavailable_replicas: 2, status: 'Failed' });
    const pods = s.k8s.pods.filter((p) => p.name.startsWith(`${culprit?.name ?? '?'}-`));
    expect(pods).toHaveLength(2);
    for (const pod of pods) {
      expect(pod).toMatchObject({ namespace: 'kube-system', status: 'CrashLoopBackOff', restart_count: 6, last_state: { reason: 'Error', exit_code: 1 } });
      expect(JSON.stringify(pod)).toContain('plugin/loop: Loop');
      expect(JSON.stringify(pod)).toContain('"config_map":"coredns"');
      expect(s.k8s.events.filter((e) => e.object === `pod/${pod.name}`).map((e) => e.reason)).toEqual(expect.arrayContaining(['BackOff', 'Unhealthy']));
    }
    expect(s.k8s.services.find((svc) => svc.name === 'kube-dns')).toMatchObject({ namespace: 'kube-system', cluster_ip: '10.96.0.10', endpoints: [] });
  });

  it('shows the Corefile change just before CoreDNS started dying, and the loop at every start', () => {
    const change = s.k8s.events.find((e) => e.message.includes('ConfigMap/kube-system/coredns configured'));
    expect(change?.timestamp).toBe('2024-03-07T09:33:18Z');
    const coredns = linesOf('coredns');
    expect(coredns.filter((e) => e.message.startsWith('plugin/reload: Running configuration'))).toHaveLength(2);
    const loops = coredns.filter((e) => e.message.startsWith('plugin/loop: Loop'));
    expect(loops).toHaveLength(14);
    expect(loops.every((e) => e.level === 'ERROR' && e.timestamp > change!.timestamp)).toBe(true);
    const firstSymptom = s.logs.entries.find((e) => SYMPTOMS.includes(e.service) && e.level === 'ERROR');
    expect(firstSymptom!.timestamp > loops[0]!.timestamp).toBe(true);
  });

  it('keeps every application pod Running and Ready while its name lookups fail', () => {
    for (const pod of s.k8s.pods.filter((p) => p.namespace === 'retail')) {
      expect(pod.status).toBe('Running');
      expect(pod.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    }
    for (const d of s.k8s.deployments.filter((x) => x.namespace === 'retail')) expect(d.status).toBe('Healthy');
    const dnsError = /EAI_AGAIN|on 10\.96\.0\.10:53: .*i\/o timeout|UnknownHostException/;
    for (const service of SYMPTOMS) {
      expect(linesOf(service).filter((e) => e.level === 'ERROR').every((e) => dnsError.test(e.message)), service).toBe(true);
      expect(linesOf(service).filter((e) => e.level === 'ERROR').length).toBeGreaterThanOrEqual(6);
    }
  });

  it('degrades the symptoms and CoreDNS together from 09:34, while catalog-db stays up with less traffic', () => {
    for (const service of [...SYMPTOMS, 'coredns']) {
      expect(Math.max(...of(s.metrics.errorRates, service, BEFORE).map((r) => r.error_rate)), service).toBeLessThan(1);
      expect(Math.min(...of(s.metrics.errorRates, service, DURING).map((r) => r.error_rate)), service).toBeGreaterThan(40);
      expect(Math.min(...of(s.metrics.responseTimes, service, DURING).map((r) => r.response_time_ms)), service).toBeGreaterThan(2000);
    }
    expect(of(s.metrics.errorRates, 'coredns', DURING).map((r) => r.error_rate)).toEqual(DURING.map(() => 100));
    expect(of(s.metrics.availability, 'catalog-db').map((r) => r.availability_percentage)).toEqual(MINUTES.map(() => 100));
    expect(mean(of(s.metrics.throughput, 'catalog-db', DURING).map((r) => r.requests_per_second)))
      .toBeLessThan(0.5 * mean(of(s.metrics.throughput, 'catalog-db', BEFORE).map((r) => r.requests_per_second)));
  });

  it('keeps the noisy red herring, search-service, healthy in every metric', () => {
    expect(linesOf(RED_HERRING).filter((e) => e.level === 'WARN').length).toBeGreaterThanOrEqual(5);
    expect(linesOf(RED_HERRING).filter((e) => e.level === 'ERROR')).toEqual([]);
    expect(s.k8s.events.some((e) => e.type === 'Warning' && e.object.startsWith(`pod/${RED_HERRING}-`))).toBe(true);
    expect(Math.max(...of(s.metrics.responseTimes, RED_HERRING).map((r) => r.percentile_99 ?? r.response_time_ms))).toBeLessThanOrEqual(250);
    expect(Math.max(...of(s.metrics.errorRates, RED_HERRING).map((r) => r.error_rate))).toBeLessThan(0.05);
    expect(Math.min(...of(s.metrics.availability, RED_HERRING).map((r) => r.availability_percentage))).toBeGreaterThanOrEqual(99.95);
    const rps = of(s.metrics.throughput, RED_HERRING).map((r) => r.requests_per_second);
    expect(Math.max(...rps) / Math.min(...rps)).toBeLessThan(1.1);
    for (const t of s.metrics.trends.filter((x) => x.service === RED_HERRING)) expect(t).toMatchObject({ trend: 'stable', anomalies: [] });
  });

  it('has an unrelated Pending batch pod in another namespace as a second distraction', () => {
    const job = s.k8s.pods.find((p) => p.name.startsWith('report-export-'));
    expect(job).toMatchObject({ namespace: 'analytics', status: 'Pending' });
    expect(s.k8s.events.find((e) => e.object === `pod/${job?.name}`)).toMatchObject({ reason: 'FailedScheduling' });
  });

  it('has one sample per service and minute from 09:30 to 09:45 in every metric file', () => {
    for (const rows of [s.metrics.responseTimes, s.metrics.throughput, s.metrics.resources, s.metrics.errorRates, s.metrics.availability]) {
      for (const service of new Set(rows.map((r: Sample) => r.service))) {
        expect(rows.filter((r: Sample) => r.service === service).map((r: Sample) => r.timestamp)).toEqual(MINUTES);
      }
    }
  });

  it('computes error rates from the counts and the throughput, and availability from the error rates', () => {
    for (const r of s.metrics.errorRates) {
      expect(r.error_rate).toBeCloseTo((r.error_count / r.total_requests) * 100, 2);
      const throughput = s.metrics.throughput.find((t) => t.service === r.service && t.timestamp === r.timestamp);
      expect(r.total_requests).toBe(Math.round((throughput?.requests_per_second ?? 0) * 60));
      const availability = s.metrics.availability.find((a) => a.service === r.service && a.timestamp === r.timestamp);
      expect(availability?.availability_percentage).toBeCloseTo(100 - r.error_rate, 2);
      const codes = Object.values(r.status_codes ?? {}).reduce((a, b) => a + b, 0);
      expect(codes).toBe(r.total_requests);
    }
  });

  it('summarises the metric files in its trends', () => {
    expect(s.metrics.trends.length).toBeGreaterThanOrEqual(10);
    for (const t of s.metrics.trends) {
      const series = seriesOf(t.metric, t.service);
      const values = series.map((p) => p.value);
      const avg = mean(values);
      expect(t.average_value, `${t.service} ${t.metric}`).toBeCloseTo(avg, 1);
      expect(t.standard_deviation).toBeCloseTo(Math.sqrt(mean(values.map((v) => (v - avg) ** 2))), 1);
      for (const a of t.anomalies) expect(series).toContainEqual({ timestamp: a.timestamp, value: a.value });
    }
    const trend = (service: string, metric: string) => s.metrics.trends.find((t) => t.service === service && t.metric === metric)?.trend;
    expect(trend('coredns', 'availability')).toBe('decreasing');
    for (const service of SYMPTOMS) expect(trend(service, 'error_rate')).toBe('increasing');
    expect(trend('catalog-db', 'throughput')).toBe('decreasing');
  });

  it('lets the tools find the broken CoreDNS and the lookup failures', () => {
    const pods = callOk(s, 'k8s-api___get_pod_status', { namespace: 'kube-system' })['pods'] as { status: string }[];
    expect(pods.map((p) => p.status)).toEqual(['CrashLoopBackOff', 'CrashLoopBackOff']);
    const logs = callOk(s, 'logs-api___search_logs', { pattern: 'EAI_AGAIN' })['logs'] as unknown[];
    expect(logs.length).toBe(14);
    const warnings = callOk(s, 'k8s-api___get_cluster_events', { severity: 'Warning' })['events'] as { object: string }[];
    expect(warnings.some((e) => e.object.startsWith('pod/coredns-'))).toBe(true);
  });

  it('is served the organisation\'s runbook library, which has a DNS playbook', () => {
    expect(s.runbooks.playbooks.map((p) => p.id)).toContain('dns-resolution-failure');
    expect(s.runbooks.guides.map((g) => g.id)).toContain('dns-troubleshooting');
  });
});
