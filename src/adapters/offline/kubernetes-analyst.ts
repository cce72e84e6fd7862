import type { Evidence, InfrastructureFact, SuspectedCause } from '../../domain/finding.js';
import { changePhrase, minutesBefore, readConfigChanges } from './config-changes.js';
import { clip, rowsOf, unique } from './json-reading.js';
import {
  eventsOfPod, isBadDeployment, isBadPod, readClusterUsage, readDeployments, readNodeProblems, readPods, readWarningEvents,
} from './kubernetes-reading.js';
import { nodeCause } from './node-cause.js';
import { type Analyst, ev, type FindingArgs, type Observation, uncheckedOf } from './observations.js';
import { configPhrase, deploymentLine, eventLine, podCause, podLine } from './pod-cause.js';
import { onsetOf } from './pod-relevance.js';
import { sameComponent } from './question.js';

function analyse(observations: readonly Observation[]): FindingArgs {
  const pods = readPods(observations);
  const deployments = readDeployments(observations);
  const events = readWarningEvents(observations);
  const nodeProblems = readNodeProblems(observations);
  const badPods = pods.filter(isBadPod);
  const changes = readConfigChanges(observations);
  const onset = onsetOf(badPods, events);
  const ctx = { deployments, changes, ...(onset ? { onset } : {}), pressured: nodeProblems.filter((n) => /pressure/i.test(n.condition)) };
  const podCauses = badPods.map((p) => ({ pod: p, cause: podCause(p, eventsOfPod(p, events), ctx) }));
  // A pod broken by its own configuration or image explains its namespace's other failing pods better than they do.
  const root = podCauses.find((x) => x.cause.confidence >= 0.85 && /ConfigMap|Secret|image cannot be pulled/.test(x.cause.description));
  const causes: SuspectedCause[] = podCauses.map(({ pod, cause }) =>
    !root || root.pod === pod || pod.namespace !== root.pod.namespace || sameComponent(pod.name, root.pod.name) || cause.confidence <= 0.4 ? cause
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
  for (const n of nodeProblems) causes.push(nodeCause(n, pods, badPods, events, strongConfig));
  // A configuration change shortly before the onset that no failing pod mounts is still a suspect, a weak one.
  for (const c of changes) {
    const before = minutesBefore(c, onset);
    if (causes.some((x) => x.description.includes(`${c.kind} ${c.namespace ? `${c.namespace}/` : ''}${c.name}`)) || before === undefined || before < 0 || before > 30) continue;
    causes.push({ description: `${changePhrase(c)}, ${Math.round(before)} min before the first failure; check whether it relates`, component: `${c.kind}/${c.name}`,
      confidence: 0.3, evidence: [ev('get_cluster_events', `Normal change: ${c.message}`)] });
  }
  causes.sort((a, b) => b.confidence - a.confidence);

  const evidence: Evidence[] = [
    ...badPods.map((p) => ev('get_pod_status', podLine(p))),
    ...deployments.filter(isBadDeployment).map((d) => ev('get_deployment_status', deploymentLine(d))),
    ...events.slice(0, 8).map((e) => ev('get_cluster_events', eventLine(e))),
    ...nodeProblems.map((n) => ev('get_node_status', `${n.node} condition ${n.condition}${n.message ? `: ${n.message}` : ''}`)),
    ...changes.slice(0, 2).map((c) => ev('get_cluster_events', `Normal change: ${c.message}`)),
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
  if (changes.length > 0) parts.push(`Configuration changes: ${changes.map((c) => changePhrase(c)).join('; ')}.`);
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
