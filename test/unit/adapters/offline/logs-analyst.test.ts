import { describe, expect, it } from 'vitest';
import { analyseLogs } from '../../../../src/adapters/offline/logs-analyst.js';
import { context, ERROR_LOGS, failed, findingFrom, NOISY_WARNINGS, observed } from './fixtures.js';

const q = context('Why is web-service slow?');

describe('analyseLogs', () => {
  it('blames the service that fails by itself and calls its callers downstream impact', () => {
    const f = analyseLogs([observed('get_error_logs', ERROR_LOGS)], q);
    expect(f.causes[0]).toMatchObject({ component: 'database-service', description: expect.stringMatching(/ConfigMap database-config not found/) });
    expect(f.causes[0]?.confidence).toBeGreaterThanOrEqual(0.8);
    const web = f.causes.find((c) => c.component === 'web-service');
    expect(web?.confidence).toBeLessThanOrEqual(0.4);
    expect(web?.description).toMatch(/downstream impact of database-service/);
    expect(f.facts).toContainEqual(expect.objectContaining({ service: 'web-service', kind: 'dependency', detail: expect.stringContaining('database-service') }));
    expect(f.summary).toMatch(/Earliest error: .*database-service/);
  });

  it('never blames a healthy service that only logs warnings', () => {
    const f = analyseLogs([observed('search_logs', NOISY_WARNINGS, { pattern: 'slow' })], q);
    expect(f.causes).toEqual([]);
    expect(f.summary).toMatch(/product-catalog-service only log warnings/);
  });

  it('uses the component names earlier specialists blamed, so that causes merge', () => {
    const k8s = findingFrom('kubernetes', { summary: 's', causes: [{ description: 'database pod crash-loops', component: 'database-pod-7b9c4d8f2a-x5m1q', confidence: 0.9 }] });
    const f = analyseLogs([observed('get_error_logs', ERROR_LOGS)], context('slow', [k8s]));
    expect(f.causes[0]?.component).toBe('database-pod-7b9c4d8f2a-x5m1q');
  });

  it('points at a dependency that logs nothing itself', () => {
    const f = analyseLogs([observed('search_logs', { logs: [
      { timestamp: '2024-01-15T14:22:00Z', level: 'ERROR', service: 'checkout', message: 'Connection refused to redis:6379' },
      { timestamp: '2024-01-15T14:22:05Z', level: 'ERROR', service: 'checkout', message: 'Connection refused to redis:6379 (retry 2)' },
    ] }, { pattern: 'error' })], q);
    expect(f.causes[0]).toMatchObject({ component: 'redis', confidence: 0.6 });
  });

  it('reads plain log lines and pattern summaries', () => {
    const text = ['2024-01-15T14:23:46.567Z [ERROR] web-service Out of memory: heap space', '2024-01-15T14:23:47.000Z [ERROR] web-service OutOfMemoryError again'].join('\n');
    const f = analyseLogs([
      observed('get_recent_logs', text, { limit: 100 }),
      observed('analyze_log_patterns', { patterns: [{ pattern: 'OutOfMemoryError', count: 8, severity: 'CRITICAL', first_seen: 'a', last_seen: 'b',
        occurrences: [{ timestamp: '2024-01-15T14:23:50Z', service: 'web-service', message: 'java.lang.OutOfMemoryError' }] }] }),
      observed('count_log_events', { total_count: 45, counts: [{ group: 'web-service', count: 35, percentage: 77.8 }] }, { event_type: 'error', group_by: 'service' }),
    ], q);
    expect(f.causes[0]).toMatchObject({ component: 'web-service', description: expect.stringMatching(/runs out of memory/) });
    expect(f.evidence).toContainEqual({ tool: 'analyze_log_patterns', excerpt: '"OutOfMemoryError" ×8 (CRITICAL) in web-service' });
    expect(f.evidence).toContainEqual({ tool: 'count_log_events', excerpt: 'error events by service: total 45; web-service 35 (77.8%)' });
  });

  it('lists failed and empty tools as unchecked', () => {
    const f = analyseLogs([failed('get_error_logs', 'error.log not found'), observed('search_logs', { logs: [] }, { pattern: 'timeout' })], q);
    expect(f.unchecked).toEqual(['get_error_logs failed: error.log not found', 'search_logs(pattern=timeout) returned no data']);
    expect(f.causes).toEqual([]);
  });
});
