import { describe, expect, it } from 'vitest';
import { demoTools } from '../../../../src/adapters/demo-infra/demo-tools.js';
import { AGENT_TOOLS } from '../../../../src/domain/agents.js';
import { aScenario, call, callOk } from './scenario-fixture.js';

describe('demoTools', () => {
  it('offers the 20 operations under their gateway names, the clock and tool search', () => {
    const names = demoTools().map((t) => t.name);
    const targets = { kubernetes: 'k8s-api', logs: 'logs-api', metrics: 'metrics-api', runbooks: 'runbooks-api' } as const;
    const expected = Object.entries(AGENT_TOOLS).flatMap(([agent, ops]) => ops.map((op) => `${targets[agent as keyof typeof targets]}___${op}`));
    expect(names.sort()).toEqual([...expected, 'get_current_time', 'x_amz_bedrock_agentcore_search'].sort());
  });

  it('tells the time from the clock it is given', () => {
    expect(callOk(aScenario(), 'get_current_time')).toEqual({ current_time: '2024-01-15T14:30:00.000Z' });
  });

  it('reports an unknown tool as a failure', () => {
    expect(call(aScenario(), 'k8s-api___get_pod_logs', {})).toEqual({ ok: false, message: 'Unknown tool: k8s-api___get_pod_logs' });
  });

  it('reports wrong argument types on one line', () => {
    const result = call(aScenario(), 'logs-api___get_recent_logs', { limit: 'ten', service: 5 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toMatch(/limit .*expected number.*; service .*expected string/);
      expect(result.message).not.toContain('\n');
    }
  });

  it('turns a handler that throws into a failure instead of an exception', () => {
    const broken = aScenario({ k8s: { pods: null as never } });
    expect(call(broken, 'k8s-api___get_pod_status', {})).toMatchObject({ ok: false, message: expect.stringContaining('k8s-api___get_pod_status failed') });
  });
});
