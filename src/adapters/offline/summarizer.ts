import { type RankedCause, rankCauses } from '../../domain/causes.js';
import type { Finding } from '../../domain/finding.js';
import { type MemoryContext, reportStyleFrom } from '../../domain/memory.js';
import type { Severity } from '../../domain/report-summary.js';
import { clip, unique } from './json-reading.js';
import { stemOf } from './question.js';
import { remediation, type Target } from './remediation.js';
import { estimateSeverity } from './severity.js';

/** The `submit_report` arguments, in the tool's wire shape. */
export interface ReportArgs {
  readonly root_cause: string;
  readonly impact: string;
  readonly severity: Severity;
  readonly next_steps: { readonly now: readonly string[]; readonly today: readonly string[]; readonly this_week: readonly string[] };
  readonly escalation: string;
}

interface CauseGroup {
  readonly lead: RankedCause;
  readonly members: readonly RankedCause[];
  readonly confidence: number;
}

/** The ranked causes, with a pod, its deployment, service and ConfigMap counted as one component. */
export function groupCauses(findings: readonly Finding[]): CauseGroup[] {
  // The most confident single explanation speaks for the group; agreement adds confidence.
  const single = (c: RankedCause): number =>
    Math.max(0, ...findings.flatMap((f) => f.causes).filter((x) => x.description === c.description).map((x) => x.confidence));
  const groups = new Map<string, RankedCause[]>();
  for (const c of rankCauses(findings)) {
    const key = c.component ? stemOf(c.component) : c.description;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.values()]
    .map((members) => {
      const lead = [...members].sort((a, b) => single(b) - single(a) || b.evidence.length - a.evidence.length)[0]!;
      const confidence = 1 - members.reduce((miss, m) => miss * (1 - m.confidence), 1);
      return { lead, members, confidence: Math.round(confidence * 1000) / 1000 };
    })
    .sort((a, b) => b.confidence - a.confidence);
}

const UPSTREAM = /downstream impact of ([a-z0-9][a-z0-9./-]*[a-z0-9])/gi;

/**
 * Follows the dependency chain from the best-supported group: when a specialist found that a member
 * of it is the downstream impact of another group that is itself well supported (≥ 0.5), that
 * group is the cause and this one its symptom. Many symptoms agreeing must not outvote their cause.
 */
export function rootGroup(groups: readonly CauseGroup[]): CauseGroup | undefined {
  let root = groups[0];
  const visited = new Set<CauseGroup>();
  while (root && !visited.has(root)) {
    visited.add(root);
    const named = root.members.flatMap((m) => [...m.description.matchAll(UPSTREAM)].map((x) => stemOf(x[1]!)));
    const upstream = groups.find((g) => g !== root && !visited.has(g) && g.confidence >= 0.5 && g.lead.component !== undefined && named.includes(stemOf(g.lead.component)));
    if (!upstream) break;
    root = upstream;
  }
  return root;
}

const evidenceText = (findings: readonly Finding[]): string[] => findings.flatMap((f) => [...f.evidence, ...f.causes.flatMap((c) => c.evidence)].map((e) => e.excerpt));

function targetOf(group: CauseGroup, findings: readonly Finding[]): Target {
  const texts = [group.lead.description, ...group.members.flatMap((m) => [m.description, ...m.evidence.map((e) => e.excerpt)])];
  const all = texts.join('\n');
  const stem = group.lead.component ? stemOf(group.lead.component) : '';
  const components = group.members.flatMap((m) => (m.component ? [m.component] : []));
  const podLines = group.members.flatMap((m) => m.evidence).filter((e) => e.tool === 'get_pod_status').map((e) => e.excerpt);
  const pod = components.find((c) => /-[a-z0-9]{8,10}-[a-z0-9]{5}$/.test(c) || podLines.some((l) => l.startsWith(`${c} status `)));
  const deployment = [...all.matchAll(/\b([a-z0-9][a-z0-9-]*-deployment)\b/g), ...evidenceText(findings).join('\n').matchAll(/\b([a-z0-9][a-z0-9-]*-deployment)\b/g)]
    .map((m) => m[1]!).find((d) => stemOf(d) === stem) ?? /\bso ([a-z0-9][a-z0-9-]*) has \d+\/\d+ replicas/.exec(all)?.[1];
  const namespace = /namespace ([a-z0-9-]+)/.exec(all)?.[1] ?? /missing in ([a-z0-9-]+)/.exec(all)?.[1] ?? 'production';
  const config = /(ConfigMap|Secret) (?:[a-z0-9-]+\/)?([a-z0-9][a-z0-9.-]*[a-z0-9])/.exec(all);
  const changed = /(ConfigMap|Secret) (?:[a-z0-9-]+\/)?([a-z0-9][a-z0-9.-]*[a-z0-9])(?: \([^)]*\))? was changed/.exec(all);
  const node = /\bNode ([a-z0-9][a-z0-9.-]*) is under/.exec(all)?.[1];
  const claim = /\bon volume ([a-z0-9][a-z0-9.-]*)/.exec(all)?.[1];
  const hog = /\b([a-z0-9][a-z0-9-]*) \(namespace ([a-z0-9-]+)\) uses [\d.]+Mi on node/.exec(all);
  // Only a release that changed the image ("previously …") is a suspect to roll back.
  const rollout = /\b([a-z0-9][a-z0-9-]*) was rolled out to revision (\d+) \([^)]*previously[^)]*\)[^;]*shortly before it started failing/.exec(all);
  const extra = { ...(changed ? { changed: { kind: changed[1]!, name: changed[2]! } } : {}), ...(node ? { node } : {}), ...(claim ? { claim } : {}),
    ...(hog ? { hog: { name: hog[1]!, namespace: hog[2]! } } : {}), ...(rollout ? { rollout: { deployment: rollout[1]!, revision: rollout[2]! } } : {}) };
  return { text: all, namespace, ...extra, ...(pod ? { pod } : {}), ...(deployment ? { deployment } : {}), ...(config ? { config: { kind: config[1]!, name: config[2]! } } : {}) };
}

const TIMES = /,? (?:at )?\d{4}-\d\d-\d\dT[\d:.]+Z?(?: → \d{4}-\d\d-\d\dT[\d:.]+Z?)?/g;

function impactOf(findings: readonly Finding[], culprit: string, technical: boolean): string {
  const metrics = findings.filter((f) => f.agent === 'metrics').flatMap((f) => f.evidence);
  const byService = new Map<string, string[]>();
  const healthy: string[] = [];
  for (const e of metrics) {
    const [service, ...rest] = e.excerpt.split(' ');
    if (!service) continue;
    if (rest[0] === 'healthy:') healthy.push(service);
    else if (/→|availability|error rate/.test(e.excerpt) && e.tool !== 'analyze_trends') {
      byService.set(service, unique([...(byService.get(service) ?? []), rest.join(' ').replace(TIMES, '')]));
    }
  }
  const describe = (entries: [string, string[]][]): string =>
    entries.map(([s, facts]) => `${s} (${facts.slice(0, technical ? 3 : 2).join('; ')})`).join('; ');
  const affected = [...byService.entries()].filter(([s]) => stemOf(s) !== culprit);
  const failing = [...byService.entries()].filter(([s]) => stemOf(s) === culprit);
  const parts: string[] = [];
  if (affected.length > 0) parts.push(`Affected: ${describe(affected)}.`);
  else {
    const downstream = findings.flatMap((f) => f.causes)
      .filter((c) => c.confidence <= 0.4 && /downstream/.test(c.description) && c.component && stemOf(c.component) !== culprit);
    parts.push(downstream.length > 0 ? `Affected: ${unique(downstream.map((c) => clip(c.description, 160))).slice(0, 3).join('; ')}.` : 'No impact on other services was measured.');
  }
  if (failing.length > 0) parts.push(`Failing: ${describe(failing)}.`);
  if (healthy.length > 0) parts.push(`Unaffected: ${unique(healthy).join(', ')}.`);
  return parts.join(' ');
}

function escalationOf(findings: readonly Finding[], severity: Severity, memory?: MemoryContext): string {
  const style = reportStyleFrom(memory?.preferences ?? []);
  const procedure = findings.filter((f) => f.agent === 'runbooks').flatMap((f) => f.evidence).find((e) => e.tool === 'get_escalation_procedures');
  const base = procedure
    ? `Per the escalation procedure ${clip(procedure.excerpt, 400)}.`
    : severity === 'critical' ? 'Page the on-call engineer now; involve the team lead if it is not mitigated within 15 minutes.'
      : severity === 'high' ? 'Inform the on-call engineer and the owning team now.' : 'Handle within the owning team; escalate if it worsens.';
  const contacts = style.contacts.length > 0 ? ` Notify ${style.contacts.join(', ')}.` : '';
  const channels = style.channels.length > 0 ? ` Post updates in ${style.channels.join(', ')}.` : '';
  return `${base}${contacts}${channels}`;
}

/** The report's judgement: the top cause across all specialists, its impact, severity and next steps. */
export function summarize(findings: readonly Finding[], memory?: MemoryContext): ReportArgs {
  const technical = reportStyleFrom(memory?.preferences ?? []).audience === 'technical';
  const severity = estimateSeverity(findings);
  const top = rootGroup(groupCauses(findings));
  const playbook = findings.filter((f) => f.agent === 'runbooks').flatMap((f) => f.evidence)
    .find((e) => e.tool === 'get_incident_playbook' || (e.tool === 'search_runbooks' && e.excerpt.startsWith('Playbook ')));
  const playbookName = playbook ? /^Playbook ([^\n]+)/.exec(playbook.excerpt)?.[1] : undefined;
  const failed = findings.filter((f) => f.status !== 'completed').map((f) => f.agent);

  let rootCause: string;
  let steps = remediation({ text: '', namespace: 'production' }, technical);
  if (top) {
    const others = top.members.filter((m) => m !== top.lead && m.confidence >= 0.5).map((m) => clip(m.description, 200));
    const sure = top.confidence >= 0.5 ? '' : 'Not established with confidence; the strongest lead: ';
    rootCause = `${sure}${top.lead.description.replace(/\.$/, '')}.${others.length > 0 && technical ? ` Corroborated by: ${others.join('; ')}.` : ''}`;
    steps = remediation(targetOf(top, findings), technical);
  } else {
    rootCause = 'No root cause could be established from the available evidence.';
  }
  // The playbook's own commands, verbatim: responders trust the runbook they know over a paraphrase.
  const playbookId = playbookName?.split(' ')[0];
  const quoted = playbook && technical ? playbook.excerpt.split('\n').slice(1).filter((l) => /`[^`]+`/.test(l)).slice(0, 3)
    .map((l) => `Runbook ${playbookId} step ${l.replace(/^(\d+)\.\s*/, '$1: ')}`) : [];
  const now = [...steps.now, ...quoted, ...(playbookName ? [`Follow playbook ${playbookName} (its steps are quoted in the report).`] : [])];
  const today = [...steps.today, ...(failed.length > 0 ? [`Re-run the checks that did not complete (${failed.join(', ')}).`] : [])];
  return {
    root_cause: rootCause,
    impact: impactOf(findings, top?.lead.component ? stemOf(top.lead.component) : '', technical),
    severity,
    next_steps: { now, today, this_week: steps.thisWeek },
    escalation: escalationOf(findings, severity, memory),
  };
}
