import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../../src/adapters/demo-infra/logs-schemas.js';
import { aScenario, call, callOk } from './scenario-fixture.js';

const line = (timestamp: string, level: string, service: string, message: string): LogEntry => ({ timestamp, level, service, message });

const entries = [
  line('2024-01-15T14:00:02Z', 'INFO', 'web-service', 'GET /api/users 200 138ms'),
  line('2024-01-15T14:05:02Z', 'WARN', 'product-catalog-service', 'Retrying after upstream timeout of 200ms'),
  line('2024-01-15T14:20:44Z', 'ERROR', 'web-service', 'Database connection timeout after 5000ms'),
  line('2024-01-15T14:22:04Z', 'ERROR', 'web-service', 'Connection pool exhausted'),
  line('2024-01-15T14:29:14Z', 'ERROR', 'database-service', 'FATAL: could not open configuration file'),
];
const count = (group: string, n: number, percentage: number) => ({ group, count: n, percentage });
const scenario = aScenario({
  logs: {
    entries,
    errors: [
      { timestamp: '2024-01-15T14:20:44Z', level: 'ERROR', service: 'web-service', message: 'timeout', stack_trace: 'java.sql.SQLException' },
      { timestamp: '2024-01-15T14:29:14Z', level: 'CRITICAL', service: 'database-service', message: 'FATAL' },
    ],
    patterns: [
      { pattern: 'Database connection timeout', count: 12, first_seen: '2024-01-15T14:20:44Z', last_seen: '2024-01-15T14:29:44Z', severity: 'ERROR' },
      { pattern: 'JVM heap usage', count: 2, first_seen: '2024-01-15T14:23:25Z', last_seen: '2024-01-15T14:24:12Z', severity: 'WARN' },
      { pattern: 'Old noise', count: 40, first_seen: '2024-01-13T08:00:00Z', last_seen: '2024-01-13T09:00:00Z', severity: 'WARN' },
    ],
    counts: {
      error_counts: { total_count: 3, by_service: [count('web-service', 2, 66.7), count('database-service', 1, 33.3)], by_level: [count('ERROR', 3, 100)] },
      all_counts: { total_count: 5, by_level: [count('ERROR', 3, 60), count('INFO', 1, 20), count('WARN', 1, 20)] },
    },
  },
});

const messages = (rows: unknown): string[] => (rows as LogEntry[]).map((e) => e.message);

describe('logs-api tools', () => {
  it('searches lines case-insensitively, service names included', () => {
    expect(messages(callOk(scenario, 'logs-api___search_logs', { pattern: 'TIMEOUT' })['logs'])).toEqual([
      'Retrying after upstream timeout of 200ms', 'Database connection timeout after 5000ms']);
    expect(messages(callOk(scenario, 'logs-api___search_logs', { pattern: 'database-service' })['logs'])).toEqual(['FATAL: could not open configuration file']);
  });

  it('narrows a search by level and time range', () => {
    expect(messages(callOk(scenario, 'logs-api___search_logs', { pattern: 'timeout', log_level: 'ERROR' })['logs'])).toEqual(['Database connection timeout after 5000ms']);
    expect(messages(callOk(scenario, 'logs-api___search_logs', { pattern: 'e', start_time: '2024-01-15T14:20:00Z', end_time: '2024-01-15T14:22:04Z' })['logs']))
      .toEqual(['Database connection timeout after 5000ms', 'Connection pool exhausted']);
    expect(callOk(scenario, 'logs-api___search_logs', { pattern: 'timeout', log_level: 'FATAL' })['logs']).toEqual([]);
  });

  it('returns at most 100 matching lines', () => {
    const many = aScenario({ logs: { entries: Array.from({ length: 150 }, (_, i) => line(`2024-01-15T14:00:${String(i % 60).padStart(2, '0')}Z`, 'INFO', 'web', `hit ${i}`)) } });
    expect((callOk(many, 'logs-api___search_logs', { pattern: 'hit' })['logs'] as unknown[]).length).toBe(100);
  });

  it('fails a search without a pattern, saying which parameter is missing', () => {
    expect(call(scenario, 'logs-api___search_logs', {})).toEqual({ ok: false, message: 'Invalid arguments for logs-api___search_logs: pattern is required' });
  });

  it('filters error entries by exact service and time', () => {
    const services = (args: Record<string, unknown>) => (callOk(scenario, 'logs-api___get_error_logs', args)['errors'] as { service: string }[]).map((e) => e.service);
    expect(services({ service: 'database-service' })).toEqual(['database-service']);
    expect(services({ service: 'database' })).toEqual([]);
    expect(services({ since: '2024-01-15T14:25:00Z' })).toEqual(['database-service']);
  });

  it('keeps patterns seen often enough and recently enough', () => {
    const names = (args: Record<string, unknown>) => (callOk(scenario, 'logs-api___analyze_log_patterns', args)['patterns'] as { pattern: string }[]).map((p) => p.pattern);
    expect(names({})).toEqual(['Database connection timeout']);
    expect(names({ min_occurrences: 1 })).toEqual(['Database connection timeout', 'JVM heap usage']);
    expect(names({ min_occurrences: 1, time_window: '7d' })).toEqual(['Database connection timeout', 'JVM heap usage', 'Old noise']);
    expect(names({ time_window: 'forever' })).toEqual([]);
  });

  it('refuses min_occurrences below 1', () => {
    expect(call(scenario, 'logs-api___analyze_log_patterns', { min_occurrences: 0 })).toMatchObject({ ok: false, message: expect.stringContaining('min_occurrences') });
  });

  it('returns the last lines newest first, optionally of matching services', () => {
    expect(messages(callOk(scenario, 'logs-api___get_recent_logs', { limit: 2 })['logs'])).toEqual(['FATAL: could not open configuration file', 'Connection pool exhausted']);
    expect(messages(callOk(scenario, 'logs-api___get_recent_logs', { service: 'CATALOG' })['logs'])).toEqual(['Retrying after upstream timeout of 200ms']);
    expect(call(scenario, 'logs-api___get_recent_logs', { limit: 1001 })).toMatchObject({ ok: false, message: expect.stringContaining('limit') });
  });

  it('counts errors when the event type is error, everything otherwise', () => {
    expect(callOk(scenario, 'logs-api___count_log_events', { event_type: 'error', group_by: 'service' })).toEqual({
      total_count: 3, counts: [count('web-service', 2, 66.7), count('database-service', 1, 33.3)] });
    expect(callOk(scenario, 'logs-api___count_log_events', { event_type: 'all' })).toEqual({
      total_count: 5, counts: [count('ERROR', 3, 60), count('INFO', 1, 20), count('WARN', 1, 20)] });
    expect(callOk(scenario, 'logs-api___count_log_events', { event_type: 'error', group_by: 'hour' })).toEqual({ total_count: 3, counts: [] });
    expect(callOk(scenario, 'logs-api___count_log_events', { event_type: 'error', group_by: 'pod' })).toEqual({ total_count: 3, counts: [] });
  });
});
