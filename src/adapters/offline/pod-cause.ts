import type { SuspectedCause } from '../../domain/finding.js';
import { changeBehind, changePhrase, type ConfigChange } from './config-changes.js';
import { clip, unique } from './json-reading.js';
import { type ClusterEvent, type Deployment, isBadDeployment, type NodeProblem, type Pod } from './kubernetes-reading.js';
import { ev } from './observations.js';
import { failingSince, irrelevance } from './pod-relevance.js';
import { sameComponent } from './question.js';
import { explainTermination } from './termination.js';

export const podLine = (p: Pod): string =>
  `${p.name} status ${p.status}${p.phase && p.phase !== p.status ? ` (phase ${p.phase})` : ''}, ${p.restarts} restarts` +
  `${p.lastReason ? `, last state ${p.lastReason}${p.exitCode !== undefined ? ` exit code ${p.exitCode}` : ''}` : ''}` +
  `${p.lastMessage ? `, termination message "${clip(p.lastMessage, 160)}"` : ''}` +
  ` (namespace ${p.namespace}${p.node ? `, node ${p.node}` : ''}${p.owner ? `, owner ${p.owner}` : ''})`;
export const deploymentLine = (d: Deployment): string =>
  `${d.name} status ${d.status}, ${d.available ?? '?'}/${d.replicas ?? '?'} replicas available${d.image ? `, image ${d.image}` : ''} (namespace ${d.namespace})`;
export const eventLine = (e: ClusterEvent): string => `${e.type} ${e.reason} on ${e.object}${e.count > 1 ? ` (×${e.count})` : ''}: ${e.message}`;

export function configPhrase(events: readonly ClusterEvent[], fallbackNs: string): string {
  const refs = events.flatMap((e) => (e.configRef ? [{ ...e.configRef, message: e.message }] : []));
  const notFound = refs.find((r) => /not found|does not exist|missing/i.test(r.message)) ?? refs[0];
  if (!notFound) return 'a configuration object is missing';
  const keyed = refs.find((r) => r.missingKey);
  const ns = notFound.namespace ?? fallbackNs;
  return `${notFound.kind} ${notFound.name} is missing in ${ns}${keyed?.missingKey ? ` (key ${keyed.missingKey} cannot be found)` : ''}`;
}

/** What the rest of the cluster says about a pod: config changes, the onset, nodes under pressure. */
export interface PodContext {
  readonly deployments: readonly Deployment[];
  readonly changes: readonly ConfigChange[];
  readonly onset?: string;
  readonly pressured: readonly NodeProblem[];
}

const PRESSURE_TAINT = /node\.kubernetes\.io\/(memory|disk|pid)-pressure|insufficient (memory|ephemeral-storage)/i;

/** Explains one failing pod from its status, last state, the events about it and its context. */
export function podCause(pod: Pod, related: readonly ClusterEvent[], ctx: PodContext): SuspectedCause {
  const has = (k: ClusterEvent['kind']): ClusterEvent[] => related.filter((e) => e.kind === k);
  const deployment = ctx.deployments.find((d) => isBadDeployment(d) && sameComponent(d.name, pod.name));
  const recovered = /^running$/i.test(pod.status);
  const state = recovered
    ? `${pod.name} is Running again after ${pod.restarts} restart${pod.restarts === 1 ? '' : 's'}${pod.lastReason ? ` (last terminated: ${pod.lastReason})` : ''}`
    : `${pod.name} is in ${pod.status}${pod.restarts > 0 ? ` (${pod.restarts} restarts)` : ''}`;
  const breaks = deployment ? `, so ${deployment.name} has ${deployment.available ?? 0}/${deployment.replicas ?? '?'} replicas available` : '';
  const termination = explainTermination(pod.lastMessage);
  const since = failingSince(pod, related);
  const changed = changeBehind(pod, ctx.changes, since);
  const evictedFrom = /evicted/i.test(`${pod.status} ${pod.lastReason ?? ''}`) ? ctx.pressured.find((n) => n.node === pod.node) : undefined;
  const own = (e: ClusterEvent): boolean => e.objectName === pod.name;
  let description: string;
  let confidence: number;
  let cited: ClusterEvent[];
  if (has('config').length > 0) {
    cited = has('config');
    description = `${state} because ${configPhrase(cited, pod.namespace)}${breaks}`;
    confidence = 0.9;
  } else if (evictedFrom) {
    // The kubelet evicts to save the node: the pod is a casualty of the node's pressure.
    cited = has('evicted').filter(own);
    description = `${state}: the kubelet evicted it from node ${evictedFrom.node} under ${evictedFrom.condition}${pod.lastMessage ? ` (${clip(pod.lastMessage, 120)})` : ''}${breaks}: downstream impact of ${evictedFrom.node}`;
    confidence = 0.4;
  } else if (has('image').length > 0 || /imagepull|errimage/i.test(pod.status)) {
    cited = has('image');
    description = `${state}: its image cannot be pulled${deployment?.image ? ` (${deployment.image})` : ''}${breaks}`;
    confidence = 0.85;
  } else if (has('oom').length > 0 || /oomkilled/i.test(`${pod.status} ${pod.lastReason ?? ''}`)) {
    cited = has('oom');
    description = `${state}: it ${recovered ? 'was' : 'is'} OOMKilled for exceeding its memory limit${breaks}`;
    confidence = 0.85;
  } else if (termination && termination.mode !== 'other') {
    // The termination message is the container's own last word on why it exits.
    cited = [...has('backoff'), ...has('probe')];
    const volume = termination.mode === 'disk' && pod.claims[0] ? ` on volume ${pod.claims[0].name}${pod.claims[0].capacity ? ` (${pod.claims[0].capacity})` : ''}` : '';
    description = `${state} because ${termination.because}${volume}: its last termination message says "${clip(pod.lastMessage ?? '', 140)}"${breaks}`;
    confidence = 0.85;
  } else if (/pending/i.test(pod.status) || has('scheduling').length > 0) {
    cited = has('scheduling').sort((a, b) => Number(own(b)) - Number(own(a)));
    const message = cited[0]?.message ?? '';
    const pressured = PRESSURE_TAINT.test(message) ? ctx.pressured.find((n) => /pressure/i.test(n.condition)) : undefined;
    description = `${state}: it cannot be scheduled${message ? ` (${clip(message, 120)})` : ''}${breaks}${pressured ? `: downstream impact of ${pressured.node}` : ''}`;
    confidence = pressured ? 0.4 : cited.length > 0 ? 0.75 : 0.5;
  } else if (has('mount').length > 0) {
    cited = has('mount');
    description = `${state}: a volume cannot be mounted (${clip(cited[0]?.message ?? '', 120)})${breaks}`;
    confidence = 0.75;
  } else {
    cited = related.filter((e) => e.kind === 'backoff' || e.kind === 'evicted' || e.kind === 'other');
    description = `${state} and the events do not say why${pod.lastReason ? ` (last state ${pod.lastReason})` : ''}${breaks}; its previous container logs should tell`;
    confidence = /evicted/i.test(pod.status) ? 0.6 : 0.7;
  }
  // A rollout shortly before the first failure (a new image) is the likeliest trigger of a crash or an OOM kill.
  const workload = deployment ?? ctx.deployments.find((d) => sameComponent(d.name, pod.name) && d.namespace === pod.namespace);
  const rolled = workload?.updatedAt && since ? (Date.parse(since) - Date.parse(workload.updatedAt)) / 60_000 : undefined;
  if (workload && rolled !== undefined && rolled >= -1 && rolled <= 120 && confidence >= 0.7 && !evictedFrom) {
    description += `; ${workload.name} was rolled out${workload.revision !== undefined ? ` to revision ${workload.revision}` : ''}${workload.image ? ` (image ${workload.image}${workload.previousImage ? `, previously ${workload.previousImage}` : ''})` : ''} at ${workload.updatedAt}, shortly before it started failing`;
    confidence = Math.max(confidence, 0.85);
  }
  if (changed) {
    // A change to the configuration it mounts, just before it began to fail, is the likeliest trigger.
    description += `; ${changePhrase(changed.change, changed.items)}, shortly before it started failing${since ? ` (${since})` : ''}`;
    confidence = Math.max(confidence, 0.85) + 0.05;
  }
  const evidence = [ev('get_pod_status', podLine(pod)), ...unique([...cited, ...related]).slice(0, 3).map((e) => ev('get_cluster_events', eventLine(e)))];
  if (changed) evidence.push(ev('get_cluster_events', `Normal change: ${changed.change.message}`));
  if (deployment) evidence.push(ev('get_deployment_status', deploymentLine(deployment)));
  const why = irrelevance(pod, related, ctx.onset);
  if (why && confidence > 0.3) return { description: `${description}; unrelated to the incident: ${why}`, component: pod.name, confidence: 0.3, evidence };
  // A pod that runs again is failing intermittently, not down.
  return { description, component: pod.name, confidence: recovered ? Math.min(confidence, 0.5) : confidence, evidence };
}
