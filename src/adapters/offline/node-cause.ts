import type { SuspectedCause } from '../../domain/finding.js';
import { clip, fmt } from './json-reading.js';
import type { ClusterEvent, NodeProblem, Pod } from './kubernetes-reading.js';
import { ev } from './observations.js';
import { eventLine } from './pod-cause.js';

const nodeLine = (n: NodeProblem): string => `${n.node} condition ${n.condition}${n.message ? `: ${n.message}` : ''}`;

/** The pod using the most memory on a node (evicted pods use none), with whether it has a limit. */
export function topMemoryUser(pods: readonly Pod[], node: string): Pod | undefined {
  return pods.filter((p) => p.node === node && (p.memoryMi ?? 0) > 0).sort((a, b) => (b.memoryMi ?? 0) - (a.memoryMi ?? 0))[0];
}

/**
 * A node condition as a cause. A node under pressure that evicted pods is the root of their loss
 * (and of their replacements staying Pending); the biggest memory user on it is named as the
 * likely driver. A node condition rarely explains a pod that fails for configuration reasons.
 */
export function nodeCause(n: NodeProblem, pods: readonly Pod[], bad: readonly Pod[], events: readonly ClusterEvent[], strongConfig: boolean): SuspectedCause {
  const onNode = bad.filter((p) => p.node === n.node);
  const evicted = onNode.filter((p) => /evicted/i.test(`${p.status} ${p.lastReason ?? ''}`));
  const nodeEvents = events.filter((e) => e.objectName === n.node);
  const evidence = [ev('get_node_status', nodeLine(n)), ...nodeEvents.slice(0, 2).map((e) => ev('get_cluster_events', eventLine(e)))];
  if (evicted.length > 0 && /pressure/i.test(n.condition) && !strongConfig) {
    const pending = bad.filter((p) => /pending/i.test(p.status) && evicted.some((e) => e.namespace === p.namespace));
    const blocked = events.find((e) => e.kind === 'scheduling' && pending.some((p) => p.name === e.objectName));
    const top = topMemoryUser(pods, n.node);
    const driver = top ? `; the biggest memory user on it is ${top.name} (${fmt(top.memoryMi ?? 0)}Mi${top.memoryLimited ? '' : ', no memory limit'})` : '';
    evidence.push(...evicted.slice(0, 2).map((p) => ev('get_pod_status', `${p.name} status ${p.status} (namespace ${p.namespace}) on node ${n.node}${p.lastMessage ? `: ${clip(p.lastMessage, 160)}` : ''}`)));
    if (blocked) evidence.push(ev('get_cluster_events', eventLine(blocked)));
    if (top) evidence.push(ev('get_pod_status', `${top.name} (namespace ${top.namespace}) uses ${fmt(top.memoryMi ?? 0)}Mi on node ${n.node}${top.memoryLimited ? '' : ' (no memory limit set)'}`));
    return {
      description: `Node ${n.node} is under ${n.condition}${n.message ? ` (${clip(n.message, 100)})` : ''}: the kubelet evicted ${evicted.length} pod${evicted.length === 1 ? '' : 's'} (${evicted.map((p) => p.name).join(', ')})` +
        `${pending.length > 0 ? ` and ${pending.length} replacement${pending.length === 1 ? '' : 's'} stay Pending${blocked ? ` (FailedScheduling: ${clip(blocked.message.replace(/ preemption:.*$/, ''), 120)})` : ''}` : ''}${driver}`,
      component: n.node, confidence: 0.9, evidence,
    };
  }
  const confidence = strongConfig ? 0.25 : onNode.length > 0 ? 0.55 : 0.4;
  return {
    description: `Node ${n.node} reports ${n.condition}${n.message ? ` (${clip(n.message, 120)})` : ''}${strongConfig ? '; a contributing factor at most, the failing pod has a configuration cause' : ''}`,
    component: n.node, confidence, evidence,
  };
}
