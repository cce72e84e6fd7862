import { describe, expect, it } from 'vitest';
import { baseName, scoreInvestigation } from '../../../src/domain/evaluation.js';
import type { Finding } from '../../../src/domain/finding.js';

const finding = (causes: Finding['causes']): Finding => ({ agent: 'kubernetes', stepId: 1, goal: 'g', status: 'completed', summary: 's', evidence: [], causes, unchecked: [], facts: [], toolCalls: 1 });
const expected = {
  mustMention: [['database-pod', 'database-deployment'], ['ConfigMap'], ['CrashLoopBackOff', 'crash loop']],
  mustNotBlame: ['product-catalog-service'],
  culprit: { kind: 'pod', name: 'database-pod-7b9c4d8f2a-x5m1q' },
};

describe('scoreInvestigation', () => {
  it('gives full marks to a report that names the culprit and the mechanism and blames no healthy component', () => {
    const card = scoreInvestigation('database-pod is in crash loop: configmap missing. product-catalog-service is healthy.', 'database-pod crash-loops because ConfigMap is missing', [finding([])], expected);
    expect(card.score).toBe(1);
    expect(card.culpritNamed).toBe(true);
  });

  it('counts a missing mention group, an unnamed culprit and a blamed red herring', () => {
    const card = scoreInvestigation('product-catalog-service is slow', 'product-catalog-service is overloaded', [finding([{ description: 'product-catalog-service slow', component: 'product-catalog-service', confidence: 0.7, evidence: [] }])], expected);
    expect(card.mentions.map((m) => m.found)).toEqual([false, false, false]);
    expect(card.blamed).toEqual([{ name: 'product-catalog-service', blamed: true }]);
    expect(card.culpritNamed).toBe(false);
    expect(card.score).toBe(0);
  });

  it('does not count a low-confidence mention of a healthy component as blame', () => {
    const card = scoreInvestigation('database-pod ConfigMap CrashLoopBackOff', 'database-pod-7b9c4d8f2a-x5m1q', [finding([{ description: 'product-catalog-service warnings', component: 'product-catalog-service', confidence: 0.2, evidence: [] }])], expected);
    expect(card.score).toBe(1);
  });
});

describe('baseName', () => {
  it('strips generated suffixes of pods', () => {
    expect(baseName('database-pod-7b9c4d8f2a-x5m1q')).toBe('database-pod');
    expect(baseName('coredns-5d78c9869d-abcde')).toBe('coredns');
    expect(baseName('redis-0')).toBe('redis-0');
  });
});
