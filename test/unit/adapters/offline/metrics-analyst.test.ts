import { describe, expect, it } from 'vitest';
import { analyseMetrics } from '../../../../src/adapters/offline/metrics-analyst.js';
import { AVAILABILITY, context, ERROR_RATES, findingFrom, observed, RESPONSE_TIMES } from './fixtures.js';

const q = context('API response times have degraded 3x');
const all = [
  observed('get_performance_metrics', RESPONSE_TIMES, { metric_type: 'response_time' }),
  observed('get_error_rates', ERROR_RATES),
  observed('get_availability_metrics', AVAILABILITY),
];

describe('analyseMetrics', () => {
  const f = analyseMetrics(all, q);

  it('blames the service that is down and calls the slowed one downstream impact', () => {
    expect(f.causes[0]).toMatchObject({ component: 'database-service', confidence: 0.8 });
    expect(f.causes[0]?.description).toMatch(/ConfigMap not found/);
    const web = f.causes.find((c) => c.component === 'web-service');
    expect(web?.confidence).toBeLessThanOrEqual(0.4);
    expect(web?.description).toMatch(/150 ms → 5000 ms/);
  });

  it('never blames the healthy service, and says it is healthy', () => {
    expect(f.causes.some((c) => c.component === 'product-catalog-service')).toBe(false);
    expect(f.summary).toMatch(/Healthy: product-catalog-service/);
    expect(f.evidence).toContainEqual(expect.objectContaining({ excerpt: expect.stringMatching(/^product-catalog-service healthy:/) }));
  });

  it('quotes first and last values with their sources', () => {
    expect(f.evidence).toContainEqual(expect.objectContaining({ tool: 'get_performance_metrics', excerpt: expect.stringMatching(/^web-service \/api\/users response time 150 ms → 5000 ms \(p95 180 ms → 6000 ms\)/) }));
    expect(f.evidence).toContainEqual(expect.objectContaining({ tool: 'get_error_rates', excerpt: expect.stringMatching(/^web-service error rate 0.5% → 75%/) }));
    expect(f.facts).toContainEqual(expect.objectContaining({ service: 'web-service', kind: 'baseline', detail: expect.stringContaining('response time 150 ms') }));
  });

  it('suspects saturation when a degraded service has no failing dependency', () => {
    const only = analyseMetrics([
      observed('get_performance_metrics', { metrics: RESPONSE_TIMES.metrics.filter((m) => m.service === 'web-service') }),
      observed('get_resource_metrics', { metrics: [
        { timestamp: '2024-01-15T14:20:00Z', service: 'web-service', cpu_usage_percent: 25, memory_usage_percent: 50 },
        { timestamp: '2024-01-15T14:24:00Z', service: 'web-service', cpu_usage_percent: 95, memory_usage_percent: 100 },
      ] }),
    ], q);
    expect(only.causes[0]).toMatchObject({ component: 'web-service', confidence: 0.55, description: expect.stringMatching(/saturated \(CPU 25% → 95%/) });
  });

  it('calls degradation downstream of a component an earlier specialist blamed', () => {
    const k8s = findingFrom('kubernetes', { summary: 's', causes: [{ description: 'db crash-loops', component: 'database-pod-7b9c4d8f2a-x5m1q', confidence: 0.9 }] });
    const g = analyseMetrics([observed('get_performance_metrics', RESPONSE_TIMES)], context('slow', [k8s]));
    expect(g.causes[0]).toMatchObject({ component: 'web-service', confidence: 0.35, description: expect.stringMatching(/downstream impact of database-pod/) });
  });

  it('tells the failing dependency from the callers whose errors name it, even when both are down', () => {
    const rows = (service: string, rates: number[], types: Record<string, number>) =>
      rates.map((rate, i) => ({ timestamp: `2024-01-15T14:2${i}:00Z`, service, error_rate: rate, error_types: rate > 1 ? types : {} }));
    const g = analyseMetrics([observed('get_error_rates', { error_rates: [
      ...rows('web-service', [0.5, 40, 97], { database_connection_timeout: 5 }),
      ...rows('database-service', [0, 100, 100], { startup_failures: 9 }).map((r) => ({ ...r, pod: 'database-pod-7b9c4d8f2a-x5m1q' })),
    ] })], q);
    expect(g.causes[0]).toMatchObject({ component: 'database-service', confidence: 0.8, description: expect.stringMatching(/^database-service \(pod database-pod-7b9c4d8f2a-x5m1q\) is down/) });
    expect(g.causes[1]).toMatchObject({ component: 'web-service', confidence: 0.35, description: expect.stringMatching(/downstream impact of database-service/) });
  });

  it('reads trend analyses', () => {
    const g = analyseMetrics([observed('analyze_trends', { trends: [{ metric: 'response_time', service: 'web-service', trend: 'increasing', average_value: 2500,
      standard_deviation: 1500, anomalies: [{ timestamp: '2024-01-15T14:24:00Z', value: 5000, deviation_percentage: 100 }] }] }, { metric_name: 'response_time' })], q);
    expect(g.evidence[0]?.excerpt).toBe('response_time for web-service trend increasing, average 2500, anomalies 5000 at 2024-01-15T14:24:00Z (+100%)');
    expect(g.causes).toEqual([]);
  });
});
