import type { Evidence, Finding, SuspectedCause } from './finding.js';

export interface RankedCause {
  readonly description: string;
  readonly component?: string;
  /** Combined across specialists: independent agreement raises confidence. */
  readonly confidence: number;
  readonly evidence: readonly Evidence[];
  readonly agents: readonly string[];
}

const keyOf = (c: SuspectedCause): string => (c.component ?? c.description).trim().toLowerCase();

/**
 * Merges the specialists' suspected causes by component and ranks them: confidences combine as
 * independent probabilities (1 − Π(1 − c)), evidence is pooled, and the best-supported comes first.
 */
export function rankCauses(findings: readonly Finding[]): readonly RankedCause[] {
  const merged = new Map<string, { best: SuspectedCause; miss: number; evidence: Evidence[]; agents: Set<string> }>();
  for (const f of findings) {
    for (const c of f.causes) {
      const key = keyOf(c);
      const entry = merged.get(key);
      if (entry) {
        entry.miss *= 1 - c.confidence;
        if (c.confidence > entry.best.confidence) entry.best = c;
        entry.evidence.push(...c.evidence);
        entry.agents.add(f.agent);
      } else {
        merged.set(key, { best: c, miss: 1 - c.confidence, evidence: [...c.evidence], agents: new Set([f.agent]) });
      }
    }
  }
  return [...merged.values()]
    .map((e) => {
      const seen = new Set<string>();
      const evidence = e.evidence.filter((ev) => {
        const k = `${ev.tool}\u0000${ev.excerpt}`;
        return seen.has(k) ? false : (seen.add(k), true);
      });
      return {
        description: e.best.description,
        ...(e.best.component ? { component: e.best.component } : {}),
        confidence: Math.round((1 - e.miss) * 1000) / 1000,
        evidence,
        agents: [...e.agents],
      };
    })
    .sort((a, b) => b.confidence - a.confidence || b.evidence.length - a.evidence.length);
}
