import { describe, expect, it } from 'vitest';
import { failureModesOf } from '../../../../src/adapters/offline/failure-modes.js';
import { analyseLogs } from '../../../../src/adapters/offline/logs-analyst.js';
import { classify } from '../../../../src/adapters/offline/logs-reading.js';
import { rankRunbooks } from '../../../../src/adapters/offline/runbook-matching.js';
import { context, findingFrom, observed } from './fixtures.js';

const q = context('Several services are failing at the same time. What is going on?');
const log = (service: string, message: string, level = 'ERROR', at = '2024-03-07T09:34:10Z') => ({ timestamp: at, level, service, message });

describe('logs: name resolution failures', () => {
  it('classifies lookup failures as DNS, even when they time out', () => {
    expect(classify('getaddrinfo EAI_AGAIN catalog-db.retail.svc.cluster.local')).toBe('dns');
    expect(classify('dial tcp: lookup inventory.retail.svc.cluster.local on 10.96.0.10:53: read udp: i/o timeout')).toBe('dns');
    expect(classify('java.net.UnknownHostException: payments.retail.svc.cluster.local')).toBe('dns');
    expect(classify('dial tcp: lookup api: server misbehaving')).toBe('dns');
    expect(classify('upstream timed out after 3000ms')).toBe('timeout');
  });

  const finding = analyseLogs([observed('get_error_logs', { errors: [
    log('cluster-dns', 'plugin/loop: Loop (127.0.0.1:56952 -> :53) detected for zone "."', 'CRITICAL', '2024-03-07T09:34:05Z'),
    log('cluster-dns', 'plugin/loop: Loop (127.0.0.1:45192 -> :53) detected for zone "."', 'CRITICAL', '2024-03-07T09:34:11Z'),
    log('inventory-service', 'pg-pool: failed to open connection to catalog-db.retail.svc.cluster.local:5432: getaddrinfo EAI_AGAIN catalog-db.retail.svc.cluster.local'),
    log('inventory-service', 'GET /api/v1/stock 503: getaddrinfo EAI_AGAIN catalog-db.retail.svc.cluster.local'),
    log('checkout-service', 'POST /v2/checkout 502: dial tcp: lookup inventory-service.retail.svc.cluster.local on 10.96.0.10:53: i/o timeout'),
    log('checkout-service', 'POST /v2/checkout 502: dial tcp: lookup payments-service.retail.svc.cluster.local on 10.96.0.10:53: i/o timeout'),
    log('search-service', 'slow downstream call', 'WARN'),
  ] })], q);

  it('points the callers at the failing resolver, not at the names they looked up', () => {
    expect(finding.causes[0]?.component).toBe('cluster-dns');
    expect(finding.causes.filter((c) => c.confidence >= 0.5 && /catalog-db|inventory-service|search-service/.test(c.component ?? ''))).toEqual([]);
    expect(finding.causes.find((c) => c.component === 'checkout-service')?.description).toMatch(/name resolution failures: downstream impact of cluster-dns/);
  });
});

describe('logs: a full disk', () => {
  const finding = analyseLogs([observed('get_error_logs', { errors: [
    log('kv-store', 'Write error writing append only file on disk: No space left on device', 'ERROR', '2024-03-07T09:27:58Z'),
    log('kv-store', 'Write error saving DB on disk: No space left on device', 'ERROR', '2024-03-07T09:31:38Z'),
    log('orders-service', 'Failed to acquire cart lock: MISCONF Redis is configured to save RDB snapshots, but it is currently not able to persist on disk'),
    log('orders-service', 'POST /api/v1/orders 500: connection refused to redis:6379'),
  ] })], q);

  it('blames the service that cannot write, and makes the callers quoting it downstream', () => {
    expect(finding.causes[0]?.component).toBe('kv-store');
    expect(finding.causes[0]?.description).toMatch(/full-disk errors/);
    expect(finding.causes.find((c) => c.component === 'orders-service')?.confidence).toBeLessThan(0.5);
  });

  it('never says a dependency logged no errors when it did', () => {
    expect(finding.causes.filter((c) => /kv-store logged no errors/.test(c.description))).toEqual([]);
  });
});

describe('failure modes and runbook choice', () => {
  const kubernetes = (description: string) => findingFrom('kubernetes', { summary: 's', evidence: [], causes: [{ description, component: 'x', confidence: 0.9, evidence: [] }], unchecked: [], facts: [] });
  const entries = [
    { id: 'database-connection-failure', title: 'Database Connection Failure', description: 'connection refused, timeouts, crash loop of the database' },
    { id: 'dns-resolution-failure', title: 'Cluster DNS Resolution Failure', description: 'services cannot resolve names (EAI_AGAIN)' },
    { id: 'volume-full', title: 'Data volume full: writes fail', description: 'No space left on device' },
    { id: 'node-pressure', title: 'Node pressure and evicted pods', description: 'MemoryPressure evicted pods' },
  ];
  const best = (description: string) => rankRunbooks(entries, failureModesOf([kubernetes(description)], 'errors'), [])[0]?.['id'];

  it('picks the playbook of the specific failure mode before the generic crash-loop or database ones', () => {
    expect(best('coredns-6b8f-q7xkp is in CrashLoopBackOff because it detects a DNS forwarding loop (plugin/loop)')).toBe('dns-resolution-failure');
    expect(best('kv-0 is in CrashLoopBackOff because its volume is full (No space left on device)')).toBe('volume-full');
    expect(best('Node worker-b is under MemoryPressure: the kubelet evicted 2 pods')).toBe('node-pressure');
  });

  it('passes over a runbook headed by another specific failure, even when it mentions this one in passing', () => {
    const oom = [{ id: 'redis-outage', title: 'Shared Redis outage', description: 'crash loop, timeouts', severity: 'critical',
      steps: ['1. If the Redis log shows OOM, follow the memory playbook'] },
      { id: 'memory-playbook', title: 'High memory usage', description: 'OOMKilled containers' }];
    const modes = failureModesOf([kubernetes('cart-7b9c is in CrashLoopBackOff: it is OOMKilled for exceeding its memory limit; timeouts')], 'errors');
    expect(rankRunbooks(oom, modes, [])[0]?.['id']).toBe('memory-playbook');
  });
});
