import { isRecord, mebibytes, num, type JsonRecord, records, rowsOf, strings, text } from './json-reading.js';
import type { Observation } from './observations.js';
import { sameComponent } from './question.js';

export interface Pod {
  readonly name: string;
  readonly namespace: string;
  readonly status: string;
  readonly phase?: string;
  readonly node?: string;
  readonly restarts: number;
  readonly lastReason?: string;
  readonly exitCode?: number;
  /** The last termination message (`last_state.message`), or the pod's own status message (evictions). */
  readonly lastMessage?: string;
  /** `Job/name`, `StatefulSet/name`…, from `owner` or the `job-name` label. */
  readonly owner?: string;
  readonly createdAt?: string;
  /** ConfigMaps and Secrets it mounts, with the keys it reads (e.g. Corefile). */
  readonly configs: readonly { readonly kind: 'ConfigMap' | 'Secret'; readonly name: string; readonly items: readonly string[] }[];
  /** PersistentVolumeClaims it mounts, with their capacity when given. */
  readonly claims: readonly { readonly name: string; readonly capacity?: string; readonly mountPath?: string }[];
  /** Memory in use, in MiB, when reported. */
  readonly memoryMi?: number;
  /** A memory limit is set on every container. */
  readonly memoryLimited: boolean;
}

export interface Deployment {
  readonly name: string;
  readonly namespace: string;
  readonly status: string;
  readonly replicas?: number;
  readonly available?: number;
  readonly unavailable?: number;
  readonly image?: string;
  readonly revision?: number;
  readonly updatedAt?: string;
  /** The image of the previous ReplicaSet, when the rollout history is given. */
  readonly previousImage?: string;
}

export type EventKind = 'config' | 'image' | 'scheduling' | 'oom' | 'mount' | 'probe' | 'backoff' | 'evicted' | 'other';

export interface ClusterEvent {
  readonly type: string;
  readonly reason: string;
  readonly object: string;
  /** The name part of `kind/name`. */
  readonly objectName: string;
  readonly message: string;
  readonly namespace: string;
  readonly count: number;
  readonly timestamp?: string;
  readonly kind: EventKind;
  /** For `config`: the ConfigMap or Secret it cannot find. */
  readonly configRef?: { readonly kind: 'ConfigMap' | 'Secret'; readonly name: string; readonly namespace?: string; readonly missingKey?: string };
}

export interface NodeProblem {
  readonly node: string;
  readonly condition: string;
  readonly message?: string;
}

const BAD_POD_STATUS = /crashloop|error|oomkilled|imagepull|errimage|pending|evicted|failed|createcontainer|unknown|terminating/i;

const rows = (obs: readonly Observation[], op: string, key: string): JsonRecord[] =>
  obs.filter((o) => o.op === op && o.ok).flatMap((o) => rowsOf(o.data, key));

const dedupe = <T extends { name: string }>(items: T[]): T[] => [...new Map(items.map((i) => [i.name, i])).values()];

export function readPods(obs: readonly Observation[]): Pod[] {
  return dedupe(rows(obs, 'get_pod_status', 'pods').flatMap((p) => {
    const name = text(p['name']);
    if (!name) return [];
    const last = isRecord(p['last_state']) ? p['last_state'] : undefined;
    const lastReason = text(last?.['reason']) ?? text(p['reason']);
    const exitCode = num(last?.['exit_code']);
    const lastMessage = text(last?.['message']) ?? text(p['message']);
    const labels = isRecord(p['labels']) ? p['labels'] : {};
    const owner = text(p['owner']) ?? (text(labels['job-name']) ? `Job/${text(labels['job-name'])}` : undefined);
    const volumes = records(p['volumes']);
    const configs = volumes.flatMap((v): Pod['configs'][number][] => {
      const cm = text(v['config_map']) ?? text(v['configMap']);
      const secret = text(v['secret']);
      const items = strings(v['items']);
      return cm ? [{ kind: 'ConfigMap', name: cm, items }] : secret ? [{ kind: 'Secret', name: secret, items }] : [];
    });
    const claims = volumes.flatMap((v) => {
      const claim = text(v['persistent_volume_claim']) ?? text(v['claim_name']);
      return claim ? [{ name: claim, ...(text(v['capacity']) ? { capacity: text(v['capacity']) } : {}), ...(text(v['mount_path']) ? { mountPath: text(v['mount_path']) } : {}) }] : [];
    });
    const usage = isRecord(p['resource_usage']) ? p['resource_usage'] : undefined;
    const memoryMi = mebibytes(text(usage?.['memory']));
    const containers = records(p['containers']);
    const memoryLimited = containers.length > 0 && containers.every((c) => isRecord(c['limits']) && text(c['limits']['memory']) !== undefined);
    return [{ name, namespace: text(p['namespace']) ?? 'default', status: text(p['status']) ?? 'Unknown', phase: text(p['phase']), node: text(p['node']),
      restarts: num(p['restart_count']) ?? 0, ...(lastReason ? { lastReason } : {}), ...(exitCode !== undefined ? { exitCode } : {}),
      ...(lastMessage ? { lastMessage } : {}), ...(owner ? { owner } : {}), ...(text(p['created_at']) ? { createdAt: text(p['created_at']) } : {}),
      configs, claims, ...(memoryMi !== undefined ? { memoryMi } : {}), memoryLimited }];
  }));
}

export const isBadPod = (p: Pod): boolean =>
  (BAD_POD_STATUS.test(p.status) && !/^running$|^completed$/i.test(p.status)) || /failed/i.test(p.phase ?? '') || p.restarts >= 3 || /oomkilled/i.test(p.lastReason ?? '');

export function readDeployments(obs: readonly Observation[]): Deployment[] {
  return dedupe(rows(obs, 'get_deployment_status', 'deployments').flatMap((d) => {
    const name = text(d['name']);
    if (!name) return [];
    return [{ name, namespace: text(d['namespace']) ?? 'default', status: text(d['status']) ?? 'Unknown', replicas: num(d['replicas']),
      available: num(d['available_replicas']), unavailable: num(d['unavailable_replicas']), image: text(d['image']), revision: num(d['revision']),
      updatedAt: text(d['updated_at']), previousImage: records(d['replica_sets']).map((r) => text(r['image'])).find((i) => i && i !== text(d['image'])) }];
  }));
}

export const isBadDeployment = (d: Deployment): boolean =>
  /failed|degraded/i.test(d.status) || (d.unavailable ?? 0) > 0 || (d.replicas !== undefined && d.available !== undefined && d.available < d.replicas);

const NOT_A_NAME = new Set(['not', 'is', 'was', 'missing', 'for', 'in', 'key', 'not-found', 'volume', 'data', 'the', 'a']);

function configRefOf(message: string): ClusterEvent['configRef'] {
  if (!/configmap|secret/i.test(message) || !/not found|couldn'?t find|could not find|missing|does not exist|no such/i.test(message)) return undefined;
  const m = [...message.matchAll(/(configmap|secret)s?\s+["'`]?(?:([a-z0-9.-]+)\/)?([a-z0-9][a-z0-9.-]*)["'`]?/gi)]
    .find((x) => x[3] !== undefined && !NOT_A_NAME.has(x[3].toLowerCase()));
  if (!m?.[3]) return undefined;
  const key = /key\s+["'`]?([\w./-]+)["'`]?/i.exec(message)?.[1];
  return { kind: /secret/i.test(m[1] ?? '') ? 'Secret' : 'ConfigMap', name: m[3], ...(m[2] ? { namespace: m[2] } : {}), ...(key ? { missingKey: key } : {}) };
}

function kindOf(reason: string, message: string, configRef: unknown): EventKind {
  const all = `${reason} ${message}`;
  if (configRef) return 'config';
  if (/imagepull|errimage|pull(ing)? image|image pull/i.test(all)) return 'image';
  if (/failedscheduling|insufficient|unschedulable/i.test(all)) return 'scheduling';
  if (/oom|out of memory/i.test(all)) return 'oom';
  if (/failedmount|mountvolume/i.test(all)) return 'mount';
  if (/evict/i.test(all)) return 'evicted';
  if (/unhealthy|probe failed/i.test(all)) return 'probe';
  if (/backoff|back-off|crashloop/i.test(all)) return 'backoff';
  return 'other';
}

export function readWarningEvents(obs: readonly Observation[]): ClusterEvent[] {
  const seen = new Set<string>();
  return rows(obs, 'get_cluster_events', 'events').flatMap((e) => {
    const type = text(e['type']) ?? 'Normal';
    if (/^normal$/i.test(type)) return [];
    const reason = text(e['reason']) ?? '';
    const message = text(e['message']) ?? '';
    const object = text(e['object']) ?? '';
    const key = `${reason}|${object}|${message}`;
    if (seen.has(key)) return [];
    seen.add(key);
    const configRef = configRefOf(message);
    return [{ type, reason, object, objectName: object.slice(object.lastIndexOf('/') + 1), message, namespace: text(e['namespace']) ?? '',
      count: num(e['count']) ?? 1, ...(text(e['first_timestamp']) ?? text(e['timestamp']) ? { timestamp: text(e['first_timestamp']) ?? text(e['timestamp']) } : {}), kind: kindOf(reason, message, configRef), ...(configRef ? { configRef } : {}) }];
  });
}

/** Events about this pod: its own, or about its workload (same name stem), or naming it. */
export const eventsOfPod = (pod: Pod, events: readonly ClusterEvent[]): ClusterEvent[] =>
  events
    .filter((e) => e.objectName === pod.name || sameComponent(e.objectName, pod.name) || e.message.includes(pod.name)
      || (e.configRef !== undefined && sameComponent(e.configRef.name, pod.name)))
    // The pod's own events first, the most repeated first: they say most about it.
    .sort((a, b) => Number(b.objectName === pod.name) - Number(a.objectName === pod.name) || b.count - a.count);

export function readNodeProblems(obs: readonly Observation[]): NodeProblem[] {
  return rows(obs, 'get_node_status', 'nodes').flatMap((n) => {
    const node = text(n['name']) ?? 'unknown-node';
    const out: NodeProblem[] = [];
    if (/notready/i.test(text(n['status']) ?? '')) out.push({ node, condition: 'NotReady' });
    for (const c of records(n['conditions'])) {
      const type = text(c['type']) ?? '';
      const status = (text(c['status']) ?? '').toLowerCase();
      const bad = type === 'Ready' ? status === 'false' : status === 'true';
      if (bad && !out.some((p) => p.condition === (type === 'Ready' ? 'NotReady' : type))) {
        out.push({ node, condition: type === 'Ready' ? 'NotReady' : type, ...(text(c['message']) ? { message: text(c['message']) } : {}) });
      }
    }
    return out;
  });
}

/** Cluster-wide usage lines worth remembering as a baseline, e.g. "pods 125/300 (41.7%)". */
export function readClusterUsage(obs: readonly Observation[]): string[] {
  const out: string[] = [];
  for (const o of obs.filter((x) => x.op === 'get_resource_usage' && x.ok)) {
    const usage = isRecord(o.data) && isRecord(o.data['resource_usage']) ? o.data['resource_usage'] : undefined;
    const cluster = usage && isRecord(usage['cluster']) ? usage['cluster'] : undefined;
    if (!cluster) continue;
    for (const [k, v] of Object.entries(cluster)) {
      if (!isRecord(v)) continue;
      const pct = num(v['percentage']);
      out.push(`${k} ${text(v['used']) ?? '?'}/${text(v['total']) ?? '?'}${pct !== undefined ? ` (${pct}%)` : ''}`);
    }
  }
  return out;
}
