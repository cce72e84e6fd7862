import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../../src/adapters/demo-infra/scenario-loader.js';
import type { Scenario } from '../../../../src/adapters/demo-infra/scenario.js';

let s: Scenario;

beforeAll(async () => {
  s = await loadScenario('scenarios/database-configmap-crashloop', 'scenarios/_library/runbooks');
});

const MINUTES = Array.from({ length: 16 }, (_, i) => `2024-01-15T14:${String(15 + i).padStart(2, '0')}:00Z`);
const series = <T extends { service: string; timestamp: string }>(rows: readonly T[], service: string, at: string[] = MINUTES) =>
  at.map((ts) => rows.find((r) => r.service === service && r.timestamp === ts));

describe('the database-configmap-crashloop scenario', () => {
  it('states the incident and how to score it', () => {
    expect(s.meta).toMatchObject({
      id: 'database-configmap-crashloop', now: '2024-01-15T14:30:00Z',
      prompt: 'API response times have degraded 3x in the last hour. What is going on?',
      expected: { must_not_blame: ['product-catalog-service'], culprit: { kind: 'pod', name: 'database-pod-7b9c4d8f2a-x5m1q' }, category: 'configuration' },
    });
  });

  it('has the culprit crash-looping, its deployment failed and its ConfigMap reported missing', () => {
    expect(s.k8s.pods.find((p) => p.name === s.meta.expected?.culprit?.name)).toMatchObject({ status: 'CrashLoopBackOff', restart_count: 15, last_state: { reason: 'Error', exit_code: 1 } });
    expect(s.k8s.deployments.find((d) => d.name === 'database-deployment')).toMatchObject({ status: 'Failed', available_replicas: 0 });
    expect(s.k8s.events.map((e) => e.message)).toContain("Error: couldn't find key config/database.conf in ConfigMap production/database-config");
    expect(s.k8s.services.find((svc) => svc.name === 'database-service')?.endpoints).toEqual([]);
  });

  it('degrades web-service from 150 ms to 5000 ms and 0.5 % to 75 % errors between 14:20 and 14:24', () => {
    const window = MINUTES.slice(5, 10);
    expect(series(s.metrics.responseTimes, 'web-service', window).map((r) => r?.response_time_ms)).toEqual([150, 1200, 2500, 3500, 5000]);
    expect(series(s.metrics.errorRates, 'web-service', window).map((r) => r?.error_rate)).toEqual([0.5, 5, 25, 50, 75]);
  });

  it('keeps product-catalog-service healthy in every metric', () => {
    const name = 'product-catalog-service';
    expect(Math.max(...s.metrics.responseTimes.filter((r) => r.service === name).map((r) => r.percentile_99 ?? r.response_time_ms))).toBeLessThanOrEqual(25);
    expect(Math.max(...s.metrics.errorRates.filter((r) => r.service === name).map((r) => r.error_rate))).toBeLessThan(0.05);
    expect(Math.min(...s.metrics.availability.filter((r) => r.service === name).map((r) => r.availability_percentage))).toBeGreaterThanOrEqual(99.99);
  });

  it('has one sample per service and minute from 14:15 to 14:30 in every metric file', () => {
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
    }
  });

  it('has every structured error in the application log too', () => {
    for (const e of s.logs.errors) {
      expect(s.logs.entries).toContainEqual(expect.objectContaining({ timestamp: e.timestamp, service: e.service, message: e.message }));
    }
  });

  it('counts log patterns and events exactly as the application log has them', () => {
    expect(s.logs.entries.length).toBeGreaterThanOrEqual(60);
    for (const p of s.logs.patterns) {
      const hits = s.logs.entries.filter((e) => e.message.toLowerCase().includes(p.pattern.toLowerCase()));
      expect({ pattern: p.pattern, count: hits.length, first: hits[0]?.timestamp, last: hits.at(-1)?.timestamp })
        .toEqual({ pattern: p.pattern, count: p.count, first: p.first_seen, last: p.last_seen });
    }
    const errors = s.logs.entries.filter((e) => e.level === 'ERROR');
    expect(s.logs.counts.error_counts?.total_count).toBe(errors.length);
    expect(s.logs.counts.all_counts?.total_count).toBe(s.logs.entries.length);
    for (const row of s.logs.counts.error_counts?.by_service ?? []) expect(row.count).toBe(errors.filter((e) => e.service === row.group).length);
    for (const row of s.logs.counts.all_counts?.by_level ?? []) expect(row.count).toBe(s.logs.entries.filter((e) => e.level === row.group).length);
  });

  it('is served the organisation\'s runbook library, whose ids are unique and values within the documented enums', () => {
    const { playbooks, guides, escalationProcedures, resolutions } = s.runbooks;
    expect(playbooks.map((p) => p.id)).toEqual(expect.arrayContaining([
      'memory-pressure-playbook', 'database-connection-failure', 'high-error-rate-response', 'pod-startup-failure', 'database-pod-crashloop-incident']));
    expect(guides.map((g) => g.id)).toEqual(expect.arrayContaining([
      'pod-crashloop-troubleshooting', 'database-crashloop-troubleshooting', 'high-response-time-troubleshooting', 'memory-leak-investigation', 'service-discovery-issues']));
    expect(escalationProcedures.map((e) => e.id)).toEqual(expect.arrayContaining(['critical-incident-escalation', 'high-severity-escalation', 'communication-procedures']));
    expect(escalationProcedures.find((e) => e.id === 'critical-incident-escalation')?.escalation_chain).toHaveLength(4);
    expect(resolutions.map((r) => r.id)).toEqual(expect.arrayContaining(['oom-resolution', 'connection-pool-exhaustion', 'high-cpu-usage', 'pod-crashloop', 'network-timeout']));
    for (const list of [playbooks, guides, escalationProcedures, resolutions]) expect(new Set(list.map((x) => x.id)).size).toBe(list.length);
    for (const p of playbooks) {
      expect(['performance', 'availability', 'security', 'deployment']).toContain(p.incident_type);
      expect(['low', 'medium', 'high', 'critical']).toContain(p.severity);
      p.steps.forEach((step, i) => expect(step.startsWith(`${i + 1}. `)).toBe(true));
    }
    for (const g of guides) expect(['kubernetes', 'performance', 'networking', 'database']).toContain(g.category);
  });
});
