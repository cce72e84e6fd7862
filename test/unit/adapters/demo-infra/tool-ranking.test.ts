import { describe, expect, it } from 'vitest';
import { inputSchemaOf } from '../../../../src/adapters/demo-infra/demo-tool.js';
import { demoTools } from '../../../../src/adapters/demo-infra/demo-tools.js';
import { rankTools, tokenize } from '../../../../src/adapters/demo-infra/tool-ranking.js';
import { aScenario, callOk } from './scenario-fixture.js';

const catalogue = demoTools().filter((t) => t.name !== 'x_amz_bedrock_agentcore_search').map((t) => ({ name: t.name, description: t.description, inputSchema: inputSchemaOf(t) }));
const top = (query: string, n = 3) => rankTools(catalogue, query).slice(0, n).map((t) => t.name);

describe('rankTools', () => {
  it('ranks the pod tools first for pods that crash and restart', () => {
    const [first, second] = top('pod crash restarts', 2);
    expect(first).toBe('k8s-api___get_pod_status');
    expect(second).toMatch(/^k8s-api___/);
  });

  it('ranks by meaning of the words, not by catalogue order', () => {
    expect(top('error rate per service', 1)).toEqual(['metrics-api___get_error_rates']);
    expect(top('stack trace exceptions', 1)).toEqual(['logs-api___get_error_logs']);
    expect(top('escalation chain on call', 1)).toEqual(['runbooks-api___get_escalation_procedures']);
    expect(top('node memory pressure', 1)).toEqual(['k8s-api___get_node_status']);
  });

  it('returns nothing for a query that shares no word with any tool', () => {
    expect(rankTools(catalogue, 'quux zyzzyva')).toEqual([]);
    expect(rankTools(catalogue, 'the of and')).toEqual([]);
  });

  it('returns at most the limit, best first, with positive scores', () => {
    const ranked = rankTools(catalogue, 'service metrics logs pods', 5);
    expect(ranked.length).toBe(5);
    expect(ranked.every((t) => t.score > 0)).toBe(true);
    expect(ranked.map((t) => t.score)).toEqual([...ranked.map((t) => t.score)].sort((a, b) => b - a));
  });

  it('splits tool names and stems words', () => {
    expect(tokenize('k8s-api___get_pod_status')).toEqual(['k8s', 'pod', 'statu']);
    expect(tokenize('Restarts restarting restarted')).toEqual(['restart', 'restart', 'restart']);
  });
});

describe('x_amz_bedrock_agentcore_search', () => {
  it('returns up to 10 tools with their description, input schema and score', () => {
    const { tools } = callOk(aScenario(), 'x_amz_bedrock_agentcore_search', { query: 'pods restarting in kubernetes' }) as { tools: Record<string, unknown>[] };
    expect(tools.length).toBeGreaterThan(0);
    expect(tools.length).toBeLessThanOrEqual(10);
    expect(tools[0]).toMatchObject({ name: 'k8s-api___get_pod_status', inputSchema: { type: 'object' } });
    expect(Object.keys(tools[0] ?? {}).sort()).toEqual(['description', 'inputSchema', 'name', 'score']);
  });
});
