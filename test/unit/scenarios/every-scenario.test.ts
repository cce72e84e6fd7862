import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/adapters/demo-infra/scenario-loader.js';
import type { Scenario } from '../../../src/adapters/demo-infra/scenario.js';
import { baseName } from '../../../src/domain/evaluation.js';

// Checks every scenario folder must pass, the built-in ones and any added later: the data agrees
// with itself, and the expectations are fair (the culprit exists, the prompt does not give it away).
const root = 'scenarios';
const ids = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('_')).map((e) => e.name).sort();

describe.each(ids)('scenario %s', (id) => {
  let s: Scenario;
  beforeAll(async () => { s = await loadScenario(join(root, id), join(root, '_library', 'runbooks')); });

  it('states its expectations, with a prompt that does not name the culprit', () => {
    const expected = s.meta['expected'] as { must_mention: string[][]; culprit?: { name: string } } | undefined;
    expect(typeof s.meta['prompt']).toBe('string');
    expect(expected?.must_mention.length).toBeGreaterThan(0);
    const culprit = expected?.culprit?.name;
    if (culprit) expect(String(s.meta['prompt']).toLowerCase()).not.toContain(baseName(culprit).toLowerCase());
  });

  it('has the culprit in its data', () => {
    const culprit = (s.meta['expected'] as { culprit?: { name: string } } | undefined)?.culprit?.name;
    if (!culprit) return;
    const names = [...s.k8s.pods, ...s.k8s.deployments, ...s.k8s.nodes, ...s.k8s.services].map((r) => r.name);
    expect(names.some((n) => n === culprit || n.startsWith(baseName(culprit)))).toBe(true);
  });

  it('has every structured error in the application log too', () => {
    for (const e of s.logs.errors) {
      expect(s.logs.entries).toContainEqual(expect.objectContaining({ timestamp: e.timestamp, service: e.service, message: e.message }));
    }
  });

  it('counts log patterns and events exactly as the application log has them', () => {
    for (const p of s.logs.patterns) {
      const hits = s.logs.entries.filter((e) => e.message.toLowerCase().includes(p.pattern.toLowerCase()));
      expect({ pattern: p.pattern, count: hits.length, first: hits[0]?.timestamp, last: hits.at(-1)?.timestamp })
        .toEqual({ pattern: p.pattern, count: p.count, first: p.first_seen, last: p.last_seen });
    }
    const errors = s.logs.entries.filter((e) => e.level === 'ERROR');
    const counts = s.logs.counts;
    if (counts.error_counts) expect(counts.error_counts.total_count).toBe(errors.length);
    if (counts.all_counts) expect(counts.all_counts.total_count).toBe(s.logs.entries.length);
    for (const row of counts.error_counts?.by_service ?? []) expect(row.count).toBe(errors.filter((e) => e.service === row.group).length);
    for (const row of counts.all_counts?.by_service ?? []) expect(row.count).toBe(s.logs.entries.filter((e) => e.service === row.group).length);
    for (const row of counts.all_counts?.by_level ?? []) expect(row.count).toBe(s.logs.entries.filter((e) => e.level === row.group).length);
  });

  it('keeps the log in time order and everything before the scenario clock', () => {
    const stamps = s.logs.entries.map((e) => Date.parse(e.timestamp));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    const latest = Math.max(...stamps, ...s.k8s.events.map((e) => Date.parse(e.timestamp)));
    expect(latest).toBeLessThanOrEqual(Date.parse(s.meta.now));
  });
});
