import type { Finding } from '../../domain/finding.js';
import { classifySymptoms, type Symptom } from './question.js';

/** A recognisable way things break, and how to look it up in the runbook library. */
export interface FailureMode {
  readonly id: string;
  readonly label: string;
  /** `search_runbooks` keyword. */
  readonly keyword: string;
  /** `get_common_resolutions` issue text. */
  readonly issue: string;
  /** `get_troubleshooting_guide` category. */
  readonly category: 'kubernetes' | 'performance' | 'networking' | 'database';
  readonly incidentType: 'performance' | 'availability' | 'security' | 'deployment';
  readonly pattern: RegExp;
}

export const FAILURE_MODES: readonly FailureMode[] = [
  // The specific modes first: they say what broke, the generic ones only how it showed.
  { id: 'dns', label: 'DNS resolution failure', keyword: 'DNS', issue: 'dns', category: 'networking', incidentType: 'availability',
    pattern: /\bdns\b|coredns|kube-dns|name resolution|eai_again|no such host|unknownhost|could not resolve|server misbehaving|plugin\/loop/i },
  { id: 'disk', label: 'full volume', keyword: 'disk', issue: 'disk', category: 'database', incidentType: 'availability',
    pattern: /no space left on device|enospc|volume is full|disk (is )?full|misconf|persist on disk/i },
  { id: 'node', label: 'node pressure and evictions', keyword: 'evict', issue: 'evict', category: 'kubernetes', incidentType: 'availability',
    pattern: /memorypressure|diskpressure|pidpressure|notready|node pressure|evicted|low on resource/i },
  { id: 'cache', label: 'cache/Redis outage', keyword: 'redis', issue: 'redis', category: 'database', incidentType: 'availability',
    pattern: /redis|memcache|\bcache\b|session store|readonly you can't write/i },
  { id: 'config-change', label: 'configuration change', keyword: 'ConfigMap', issue: 'config', category: 'kubernetes', incidentType: 'availability',
    pattern: /\bwas changed\b|configuration change|config change/i },
  { id: 'config', label: 'missing configuration', keyword: 'ConfigMap', issue: 'config', category: 'kubernetes', incidentType: 'availability',
    pattern: /configmap|config map|secret\b.*(not found|missing)|missing (config|secret)|configuration (file )?(not found|missing)/i },
  { id: 'oom', label: 'out of memory', keyword: 'memory', issue: 'memory', category: 'performance', incidentType: 'performance',
    pattern: /\boom|out ?of ?memory|memory limit|heap space/i },
  { id: 'image', label: 'image pull failure', keyword: 'image', issue: 'image', category: 'kubernetes', incidentType: 'deployment',
    pattern: /image ?pull|pull(ing)? image|errimage/i },
  { id: 'scheduling', label: 'scheduling failure', keyword: 'scheduling', issue: 'pending', category: 'kubernetes', incidentType: 'availability',
    pattern: /failedscheduling|insufficient (memory|cpu)|unschedulable|\bpending\b/i },
  { id: 'crashloop', label: 'crash loop', keyword: 'CrashLoopBackOff', issue: 'crash', category: 'kubernetes', incidentType: 'availability',
    pattern: /crash-?loop|crash loop|back-?off|restart/i },
  { id: 'pool', label: 'connection pool exhaustion', keyword: 'connection pool', issue: 'connection pool', category: 'database', incidentType: 'performance',
    pattern: /pool (is )?exhaust|connection pool|no available connections/i },
  { id: 'database', label: 'database failure', keyword: 'database', issue: 'database', category: 'database', incidentType: 'availability',
    pattern: /database|postgres|mysql|\bdb\b|sql/i },
  { id: 'timeout', label: 'timeouts', keyword: 'timeout', issue: 'timeout', category: 'networking', incidentType: 'performance',
    pattern: /time-?out|timed out/i },
  { id: 'latency', label: 'high response time', keyword: 'response time', issue: 'response time', category: 'performance', incidentType: 'performance',
    pattern: /latenc|response time|slow/i },
  { id: 'errors', label: 'high error rate', keyword: 'error rate', issue: 'error', category: 'performance', incidentType: 'availability',
    pattern: /error rate|\b5\d\d\b|5xx/i },
];

const SYMPTOM_MODE: Readonly<Record<Symptom, string>> = {
  crash: 'crashloop', config: 'config', deployment: 'image', down: 'errors', latency: 'latency', errors: 'errors', capacity: 'oom',
};

/**
 * The failure modes behind what earlier specialists found (their causes, strongest first, then
 * their summaries), then behind the question's symptoms: the runbook search terms.
 */
export function failureModesOf(findings: readonly Finding[], question: string): FailureMode[] {
  const texts = [
    ...findings.flatMap((f) => f.causes).sort((a, b) => b.confidence - a.confidence)
      .map((c) => `${c.description} ${c.component ?? ''} ${c.evidence.map((e) => e.excerpt).join(' ')}`),
    ...findings.map((f) => f.summary),
  ];
  const found: FailureMode[] = [];
  for (const t of texts) for (const m of FAILURE_MODES) if (m.pattern.test(t) && !found.includes(m)) found.push(m);
  for (const s of classifySymptoms(question)) {
    const m = FAILURE_MODES.find((x) => x.id === SYMPTOM_MODE[s]);
    if (m && !found.includes(m)) found.push(m);
  }
  return found;
}
