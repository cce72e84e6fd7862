import type { AgentName } from '../../domain/agents.js';
import type { MemoryContext } from '../../domain/memory.js';
import { asksForChange, asksForRunbook, classifySymptoms, sameComponent, type Symptom, subjectsOf } from './question.js';
import { clip, unique } from './json-reading.js';

/** The `submit_plan` arguments, in the tool's wire shape. */
export interface PlanArgs {
  readonly steps: readonly { readonly agent: AgentName; readonly goal: string; readonly depends_on?: readonly number[] }[];
  readonly complexity: 'simple' | 'complex';
  readonly auto_execute: boolean;
  readonly reasoning: string;
}

/** The diagnosing specialists of each symptom, most telling first (the original's patterns). */
const PATTERNS: Readonly<Record<Symptom, { readonly name: string; readonly agents: readonly AgentName[] }>> = {
  crash: { name: 'pod status', agents: ['kubernetes', 'logs'] },
  config: { name: 'configuration', agents: ['kubernetes'] },
  deployment: { name: 'deployment', agents: ['kubernetes', 'logs'] },
  down: { name: 'service down', agents: ['kubernetes', 'logs', 'metrics'] },
  latency: { name: 'performance', agents: ['metrics', 'logs', 'kubernetes'] },
  errors: { name: 'error rate', agents: ['logs', 'metrics', 'kubernetes'] },
  capacity: { name: 'capacity', agents: ['kubernetes', 'metrics'] },
};

const K8S_FOCUS: Readonly<Record<Symptom, string>> = {
  crash: 'explain the restarts from last states, exit reasons and events',
  config: 'find missing or broken ConfigMaps and Secrets and the pods they break',
  deployment: 'compare rollout status, images and revisions; look for failed rollouts and image pull errors',
  down: 'find why the service has no ready pods or endpoints',
  latency: 'look for failing dependencies (databases, caches) and saturated nodes behind the slowdown',
  errors: 'look for crashing or unready pods behind the errors',
  capacity: 'check node conditions (MemoryPressure, DiskPressure), scheduling failures, evictions and resource usage',
};

const informational = (q: string): boolean => /^(show|list|what('s| is| are)|how (much|many)|get|display)\b/i.test(q.trim());

/** Plans an investigation by classifying the question's symptoms, as an SRE lead would. */
export function planInvestigation(question: string, memory?: MemoryContext): PlanArgs {
  const symptoms = classifySymptoms(question);
  const { names, namespaces } = subjectsOf(question);
  const related = relatedFromMemory(names, memory);
  const target = names.length > 0 ? [...names, ...related.map((r) => `${r} (a known dependency)`)].join(', ') : 'the affected services';
  const where = namespaces.length > 0 ? ` in namespace ${namespaces.join(', ')}` : ' (all namespaces)';
  const primary = symptoms[0];

  let diagnosing: AgentName[];
  let runbooks = true;
  if (symptoms.length === 0) diagnosing = asksForRunbook(question) ? [] : ['kubernetes', 'logs', 'metrics'];
  else diagnosing = unique(symptoms.flatMap((s) => PATTERNS[s].agents));
  if (symptoms.length > 0 && symptoms.every((s) => s === 'capacity') && informational(question)) runbooks = false;

  const past = memory?.pastInvestigations.find((p) => p.rootCause.trim() !== '');
  const recurrence = past ? ` Check whether the earlier root cause recurs: ${clip(past.rootCause, 120)}.` : '';
  const about = ` Question: "${clip(question, 140)}".`;
  const goals: Record<AgentName, string> = {
    kubernetes: `Check pods (status, restarts, last state), deployments, nodes and Warning/Error events for ${target}${where}; ${
      primary ? K8S_FOCUS[primary] : 'find anything unhealthy'}.${recurrence}${about}`,
    logs: `Search error logs, recurring patterns and recent lines for ${target}: exceptions, timeouts, refused connections, pool exhaustion, OOM and FATAL start-up errors; attribute each to its service and find the first failing component.${about}`,
    metrics: `Compare response times, error rates, availability and resource usage of ${target} with their baselines; say which services deviate, by how much and since when, and which stay healthy.${about}`,
    runbooks: '',
  };
  const steps: { agent: AgentName; goal: string; depends_on?: number[] }[] = diagnosing.map((agent) => ({ agent, goal: goals[agent] }));
  if (runbooks) {
    const deps = steps.map((_, i) => i + 1);
    const topic = primary ? `the ${PATTERNS[primary].name} problem` : 'the reported issue';
    steps.push({
      agent: 'runbooks',
      goal: `Find the incident playbook, troubleshooting guide, common resolutions and escalation procedure for ${topic}${
        deps.length > 0 ? ' that the earlier steps identify (search by the failing component and its failure mode)' : ` of ${target}`}.${about}`,
      ...(deps.length > 0 ? { depends_on: deps } : {}),
    });
  }

  const change = asksForChange(question);
  const patternText = symptoms.length > 0
    ? `Symptoms: ${symptoms.join(', ')} (${unique(symptoms.map((s) => PATTERNS[s].name)).join(', ')} pattern).`
    : asksForRunbook(question) ? 'A request for procedures: the runbooks specialist answers it.' : 'No specific symptom named: every specialist checks its domain.';
  const parallel = diagnosing.length > 1 ? ` ${diagnosing.join(', ')} run in parallel;` : '';
  const after = runbooks && diagnosing.length > 0 ? ' runbooks waits for their findings to search for the right procedure.' : '';
  const pastText = past ? ` A similar past investigation found: ${clip(past.rootCause, 160)}.` : '';
  return {
    steps,
    complexity: change ? 'complex' : 'simple',
    auto_execute: !change,
    reasoning: `${patternText}${parallel}${after}${pastText}${change ? ' The question asks for a production change, so the plan needs approval.' : ''}`.trim(),
  };
}

/** Dependencies memory knows for the named services, e.g. "web-service depends on database-service". */
function relatedFromMemory(names: readonly string[], memory?: MemoryContext): string[] {
  if (!memory || names.length === 0) return [];
  const out: string[] = [];
  for (const fact of memory.infrastructure) {
    if (fact.kind !== 'dependency' || !names.some((n) => sameComponent(n, fact.service))) continue;
    // Only the named target counts: the rest of the detail quotes log text ("HikariPool-1 …").
    for (const m of fact.detail.matchAll(/\bdepends on ([a-z][a-z0-9]*(?:-[a-z0-9]+)*)/gi)) {
      const dep = (m[1] ?? '').toLowerCase();
      if (!names.some((n) => sameComponent(n, dep)) && !sameComponent(dep, fact.service)) out.push(dep);
    }
  }
  return unique(out).slice(0, 3);
}
