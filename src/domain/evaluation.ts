import { rankCauses } from './causes.js';
import type { Finding } from './finding.js';

/** What a scenario says a correct investigation must conclude (scenario.json `expected`). */
export interface Expectations {
  readonly mustMention: readonly (readonly string[])[];
  readonly mustNotBlame: readonly string[];
  readonly culprit?: { readonly kind: string; readonly name: string };
}

export interface Scorecard {
  readonly mentions: readonly { readonly terms: readonly string[]; readonly found: boolean }[];
  readonly blamed: readonly { readonly name: string; readonly blamed: boolean }[];
  readonly culpritNamed: boolean | undefined;
  /** Share of checks passed, 0 … 1. */
  readonly score: number;
}

const has = (text: string, term: string): boolean => text.toLowerCase().includes(term.toLowerCase());

/**
 * The name a person would use for a generated object name: `database-pod-7b9c4d8f2a-x5m1q` →
 * `database-pod`, `redis-0` stays. A report naming the deployment of a culprit pod names it.
 */
export function baseName(name: string): string {
  return name.replace(/-[a-z0-9]{8,10}-[a-z0-9]{5}$/, '').replace(/-[a-z0-9]{5}$/, '');
}

/**
 * Scores a report against a scenario's expectations. A healthy component counts as blamed when the
 * root cause names it or a suspected cause of confidence ≥ 0.5 is about it; mentioning it as healthy
 * or as downstream impact with low confidence is fine.
 */
export function scoreInvestigation(report: string, rootCause: string, findings: readonly Finding[], expected: Expectations): Scorecard {
  const mentions = expected.mustMention.map((terms) => ({ terms, found: terms.some((t) => has(report, t)) }));
  const strong = rankCauses(findings).filter((c) => c.confidence >= 0.5);
  const blamed = expected.mustNotBlame.map((name) => ({
    name,
    blamed: has(rootCause, name) || strong.some((c) => has(c.component ?? '', name) || has(c.description, name)),
  }));
  const culpritNamed = expected.culprit ? has(rootCause, expected.culprit.name) || has(rootCause, baseName(expected.culprit.name)) : undefined;
  const checks = [...mentions.map((m) => m.found), ...blamed.map((b) => !b.blamed), ...(culpritNamed === undefined ? [] : [culpritNamed])];
  const score = checks.length === 0 ? 1 : checks.filter(Boolean).length / checks.length;
  return { mentions, blamed, culpritNamed, score: Math.round(score * 1000) / 1000 };
}
