import type { Evidence, InfrastructureFact, SuspectedCause } from '../../domain/finding.js';
import { clip, rowsOf, unique } from './json-reading.js';
import {
  type ClusterEvent, type Deployment, eventsOfPod, isBadDeployment, isBadPod, type Pod,
  readClusterUsage, readDeployments, readNodeProblems, readPods, readWarningEvents,
} from './kubernetes-reading.js';
import { type Analyst, ev, type FindingArgs, type Observation, uncheckedOf } from './observations.js';
import { sameComponent } from './question.js';

const podLine = (p: Pod): string =>
  `${p.name} status ${p.status}${p.phase && p.phase !== p.status ? ` (phase ${p.phase})` : ''}, ${p.restarts} restarts` +
  `${p.lastReason ? `, last state ${p.lastReason}${p.exitCode !== undefined ? ` exit code ${p.exitCode}` : ''}` : ''}` +
  ` (namespace ${p.namespace}${p.node ? `, node ${p.node}` : ''})`;
const deploymentLine = (d: Deployment): string =>
  `${d.name} status ${d.status}, ${d.available ?? '?'}/${d.replicas ?? '?'} replicas available${d.image ? `, image ${d.image}` : ''} (namespace ${d.namespace})`;
const eventLine = (e: ClusterEvent): string => `${e.type} ${e.reason} on ${e.object}${e.count > 1 ? ` (×${e.count})` : ''}: ${e.message}`;

function configPhrase(events: readonly ClusterEvent[], fallbackNs: string): string {
  const refs = events.flatMap((e) => (e.configRef ? [{ ...e.configRef, message: e.message }] : []));
  const notFound = refs.find((r) => /not found|does not exist|missing/i.test(r.message)) ?? refs[0];
  if (!notFound) return 'a configuration object is missing';
  const keyed = refs.find((r) => r.missingKey);
  const ns = notFound.namespace ?? fallbackNs;
  return `${notFound.kind} ${notFound.name} is missing in ${ns}${keyed?.missingKey ? ` (key ${keyed.missingKey} cannot be found)` : ''}`;
}

/** Explains one failing pod from its status, last state and the events about it. */
function podCause(pod: Pod, related: readonly ClusterEvent[], deployments: readonly Deployment[]): SuspectedCause {
  const has = (k: ClusterEvent['kind']): ClusterEvent[] => related.filter((e) => e.kind === k);
  const deployment = deployments.find((d) => isBadDeployment(d) && sameComponent(d.name, pod.name));
  const recovered = /^running$/i.test(pod.status);
  const state = recovered
    ? `${pod.name} is Running again after ${pod.restarts} restart${pod.restarts === 1 ? '' : 's'}${pod.lastReason ? ` (last terminated: ${pod.lastReason})` : ''}`
    : `${pod.name} is in ${pod.status}${pod.restarts > 0 ? ` (${pod.restarts} restarts)` : ''}`;
  const breaks = deployment ? `, so ${deployment.name} has ${deployment.available ?? 0}/${deployment.replicas ?? '?'} replicas available` : '';
  let description: string;
  let confidence: number;
  let cited: ClusterEvent[];
  if (has('config').length > 0) {
    cited = has('config');
    description = `${state} because ${configPhrase(cited, pod.namespace)}${breaks}`;
    confidence = 0.9;
  } else if (has('image').length > 0 || /imagepull|errimage/i.test(pod.status)) {
    cited = has('image');
    description = `${state}: its image cannot be pulled${deployment?.image ? ` (${deployment.image})` : ''}${breaks}`;
    confidence = 0.85;
  } else if (has('oom').length > 0 || /oomkilled/i.test(`${pod.status} ${pod.lastReason ?? ''}`)) {
    cited = has('oom');
    description = `${state}: it ${recovered ? 'was' : 'is'} OOMKilled for exceeding its memory limit${breaks}`;
    confidence = 0.85;
  } else if (/pending/i.test(pod.status) || has('scheduling').length > 0) {
    cited = has('scheduling');
    description = `${state}: it cannot be scheduled${cited[0] ? ` (${clip(cited[0].message, 120)})` : ''}${breaks}`;
    confidence = cited.length > 0 ? 0.75 : 0.5;
  } else if (has('mount').length > 0) {
    cited = has('mount');
    description = `${state}: a volume cannot be mounted (${clip(cited[0]?.message ?? '', 120)})${breaks}`;
    confidence = 0.75;
  } else {
    cited = related.filter((e) => e.kind === 'backoff' || e.kind === 'evicted' || e.kind === 'other');
    description = `${state} and the events do not say why${pod.lastReason ? ` (last state ${pod.lastReason})` : ''}${breaks}; its previous container logs should tell`;
    confidence = /evicted/i.test(pod.status) ? 0.6 : 0.7;
  }
  const evidence = [ev('get_pod_status', podLine(pod)), ...unique([...cited, ...related]).slice(0, 3).map((e) => ev('get_cluster_events', eventLine(e)))];
  if (deployment) evidence.push(ev('get_deployment_status', deploymentLine(deployment)));
  // A pod that runs again is failing intermittently, not down.
  return { description, component: pod.name, confidence: recovered ? Math.min(confidence, 0.5) : confidence, evidence };
}

function analyse(observations: readonly Observation[]): FindingArgs {
  const pods = readPods(observations);
  const deployments = readDeployments(observations);
  const events = readWarningEvents(observations);
  const nodeProblems = readNodeProblems(observations);
  const badPods = pods.filter(isBadPod);
  const podCauses = badPods.map((p) => ({ pod: p, cause: podCause(p, eventsOfPod(p, events), deployments) }));
  // A pod broken by its own configuration or image explains its namespace's other failing pods better than they do.
  const root = podCauses.find((x) => x.cause.confidence >= 0.85 && /ConfigMap|Secret|image cannot be pulled/.test(x.cause.description));
  const causes: SuspectedCause[] = podCauses.map(({ pod, cause }) =>
    !root || root.pod === pod || pod.namespace !== root.pod.namespace || cause.confidence <= 0.4 ? cause
      : { ...cause, confidence: 0.4, description: `${cause.description}; possibly downstream impact of ${root.pod.name}` });

  // Configuration errors about no failing pod still break something.
  for (const e of events.filter((x) => x.kind === 'config')) {
    if (badPods.some((p) => eventsOfPod(p, [e]).length > 0)) continue;
    causes.push({ description: `${configPhrase([e], e.namespace || 'its namespace')}, breaking ${e.object}`, component: e.object || e.configRef?.name,
      confidence: 0.7, evidence: [ev('get_cluster_events', eventLine(e))] });
  }
  const strong = causes.filter((c) => c.confidence >= 0.8);
  const strongConfig = strong.some((c) => /configmap|secret|image/i.test(c.description));
  const topName = strong[0]?.component;

  for (const d of deployments.filter(isBadDeployment).filter((x) => !badPods.some((p) => sameComponent(p.name, x.name)))) {
    const downstream = topName !== undefined;
    causes.push({
      description: downstream
        ? `${d.name} is ${d.status} (${d.available ?? '?'}/${d.replicas ?? '?'} available), likely downstream impact of ${topName}`
        : `${d.name} is ${d.status} with ${d.unavailable ?? '?'} unavailable replicas`,
      component: d.name, confidence: downstream ? 0.3 : /failed/i.test(d.status) ? 0.6 : 0.45, evidence: [ev('get_deployment_status', deploymentLine(d))],
    });
  }
  for (const e of events.filter((x) => x.kind === 'scheduling' && !badPods.some((p) => eventsOfPod(p, [x]).length > 0))) {
    causes.push({ description: `Pods cannot be scheduled: ${clip(e.message, 160)}`, component: e.objectName || e.object,
      confidence: strong.length > 0 ? 0.35 : 0.55, evidence: [ev('get_cluster_events', eventLine(e))] });
  }
  for (const n of nodeProblems) {
    const onNode = badPods.filter((p) => p.node === n.node);
    // A node condition rarely explains a pod that fails for configuration reasons.
    const confidence = strongConfig ? 0.25 : onNode.length > 0 ? 0.55 : 0.4;
    causes.push({
      description: `Node ${n.node} reports ${n.condition}${n.message ? ` (${clip(n.message, 120)})` : ''}${strongConfig ? '; a contributing factor at most, the failing pod has a configuration cause' : ''}`,
      component: n.node, confidence, evidence: [ev('get_node_status', `${n.node} condition ${n.condition}${n.message ? `: ${n.message}` : ''}`)],
    });
  }
  causes.sort((a, b) => b.confidence - a.confidence);

  const evidence: Evidence[] = [
    ...badPods.map((p) => ev('get_pod_status', podLine(p))),
    ...deployments.filter(isBadDeployment).map((d) => ev('get_deployment_status', deploymentLine(d))),
    ...events.slice(0, 8).map((e) => ev('get_cluster_events', eventLine(e))),
    ...nodeProblems.map((n) => ev('get_node_status', `${n.node} condition ${n.condition}${n.message ? `: ${n.message}` : ''}`)),
  ];
  const usage = readClusterUsage(observations);
  const facts: InfrastructureFact[] = [
    ...events.flatMap((e) => (e.configRef ? [{ service: e.objectName || e.configRef.name, kind: 'config' as const,
      detail: `${e.objectName || e.object} needs ${e.configRef.kind} ${e.configRef.namespace ? `${e.configRef.namespace}/` : ''}${e.configRef.name}${e.configRef.missingKey ? ` (key ${e.configRef.missingKey})` : ''}` }] : [])),
    ...(usage.length > 0 ? [{ service: 'cluster', kind: 'baseline' as const, detail: `cluster usage: ${usage.join(', ')}` }] : []),
  ];

  const parts: string[] = [];
  if (pods.length > 0) {
    parts.push(badPods.length > 0
      ? `get_pod_status: ${badPods.length} of ${pods.length} pods unhealthy (${badPods.map((p) => `${p.name} ${p.status}, ${p.restarts} restarts`).join('; ')}).`
      : `get_pod_status: all ${pods.length} pods are running without repeated restarts.`);
  }
  const badDeps = deployments.filter(isBadDeployment);
  if (deployments.length > 0) {
    parts.push(badDeps.length > 0 ? `get_deployment_status: ${badDeps.map((d) => `${d.name} ${d.status} (${d.available ?? '?'}/${d.replicas ?? '?'})`).join(', ')}.`
      : `get_deployment_status: all ${deployments.length} deployments healthy.`);
  }
  if (observations.some((o) => o.op === 'get_cluster_events' && o.ok)) {
    parts.push(events.length > 0 ? `get_cluster_events: ${events.length} Warning/Error events (${unique(events.map((e) => e.reason)).join(', ')}).` : 'get_cluster_events: no Warning or Error events.');
  }
  if (nodeProblems.length > 0) parts.push(`get_node_status: ${nodeProblems.map((n) => `${n.node} ${n.condition}`).join(', ')}.`);
  parts.push(causes[0] ? `Most likely cause: ${causes[0].description}.` : 'No Kubernetes-level fault found.');

  const isEmpty = (o: Observation): boolean => {
    const key = { get_pod_status: 'pods', get_deployment_status: 'deployments', get_cluster_events: 'events', get_node_status: 'nodes' }[o.op];
    return key !== undefined ? rowsOf(o.data, key).length === 0 : o.op === 'get_resource_usage' && rowsOf(o.data, 'resource_usage').length === 0;
  };
  return { summary: parts.join(' '), evidence: evidence.slice(0, 14), causes: causes.slice(0, 6), unchecked: uncheckedOf(observations, isEmpty), facts };
}

/** Reads pod states, deployments, warning events and node conditions into a finding. */
export const analyseKubernetes: Analyst = (observations) => analyse(observations);
