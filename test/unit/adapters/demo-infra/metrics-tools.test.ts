import { describe, expect, it } from 'vitest';
import { aScenario, call, callOk } from './scenario-fixture.js';

const minute = (m: number) => `2024-01-15T14:${String(m).padStart(2, '0')}:00Z`;
const resource = (m: number, service: string, cpu: number) => ({
  timestamp: minute(m), service, cpu_usage_percent: cpu, memory_usage_mb: cpu * 10, memory_usage_percent: cpu,
  disk_io_read_mb: 1, disk_io_write_mb: 2, network_in_mb: 3, network_out_mb: 4,
});
const scenario = aScenario({
  metrics: {
    responseTimes: [
      { timestamp: minute(20), service: 'web-service', endpoint: '/api/users', response_time_ms: 150 },
      { timestamp: minute(24), service: 'web-service', endpoint: '/api/users', response_time_ms: 5000 },
      { timestamp: minute(24), service: 'product-catalog-service', endpoint: '/api/products', response_time_ms: 12 },
    ],
    throughput: [{ timestamp: minute(24), service: 'web-service', requests_per_second: 20 }],
    resources: [resource(20, 'web-service', 25), resource(24, 'web-service', 95)],
    errorRates: [
      { timestamp: minute(24), service: 'web-service', total_requests: 1200, error_count: 900, error_rate: 75 },
      { timestamp: '2024-01-15T12:00:00Z', service: 'web-service', total_requests: 9000, error_count: 45, error_rate: 0.5 },
    ],
    availability: [{ timestamp: minute(24), service: 'database-service', availability_percentage: 0, status: 'critical' }],
    trends: [
      { metric: 'response_time', service: 'web-service', trend: 'increasing', average_value: 2500, standard_deviation: 1200,
        anomalies: [{ timestamp: minute(21), value: 1200, deviation_percentage: 40 }, { timestamp: minute(24), value: 5000, deviation_percentage: 100 }] },
      { metric: 'error_rate', service: 'web-service', trend: 'increasing', average_value: 38, standard_deviation: 35, anomalies: [] },
      { metric: 'response_time', service: 'product-catalog-service', trend: 'stable', average_value: 12, standard_deviation: 1, anomalies: [] },
    ],
  },
});

const rows = (name: string, args: Record<string, unknown>, key = 'metrics') => callOk(scenario, name, args)[key] as Record<string, unknown>[];

describe('metrics-api tools', () => {
  it('returns response times by default, filtered by service and time', () => {
    expect(rows('metrics-api___get_performance_metrics', { service: 'web-service', start_time: minute(21) }).map((r) => r['response_time_ms'])).toEqual([5000]);
    expect(rows('metrics-api___get_performance_metrics', {}).length).toBe(3);
  });

  it('shapes cpu and memory as value and unit', () => {
    expect(rows('metrics-api___get_performance_metrics', { metric_type: 'cpu_usage', end_time: minute(20) })).toEqual([
      { timestamp: minute(20), service: 'web-service', value: 25, unit: 'percent' }]);
    expect(rows('metrics-api___get_performance_metrics', { metric_type: 'memory_usage' }).map((r) => [r['value'], r['unit']])).toEqual([[250, 'MB'], [950, 'MB']]);
    expect(rows('metrics-api___get_performance_metrics', { metric_type: 'throughput' })).toEqual([{ timestamp: minute(24), service: 'web-service', requests_per_second: 20 }]);
    expect(rows('metrics-api___get_performance_metrics', { metric_type: 'latency' })).toEqual([]);
  });

  it('filters error rates by service and time window from the scenario clock', () => {
    expect(rows('metrics-api___get_error_rates', { time_window: '1h' }, 'error_rates').map((r) => r['error_rate'])).toEqual([75]);
    expect(rows('metrics-api___get_error_rates', { time_window: '6h' }, 'error_rates').length).toBe(2);
    expect(rows('metrics-api___get_error_rates', { service: 'api-service' }, 'error_rates')).toEqual([]);
  });

  it('reduces resource samples to the fields of one resource', () => {
    expect(rows('metrics-api___get_resource_metrics', { resource_type: 'memory', time_window: '8m' })).toEqual([
      { timestamp: minute(24), service: 'web-service', memory_usage_mb: 950, memory_usage_percent: 95 }]);
    expect(rows('metrics-api___get_resource_metrics', { resource_type: 'network' })[0]).toEqual({ timestamp: minute(20), service: 'web-service', network_in_mb: 3, network_out_mb: 4 });
    expect(Object.keys(rows('metrics-api___get_resource_metrics', {})[0] ?? {})).toContain('disk_io_read_mb');
    expect(rows('metrics-api___get_resource_metrics', { resource_type: 'gpu' })).toEqual([]);
  });

  it('filters availability by service', () => {
    expect(rows('metrics-api___get_availability_metrics', { service: 'database-service', time_window: '30d' }, 'availability_metrics')).toHaveLength(1);
    expect(rows('metrics-api___get_availability_metrics', { service: 'web-service' }, 'availability_metrics')).toEqual([]);
  });

  it('matches trends by metric substring and service, and thins anomalies by threshold', () => {
    const trends = (args: Record<string, unknown>) => rows('metrics-api___analyze_trends', args, 'trends');
    expect(trends({ metric_name: 'response' }).map((t) => t['service'])).toEqual(['web-service', 'product-catalog-service']);
    expect(trends({ metric_name: 'error', service: 'web-service' }).map((t) => t['metric'])).toEqual(['error_rate']);
    expect((trends({ metric_name: 'response_time', service: 'web-service', anomaly_threshold: 50 })[0]?.['anomalies'] as unknown[]).length).toBe(1);
    expect(trends({ metric_name: 'disk' })).toEqual([]);
  });

  it('refuses a missing metric name and a threshold above 100', () => {
    expect(call(scenario, 'metrics-api___analyze_trends', {})).toMatchObject({ ok: false, message: expect.stringContaining('metric_name is required') });
    expect(call(scenario, 'metrics-api___analyze_trends', { metric_name: 'cpu', anomaly_threshold: 101 })).toMatchObject({ ok: false, message: expect.stringContaining('anomaly_threshold') });
  });
});
