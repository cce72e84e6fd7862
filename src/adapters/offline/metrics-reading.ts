import { fmt, isRecord, num, type JsonRecord, records, rowsOf, strings, text } from './json-reading.js';
import type { Observation } from './observations.js';

/** The first and last value of one measurement over the window, with the worst one seen. */
export interface Series {
  readonly first: number;
  readonly last: number;
  readonly min: number;
  readonly max: number;
  readonly from?: string;
  readonly to?: string;
}

export interface ServiceMetrics {
  readonly service: string;
  /** The pod the rows name, when they do. */
  pod?: string;
  /** When errors or unavailability first crossed their alarm line. */
  onset?: string;
  latency?: Series & { readonly endpoint?: string; readonly p95?: Series };
  errorRate?: Series & { readonly detail?: string };
  availability?: Series & { readonly status?: string };
  cpu?: Series;
  memory?: Series;
  throughput?: Series;
}

export interface Trend {
  readonly metric: string;
  readonly service?: string;
  readonly trend: string;
  readonly average?: number;
  readonly anomalies: readonly string[];
}

const time = (r: JsonRecord): string => text(r['timestamp']) ?? '';

function seriesOf(rows: readonly JsonRecord[], pick: (r: JsonRecord) => number | undefined): Series | undefined {
  const points = rows.flatMap((r) => {
    const v = pick(r);
    return v === undefined ? [] : [{ v, t: time(r) }];
  }).sort((a, b) => a.t.localeCompare(b.t));
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return undefined;
  const values = points.map((p) => p.v);
  return { first: first.v, last: last.v, min: Math.min(...values), max: Math.max(...values), ...(first.t ? { from: first.t } : {}), ...(last.t ? { to: last.t } : {}) };
}

const rowsFrom = (obs: readonly Observation[], op: string, key: string, when?: (o: Observation) => boolean): JsonRecord[] =>
  obs.filter((o) => o.op === op && o.ok && (!when || when(o))).flatMap((o) => rowsOf(o.data, key));

function group(rows: readonly JsonRecord[], key = 'service'): Map<string, JsonRecord[]> {
  const map = new Map<string, JsonRecord[]>();
  for (const r of rows) {
    const s = text(r[key]) ?? (key === 'service' ? 'unknown' : '');
    map.set(s, [...(map.get(s) ?? []), r]);
  }
  return map;
}

function errorDetail(rows: readonly JsonRecord[]): string | undefined {
  const last = [...rows].sort((a, b) => time(a).localeCompare(time(b))).at(-1);
  if (!last) return undefined;
  const types = isRecord(last['error_types']) ? Object.keys(last['error_types']) : strings(last['error_types']);
  const reason = text(last['failure_reason']);
  const parts = [
    num(last['error_count']) !== undefined && num(last['total_requests']) !== undefined ? `${fmt(num(last['error_count'])!)} errors of ${fmt(num(last['total_requests'])!)} requests` : '',
    types.length > 0 ? `error types: ${types.slice(0, 4).join(', ')}` : '',
    reason ? `failure reason: ${reason}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** Every service's series, from whichever metrics tools answered. */
export function readServiceMetrics(obs: readonly Observation[]): ServiceMetrics[] {
  const all = new Map<string, ServiceMetrics>();
  const get = (s: string): ServiceMetrics => all.get(s) ?? (all.set(s, { service: s }), all.get(s)!);
  const perf = rowsFrom(obs, 'get_performance_metrics', 'metrics');
  const latencyRows = perf.filter((r) => num(r['response_time_ms']) !== undefined || num(r['percentile_95']) !== undefined);
  for (const [s, rows] of group(latencyRows)) {
    // The endpoint that degraded most speaks for the service.
    const byEndpoint = group(rows, 'endpoint');
    let best: ServiceMetrics['latency'];
    for (const [endpoint, er] of byEndpoint) {
      const main = seriesOf(er, (r) => num(r['response_time_ms']) ?? num(r['percentile_50']));
      if (!main) continue;
      const p95 = seriesOf(er, (r) => num(r['percentile_95']));
      if (!best || main.last / Math.max(main.first, 1) > best.last / Math.max(best.first, 1)) best = { ...main, ...(endpoint ? { endpoint } : {}), ...(p95 ? { p95 } : {}) };
    }
    if (best) get(s).latency = best;
  }
  for (const [s, rows] of group(perf.filter((r) => num(r['requests_per_second']) !== undefined))) get(s).throughput = seriesOf(rows, (r) => num(r['requests_per_second']));
  const resources = [...rowsFrom(obs, 'get_resource_metrics', 'metrics'), ...perf];
  for (const [s, rows] of group(resources)) {
    const cpu = seriesOf(rows, (r) => num(r['cpu_usage_percent']) ?? (text(r['unit']) === 'percent' ? num(r['value']) : undefined));
    const memory = seriesOf(rows, (r) => num(r['memory_usage_percent']));
    if (cpu) get(s).cpu = cpu;
    if (memory) get(s).memory = memory;
  }
  const noteOnset = (m: ServiceMetrics, rows: readonly JsonRecord[], alarm: (r: JsonRecord) => boolean): void => {
    const first = [...rows].sort((a, b) => time(a).localeCompare(time(b))).find(alarm);
    if (first && time(first) && (!m.onset || time(first) < m.onset)) m.onset = time(first);
    const pod = text([...rows].reverse().find((r) => text(r['pod']))?.['pod']);
    if (pod) m.pod = pod;
  };
  for (const [s, rows] of group(rowsFrom(obs, 'get_error_rates', 'error_rates'))) {
    const series = seriesOf(rows, (r) => num(r['error_rate']));
    const detail = errorDetail(rows);
    if (series) get(s).errorRate = { ...series, ...(detail ? { detail } : {}) };
    noteOnset(get(s), rows, (r) => (num(r['error_rate']) ?? 0) >= 5);
  }
  for (const [s, rows] of group(rowsFrom(obs, 'get_availability_metrics', 'availability_metrics'))) {
    const series = seriesOf(rows, (r) => num(r['availability_percentage']));
    const status = text([...rows].sort((a, b) => time(a).localeCompare(time(b))).at(-1)?.['status']);
    if (series) get(s).availability = { ...series, ...(status ? { status } : {}) };
    noteOnset(get(s), rows, (r) => (num(r['availability_percentage']) ?? 100) < 99);
  }
  return [...all.values()].filter((m) => m.service !== 'unknown' || Object.keys(m).length > 1);
}

export function readTrends(obs: readonly Observation[]): Trend[] {
  return obs.filter((o) => o.op === 'analyze_trends' && o.ok).flatMap((o) => {
    const list = isRecord(o.data) && !Array.isArray(o.data['trends']) && text(o.data['trend']) ? [o.data] : rowsOf(o.data, 'trends');
    return list.flatMap((t) => {
      const trend = text(t['trend']);
      if (!trend) return [];
      const anomalies = records(t['anomalies']).map((a) => `${fmt(num(a['value']) ?? 0)}${text(a['timestamp']) ? ` at ${text(a['timestamp'])}` : ''}${
        num(a['deviation_percentage']) !== undefined ? ` (+${fmt(num(a['deviation_percentage'])!)}%)` : ''}`);
      return [{ metric: text(t['metric']) ?? String(o.args['metric_name'] ?? 'metric'), ...(text(t['service']) ? { service: text(t['service']) } : {}),
        trend, ...(num(t['average_value']) !== undefined ? { average: num(t['average_value']) } : {}), anomalies }];
    });
  });
}
