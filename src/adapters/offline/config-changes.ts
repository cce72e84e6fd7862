import { rowsOf, text } from './json-reading.js';
import type { Pod } from './kubernetes-reading.js';
import type { Observation } from './observations.js';

/** A ConfigMap or Secret that was applied, edited or reconciled (a Normal event says so). */
export interface ConfigChange {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string;
  readonly namespace?: string;
  readonly at?: string;
  /** What applied it, e.g. `kustomization/platform-dns`. */
  readonly by: string;
  readonly message: string;
}

const CHANGE = /\b(ConfigMap|Secret)s?[/ ]+(?:([a-z0-9.-]+)\/)?([a-z0-9][a-z0-9.-]*)\s+(?:was\s+)?(configured|created|updated|changed|patched|replaced|edited)\b/gi;

/**
 * Configuration changes from the events of any type: a change is the most common trigger of an
 * outage, and GitOps controllers and `kubectl apply` report it only as a Normal event.
 */
export function readConfigChanges(obs: readonly Observation[]): ConfigChange[] {
  const out: ConfigChange[] = [];
  for (const e of obs.filter((o) => o.op === 'get_cluster_events' && o.ok).flatMap((o) => rowsOf(o.data, 'events'))) {
    const message = text(e['message']) ?? '';
    for (const m of message.matchAll(CHANGE)) {
      const kind = /secret/i.test(m[1] ?? '') ? 'Secret' : 'ConfigMap';
      const at = text(e['first_timestamp']) ?? text(e['timestamp']);
      const change: ConfigChange = { kind, name: m[3]!, ...(m[2] ? { namespace: m[2] } : {}), ...(at ? { at } : {}), by: text(e['object']) ?? 'an unknown actor', message };
      if (!out.some((c) => c.kind === change.kind && c.name === change.name && c.namespace === change.namespace && c.at === change.at)) out.push(change);
    }
  }
  return out;
}

const minutes = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / 60_000;

/** How long before `at` the change happened, in minutes (negative: after; undefined: unknown). */
export const minutesBefore = (change: ConfigChange, at: string | undefined): number | undefined =>
  change.at && at && Number.isFinite(minutes(change.at, at)) ? minutes(change.at, at) : undefined;

/**
 * A change to configuration this pod mounts, made shortly (≤ 60 min) before it started failing:
 * the likeliest trigger of its failure. Without timestamps a change to a mounted object still counts.
 */
export function changeBehind(pod: Pod, changes: readonly ConfigChange[], failingSince: string | undefined): { change: ConfigChange; items: readonly string[] } | undefined {
  for (const c of changes) {
    const mounted = pod.configs.find((v) => v.kind === c.kind && v.name === c.name && (!c.namespace || c.namespace === pod.namespace));
    if (!mounted) continue;
    const before = minutesBefore(c, failingSince);
    if (before === undefined || (before >= -1 && before <= 60)) return { change: c, items: mounted.items };
  }
  return undefined;
}

export const changePhrase = (c: ConfigChange, items: readonly string[] = []): string =>
  `${c.kind} ${c.namespace ? `${c.namespace}/` : ''}${c.name}${items.length > 0 ? ` (${items.join(', ')})` : ''} was changed${c.at ? ` at ${c.at}` : ''} by ${c.by}`;
