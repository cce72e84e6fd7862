import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../../src/adapters/demo-infra/scenario-loader.js';

let root: string;
let dir: string;
let library: string;

async function write(base: string, rel: string, content: unknown): Promise<void> {
  const path = join(base, rel);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
}

const playbook = (id: string) => ({ id, title: id, incident_type: 'availability', severity: 'high', description: 'd', triggers: [], steps: ['1. look'] });

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'scenario-'));
  dir = join(root, 'my-incident');
  library = join(root, 'library');
  await mkdir(dir, { recursive: true });
  await write(library, 'playbooks.json', { playbooks: [playbook('library-playbook')] });
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('loadScenario', () => {
  it('treats every missing file as no data', async () => {
    await rm(library, { recursive: true });
    const s = await loadScenario(dir, library);
    expect(s.k8s).toEqual({ pods: [], deployments: [], events: [], nodes: [], resourceUsage: undefined, services: [] });
    expect(s.logs).toEqual({ entries: [], errors: [], patterns: [], counts: {} });
    expect(Object.values(s.metrics).every((rows) => rows.length === 0)).toBe(true);
    expect(Object.values(s.runbooks).every((rows) => rows.length === 0)).toBe(true);
  });

  it('names the folder and takes the clock from the latest record when scenario.json is absent', async () => {
    await write(dir, 'k8s/events.json', { events: [
      { type: 'Warning', reason: 'BackOff', object: 'pod/a', message: 'm', timestamp: '2024-01-15T14:29:45Z' },
      { type: 'Normal', reason: 'Pulled', object: 'pod/a', message: 'm', timestamp: '2024-01-15T14:10:00Z' },
    ] });
    const s = await loadScenario(dir, library);
    expect(s.meta).toEqual({ id: 'my-incident', now: '2024-01-15T14:29:45.000Z' });
  });

  it('reads scenario.json as given', async () => {
    await write(dir, 'scenario.json', { id: 'x', now: '2024-01-15T14:30:00Z', expected: { category: 'configuration', must_mention: [['a', 'b']] } });
    const s = await loadScenario(dir, library);
    expect(s.meta).toMatchObject({ id: 'x', now: '2024-01-15T14:30:00Z', expected: { category: 'configuration' } });
  });

  it('names the file and the field when a row breaks the schema', async () => {
    await write(dir, 'k8s/pods.json', { pods: [{ name: 'p', namespace: 'production', status: 'Running', restart_count: 'fifteen' }] });
    await expect(loadScenario(dir, library)).rejects.toThrow(/^k8s\/pods\.json: pods\.0\.restart_count: expected number/);
    await expect(loadScenario(dir, library)).rejects.toMatchObject({ name: 'ScenarioInvalid', file: 'k8s/pods.json', field: 'pods.0.restart_count' });
  });

  it('names the file when it is not JSON', async () => {
    await write(dir, 'metrics/trends.json', '{"trends": [');
    await expect(loadScenario(dir, library)).rejects.toThrow(/^metrics\/trends\.json: invalid JSON/);
  });

  it('rejects a scenario category outside the list', async () => {
    await write(dir, 'scenario.json', { id: 'x', expected: { category: 'gremlins' } });
    await expect(loadScenario(dir, library)).rejects.toThrow(/^scenario\.json: expected\.category: /);
  });

  it('rejects a folder that does not exist', async () => {
    await expect(loadScenario(join(root, 'missing'), library)).rejects.toMatchObject({ name: 'ScenarioInvalid' });
  });

  it('keeps fields it does not know', async () => {
    await write(dir, 'k8s/deployments.json', { deployments: [{ name: 'd', namespace: 'n', replicas: 1, available_replicas: 0, unavailable_replicas: 1, status: 'Failed', strategy: 'Recreate' }] });
    const s = await loadScenario(dir, library);
    expect(s.k8s.deployments[0]).toMatchObject({ strategy: 'Recreate' });
  });

  it('serves the library runbooks when the scenario has no runbooks folder', async () => {
    const s = await loadScenario(dir, library);
    expect(s.runbooks.playbooks.map((p) => p.id)).toEqual(['library-playbook']);
  });

  it('serves the scenario\'s own runbooks when it has a runbooks folder', async () => {
    await write(dir, 'runbooks/playbooks.json', { playbooks: [playbook('own-playbook')] });
    const s = await loadScenario(dir, library);
    expect(s.runbooks.playbooks.map((p) => p.id)).toEqual(['own-playbook']);
  });

  it('names the library file when a library runbook breaks the schema', async () => {
    await write(library, 'common_resolutions.json', { resolutions: [{ id: 'r' }] });
    await expect(loadScenario(dir, library)).rejects.toThrow(`${join(library, 'common_resolutions.json')}: resolutions.0.issue:`);
  });

  it('parses application.log and skips lines that do not fit the format', async () => {
    await write(dir, 'logs/application.log', [
      '2024-01-15T14:20:44.118Z [ERROR] web-service Database connection timeout after 5000ms',
      '\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:197)',
      '',
      'not-a-date [INFO] web-service hello',
      '2024-01-15T14:21:00Z [warn] api-service Lost connection',
    ].join('\n'));
    const s = await loadScenario(dir, library);
    expect(s.logs.entries).toEqual([
      { timestamp: '2024-01-15T14:20:44.118Z', level: 'ERROR', service: 'web-service', message: 'Database connection timeout after 5000ms' },
      { timestamp: '2024-01-15T14:21:00Z', level: 'WARN', service: 'api-service', message: 'Lost connection' },
    ]);
  });
});
