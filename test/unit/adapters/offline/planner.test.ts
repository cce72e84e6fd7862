import { describe, expect, it } from 'vitest';
import { planInvestigation } from '../../../../src/adapters/offline/planner.js';
import { EMPTY_MEMORY } from '../../../../src/domain/memory.js';
import { normalizePlan } from '../../../../src/domain/plan.js';

const agentsOf = (q: string): string[] => planInvestigation(q).steps.map((s) => s.agent);

describe('planInvestigation', () => {
  it('plans a crash-looping pod as kubernetes and logs in parallel, then runbooks', () => {
    const plan = planInvestigation('Why is the database pod restarting in production?');
    expect(plan.steps.map((s) => s.agent)).toEqual(['kubernetes', 'logs', 'runbooks']);
    expect(plan.steps[0]?.depends_on).toBeUndefined();
    expect(plan.steps[1]?.depends_on).toBeUndefined();
    expect(plan.steps[2]?.depends_on).toEqual([1, 2]);
    expect(plan.steps[0]?.goal).toMatch(/database/);
    expect(plan.steps[0]?.goal).toMatch(/production/);
  });

  it('plans a slowdown as metrics, logs and kubernetes, with runbooks depending on all three', () => {
    const plan = planInvestigation('API response times have degraded 3x in the last hour. What is going on?');
    expect(plan.steps.map((s) => s.agent)).toEqual(['metrics', 'logs', 'kubernetes', 'runbooks']);
    expect(plan.steps[3]?.depends_on).toEqual([1, 2, 3]);
    expect(plan.complexity).toBe('simple');
    expect(plan.auto_execute).toBe(true);
    expect(plan.reasoning).toMatch(/performance/);
  });

  it('plans a service outage with every diagnosing specialist', () => {
    expect(agentsOf('checkout-service is down and returns 503')).toEqual(['kubernetes', 'logs', 'metrics', 'runbooks']);
  });

  it('plans a configuration question as kubernetes then runbooks', () => {
    expect(agentsOf('Is a ConfigMap missing for payments-api?')).toEqual(['kubernetes', 'runbooks']);
  });

  it('plans a capacity question with kubernetes and metrics', () => {
    expect(agentsOf('Nodes are running out of memory and pods get evicted')).toEqual(expect.arrayContaining(['kubernetes', 'metrics', 'runbooks']));
  });

  it('gives a vague question every specialist', () => {
    const plan = planInvestigation('Something feels off, can you take a look?');
    expect(plan.steps.map((s) => s.agent)).toEqual(['kubernetes', 'logs', 'metrics', 'runbooks']);
    expect(plan.steps[3]?.depends_on).toEqual([1, 2, 3]);
  });

  it('answers a request for procedures with the runbooks specialist alone', () => {
    const plan = planInvestigation('Show me the escalation procedure');
    expect(plan.steps).toEqual([expect.objectContaining({ agent: 'runbooks' })]);
    expect(plan.steps[0]?.depends_on).toBeUndefined();
  });

  it('asks for approval when the question asks to change production', () => {
    const plan = planInvestigation('Restart the web-service pods in production');
    expect(plan.complexity).toBe('complex');
    expect(plan.auto_execute).toBe(false);
  });

  it('names the services of the question in the goals', () => {
    const plan = planInvestigation('Why is web-service slow in the staging namespace?');
    for (const s of plan.steps.filter((x) => x.agent !== 'runbooks')) expect(s.goal).toContain('web-service');
    expect(plan.steps.find((s) => s.agent === 'kubernetes')?.goal).toContain('staging');
  });

  it('uses remembered dependencies and past root causes', () => {
    const plan = planInvestigation('Why is web-service slow?', {
      ...EMPTY_MEMORY,
      infrastructure: [{ service: 'web-service', kind: 'dependency', detail: 'web-service depends on database-service' }],
      pastInvestigations: [{ investigationId: 'i-1', question: 'slow web', rootCause: 'ConfigMap database-config was deleted', severity: 'high',
        evidence: [], actions: [], status: 'completed', at: '2024-01-01T00:00:00Z' }],
    });
    expect(plan.steps[0]?.goal).toContain('database-service');
    expect(plan.reasoning).toContain('ConfigMap database-config was deleted');
  });

  it('produces a plan the domain accepts as is', () => {
    const args = planInvestigation('Why is the API returning 500 errors?');
    const plan = normalizePlan(args, 'q');
    expect(plan.isDefault).toBe(false);
    expect(plan.steps.map((s) => s.agent)).toEqual(args.steps.map((s) => s.agent));
    expect(plan.steps.at(-1)?.dependsOn).toEqual(args.steps.at(-1)?.depends_on);
  });
});

describe('planInvestigation with remembered dependencies', () => {
  it('adds only the named dependency, not words quoted from the log', () => {
    const memory = { ...EMPTY_MEMORY, infrastructure: [{ service: 'web-service', kind: 'dependency' as const, detail: 'web-service depends on database-service (log: "HikariPool-1 - Connection is not available")' }] };
    const goal = planInvestigation('Why is web-service slow?', memory).steps[0]?.goal ?? '';
    expect(goal).toContain('database-service (a known dependency)');
    expect(goal.toLowerCase()).not.toContain('hikaripool');
  });
});
