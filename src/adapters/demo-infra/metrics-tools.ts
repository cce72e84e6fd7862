import { z } from 'zod';
import { dateTime, defineTool, type DemoTool, ok, oneOf, requiredText, text, timeWindow } from './demo-tool.js';
import type { ResourceRow } from './metrics-schemas.js';
import { timeFilter } from './time-filters.js';

const t = (op: string): string => `metrics-api___${op}`;
const WINDOWS = ['1h', '6h', '24h', '7d'];

const ofService = (service: string | undefined) => (row: { readonly service: string }): boolean => service === undefined || row.service === service;

const getPerformanceMetrics = defineTool({
  name: t('get_performance_metrics'),
  description:
    'Service performance over time: response_time (average, p50, p95, p99 in ms per endpoint and sample count), throughput ' +
    '(requests per second), or cpu_usage / memory_usage as {value, unit}. Use it to see when latency rose and by how much.',
  params: {
    metric_type: oneOf(['response_time', 'throughput', 'cpu_usage', 'memory_usage'], 'Which metric (default response_time).'),
    start_time: dateTime('Only samples at or after this time.'),
    end_time: dateTime('Only samples at or before this time.'),
    service: text('Only this service (exact name, e.g. web-service).'),
  },
  run: ({ scenario, clock }, { metric_type, start_time, end_time, service }) => {
    const m = scenario.metrics;
    const asValue = (pick: (r: ResourceRow) => number, unit: string) =>
      m.resources.map((r) => ({ timestamp: r.timestamp, service: r.service, value: pick(r), unit }));
    const type = (metric_type ?? 'response_time').toLowerCase();
    const rows: readonly { readonly timestamp: string; readonly service: string }[] =
      type === 'response_time' ? m.responseTimes
        : type === 'throughput' ? m.throughput
          : type === 'cpu_usage' ? asValue((r) => r.cpu_usage_percent, 'percent')
            : type === 'memory_usage' ? asValue((r) => r.memory_usage_mb, 'MB')
              : [];
    const inTime = timeFilter({ start: start_time, end: end_time, now: clock.now() });
    return ok({ metrics: rows.filter((r) => ofService(service)(r) && inTime(r.timestamp)) });
  },
});

const getErrorRates = defineTool({
  name: t('get_error_rates'),
  description:
    'Error rates per service and minute: total requests, error count, error_rate in percent, HTTP status codes and error types. ' +
    'Use it to see which service fails and since when.',
  params: {
    time_window: timeWindow(WINDOWS, 'Only samples within this window.'),
    service: text('Only this service (exact name).'),
  },
  run: ({ scenario, clock }, { time_window, service }) => {
    const inTime = timeFilter({ window: time_window, now: clock.now() });
    return ok({ error_rates: scenario.metrics.errorRates.filter((r) => ofService(service)(r) && inTime(r.timestamp)) });
  },
});

const RESOURCE_FIELDS: ReadonlyMap<string, readonly (keyof ResourceRow)[]> = new Map([
  ['cpu', ['cpu_usage_percent']],
  ['memory', ['memory_usage_mb', 'memory_usage_percent']],
  ['disk', ['disk_io_read_mb', 'disk_io_write_mb']],
  ['network', ['network_in_mb', 'network_out_mb']],
]);

const getResourceMetrics = defineTool({
  name: t('get_resource_metrics'),
  description:
    'Resource consumption of services over time: CPU percent, memory MB and percent, disk I/O and network MB. ' +
    'resource_type reduces each sample to that resource. Use it to spot memory growth or CPU saturation.',
  params: {
    resource_type: oneOf(['cpu', 'memory', 'disk', 'network'], 'Only the fields of this resource.'),
    service: text('Only this service (exact name).'),
    time_window: timeWindow(WINDOWS, 'Only samples within this window.'),
  },
  run: ({ scenario, clock }, { resource_type, service, time_window }) => {
    const inTime = timeFilter({ window: time_window, now: clock.now() });
    const rows = scenario.metrics.resources.filter((r) => ofService(service)(r) && inTime(r.timestamp));
    if (resource_type === undefined) return ok({ metrics: rows });
    const fields = RESOURCE_FIELDS.get(resource_type.toLowerCase());
    if (fields === undefined) return ok({ metrics: [] });
    return ok({ metrics: rows.map((r) => ({ timestamp: r.timestamp, service: r.service, ...Object.fromEntries(fields.map((f) => [f, r[f]])) })) });
  },
});

const getAvailabilityMetrics = defineTool({
  name: t('get_availability_metrics'),
  description:
    'Service availability over time: availability percentage, health checks passed of total, uptime, last downtime and its duration, status.',
  params: {
    service: text('Only this service (exact name).'),
    time_window: timeWindow([...WINDOWS, '30d'], 'Only samples within this window.'),
  },
  run: ({ scenario, clock }, { service, time_window }) => {
    const inTime = timeFilter({ window: time_window, now: clock.now() });
    return ok({ availability_metrics: scenario.metrics.availability.filter((r) => ofService(service)(r) && inTime(r.timestamp)) });
  },
});

const analyzeTrends = defineTool({
  name: t('analyze_trends'),
  description:
    'Trend analysis of a metric (response_time, error_rate, cpu_usage, memory_usage, throughput, availability): direction ' +
    '(increasing, decreasing, stable, volatile), average, standard deviation and anomalous samples with their deviation.',
  params: {
    metric_name: requiredText('The metric, matched by substring, e.g. "response_time", "error" or "memory".'),
    service: text('Only trends of this service (exact name).'),
    time_window: timeWindow(WINDOWS, 'Only anomalies within this window.'),
    anomaly_threshold: z.number().min(0).max(100).optional().describe('Only anomalies deviating at least this many percent from the average (0 to 100).'),
  },
  run: ({ scenario, clock }, { metric_name, service, time_window, anomaly_threshold }) => {
    const wanted = metric_name.toLowerCase();
    const inTime = timeFilter({ window: time_window, now: clock.now() });
    const trends = scenario.metrics.trends
      .filter((tr) => ofService(service)(tr) && (tr.metric.toLowerCase().includes(wanted) || wanted.includes(tr.metric.toLowerCase())))
      .map((tr) => ({
        ...tr,
        anomalies: tr.anomalies.filter((a) => inTime(a.timestamp) && (anomaly_threshold === undefined || Math.abs(a.deviation_percentage) >= anomaly_threshold)),
      }));
    return ok({ trends });
  },
});

export const METRICS_TOOLS: readonly DemoTool[] = [getPerformanceMetrics, getErrorRates, getResourceMetrics, getAvailabilityMetrics, analyzeTrends];
