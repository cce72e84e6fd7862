import { describe, expect, it } from 'vitest';
import { defaultPlan, needsApproval, normalizePlan, planWaves } from '../../../src/domain/plan.js';

describe('normalizePlan', () => {
  it('drops unknown agents, accepts the original spellings and merges duplicates', () => {
    const plan = normalizePlan({
      steps: [
        { agent: 'kubernetes_agent', goal: 'check pods' },
        { agent: 'search_agent', goal: 'web search' },
        { agent: 'Logs Agent', goal: 'error logs' },
        { agent: 'k8s', goal: 'check events' },
      ],
      complexity: 'simple', auto_execute: true, reasoning: 'r',
    }, 'q');
    expect(plan.steps.map((s) => [s.id, s.agent, s.goal])).toEqual([[1, 'kubernetes', 'check pods; check events'], [2, 'logs', 'error logs']]);
    expect(plan.isDefault).toBe(false);
  });

  it('re-points dependencies at merged steps and drops forward and self references', () => {
    const plan = normalizePlan({
      steps: [
        { agent: 'metrics', goal: 'm', depends_on: [3] },
        { agent: 'logs', goal: 'l', depends_on: [2] },
        { agent: 'runbooks', goal: 'r', depends_on: [1, 'logs', 99] },
      ],
    }, 'q');
    expect(plan.steps.map((s) => s.dependsOn)).toEqual([[], [], [1, 2]]);
  });

  it('gives the default plan when nothing usable is left', () => {
    expect(normalizePlan({ steps: [{ agent: 'nope' }] }, 'why?').isDefault).toBe(true);
    expect(normalizePlan('not a plan', 'why?').steps).toHaveLength(4);
    expect(normalizePlan(null, 'why?')).toEqual(defaultPlan('why?'));
  });

  it('treats a complex plan as not auto-executable unless the model says otherwise', () => {
    expect(normalizePlan({ steps: [{ agent: 'logs', goal: 'x' }], complexity: 'complex' }, 'q').autoExecute).toBe(false);
    expect(normalizePlan({ steps: [{ agent: 'logs', goal: 'x' }], complexity: 'complex', auto_execute: true }, 'q').autoExecute).toBe(true);
  });
});

describe('planWaves', () => {
  it('groups independent steps and orders dependent ones after their prerequisites', () => {
    const plan = normalizePlan({ steps: [{ agent: 'kubernetes', goal: 'a' }, { agent: 'logs', goal: 'b', depends_on: [1] }, { agent: 'metrics', goal: 'c' }, { agent: 'runbooks', goal: 'd', depends_on: [2, 3] }] }, 'q');
    expect(planWaves(plan).map((w) => w.map((s) => s.agent))).toEqual([['kubernetes', 'metrics'], ['logs'], ['runbooks']]);
  });

  it('runs one step per wave in sequential mode, in the same order', () => {
    const plan = normalizePlan({ steps: [{ agent: 'kubernetes', goal: 'a' }, { agent: 'logs', goal: 'b', depends_on: [1] }, { agent: 'metrics', goal: 'c' }, { agent: 'runbooks', goal: 'd', depends_on: [2, 3] }] }, 'q');
    expect(planWaves(plan, 'sequential').map((w) => w.map((s) => s.agent))).toEqual([['kubernetes'], ['metrics'], ['logs'], ['runbooks']]);
  });
});

describe('needsApproval', () => {
  const simple = normalizePlan({ steps: [{ agent: 'logs', goal: 'x' }], complexity: 'simple', auto_execute: true }, 'q');
  const complex = normalizePlan({ steps: [{ agent: 'logs', goal: 'x' }], complexity: 'complex', auto_execute: false }, 'q');
  it('never waits when auto-approval is on, always when off, and only for complex plans in simple mode', () => {
    expect([needsApproval(complex, true), needsApproval(simple, false), needsApproval(simple, 'simple'), needsApproval(complex, 'simple')]).toEqual([false, true, false, true]);
  });
});
