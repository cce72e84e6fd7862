/** What the offline analyst reads from a person's question: the symptoms and the things named. */

export type Symptom = 'crash' | 'down' | 'latency' | 'errors' | 'capacity' | 'deployment' | 'config';

/** Checked in this order, so the first symptom found is the most specific one. */
const SYMPTOM_PATTERNS: readonly (readonly [Symptom, RegExp])[] = [
  ['config', /config|secret|env(ironment)? var|setting|credential|\bmount/i],
  ['crash', /crash|restart|back-?off|oom-?kill|exit(ed)? code|keeps? dying|\bkilled\b/i],
  ['deployment', /\bdeploy(ed|ment|ing|s)?\b|rollout|roll(ed)? (out|back)|rollback|release|\bimage\b|version|upgrade/i],
  ['down', /\bdown\b|unavailable|outage|unreachable|not (responding|reachable|available|working)|no response|\b503\b|offline/i],
  ['latency', /slow|latenc|response times?|degrad|sluggish|time-?outs?|\bp9\d\b|\blag|taking (too )?long/i],
  ['errors', /error|\b5\d\d\b|\b5xx\b|exception|fail|broken/i],
  ['capacity', /memory|\bcpu\b|\boom\b|\bnodes?\b|capacity|resource|disk|pressure|evict|scal(e|ing)|throttl|quota|pending/i],
];

export function classifySymptoms(question: string): Symptom[] {
  return SYMPTOM_PATTERNS.filter(([, re]) => re.test(question)).map(([s]) => s);
}

/** A request for procedures rather than a diagnosis ("what is the runbook for …"). */
export const asksForRunbook = (question: string): boolean =>
  /runbook|playbook|procedure|escalat|how (do|should) (i|we) (fix|handle|resolve)/i.test(question);

/** A request that would change production, which a person should approve first. */
export const asksForChange = (question: string): boolean =>
  /^(please\s+|can you\s+|could you\s+)?(restart|roll ?back|scale|delete|redeploy|apply|patch|drain|cordon|fix)\b/i.test(question.trim());

const NOT_NAMES = new Set(['real-time', 'follow-up', 'up-to-date', 'on-call', 'end-to-end', 'e-mail', 'built-in', 'in-memory', 'non-prod', 'start-up', 'set-up',
  'read-only', 'well-known', 'out-of-memory', 'post-incident']);
const NOT_SUBJECTS = new Set(['the', 'a', 'an', 'my', 'our', 'this', 'that', 'which', 'every', 'each', 'any', 'some', 'all', 'whole', 'backend',
  'frontend', 'in', 'of', 'for', 'on', 'from', 'to', 'by', 'at', 'with', 'same', 'other', 'one', 'its', 'their', 'affected', 'failing', 'dependent',
  'named', 'known', 'related', 'healthy', 'calling', 'downstream', 'upstream']);
const KNOWN_NAMESPACES = /\b(production|staging|development|kube-system|default)\b/gi;

export interface Subjects {
  /** Services, pods or deployments the question names, as written. */
  readonly names: readonly string[];
  readonly namespaces: readonly string[];
}

export function subjectsOf(question: string): Subjects {
  const names = new Set<string>();
  for (const m of question.matchAll(/\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b/gi)) {
    const n = m[0].toLowerCase();
    if (!NOT_NAMES.has(n)) names.add(n);
  }
  for (const m of question.matchAll(/\b([a-z][a-z0-9]+)\s+(?:micro)?(?:service|pod|deployment|app|application)s?\b/gi)) {
    const n = (m[1] ?? '').toLowerCase();
    if (!NOT_SUBJECTS.has(n) && ![...names].some((x) => x.includes(n))) names.add(n);
  }
  const namespaces = new Set<string>();
  for (const m of question.matchAll(/\bnamespace\s+[`'"]?([a-z0-9-]+)/gi)) namespaces.add((m[1] ?? '').toLowerCase());
  for (const m of question.matchAll(/\b([a-z0-9-]+)[`'"]?\s+namespace\b/gi)) {
    const n = (m[1] ?? '').toLowerCase();
    if (!NOT_SUBJECTS.has(n)) namespaces.add(n);
  }
  for (const m of question.matchAll(KNOWN_NAMESPACES)) namespaces.add((m[1] ?? '').toLowerCase());
  for (const ns of namespaces) names.delete(ns);
  return { names: [...names], namespaces: [...namespaces] };
}

const ROLE_WORDS = new Set(['pod', 'deployment', 'deploy', 'service', 'svc', 'app', 'config', 'configmap', 'cm', 'secret', 'server', 'statefulset', 'sts', 'replicaset', 'rs', 'api']);

/**
 * The name shared by a pod, its deployment, service and ConfigMap: `database-pod-7b9c4d8f2a-x5m1q`,
 * `database-deployment`, `database-service` and `production/database-config` all give `database`.
 */
export function stemOf(name: string): string {
  let n = name.trim().toLowerCase();
  n = n.slice(n.lastIndexOf('/') + 1);
  n = n.replace(/-[a-z0-9]{8,10}-[a-z0-9]{5}$/, '').replace(/-(?=[a-z0-9]*\d)[a-z0-9]{5}$/, '').replace(/-\d+$/, '');
  const parts = n.split('-');
  while (parts.length > 1 && ROLE_WORDS.has(parts.at(-1) ?? '')) parts.pop();
  return parts.join('-');
}

/** Whether two names denote the same workload (a pod and its deployment, a service and its logs). */
export function sameComponent(a: string, b: string): boolean {
  const sa = stemOf(a);
  return sa.length >= 2 && sa === stemOf(b);
}

/** The earlier name for the same workload, so that causes from different specialists merge. */
export function alignComponent(name: string, known: readonly string[]): string {
  return known.find((k) => sameComponent(k, name)) ?? name;
}
