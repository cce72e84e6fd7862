import type { ClusterEvent, Pod } from './kubernetes-reading.js';

/** A pod of a Job or CronJob: batch work that serves no traffic, so no caller fails because of it. */
export const isBatchPod = (p: Pod): boolean =>
  /^(job|cronjob)\//i.test(p.owner ?? '') || /-\d{8}-[a-z0-9]{5}$/.test(p.name);

/** When this pod's trouble started: its earliest event, else its creation when it never ran. */
export function failingSince(p: Pod, events: readonly ClusterEvent[]): string | undefined {
  const own = events.filter((e) => e.objectName === p.name && e.timestamp).map((e) => e.timestamp!).sort();
  return own[0] ?? (/pending/i.test(p.status) ? p.createdAt : undefined);
}

/**
 * The onset of the incident as Kubernetes saw it: when most failing pods that serve traffic began
 * to fail (the median). Batch pods are left out, and one pod stuck for hours does not pull the
 * onset back to its own start.
 */
export function onsetOf(bad: readonly Pod[], events: readonly ClusterEvent[]): string | undefined {
  const times = bad.filter((p) => !isBatchPod(p)).map((p) => failingSince(p, events)).filter((t): t is string => t !== undefined).sort();
  return times[Math.floor(times.length / 2)];
}

const WELL_BEFORE_MINUTES = 15;

/**
 * Why a failing pod cannot be what the incident is about, if it cannot: batch pods serve no
 * traffic, and a pod already Pending well before the onset did not start it. Such pods are
 * capped below 0.5: worth a line in the report, never the root cause.
 */
export function irrelevance(p: Pod, events: readonly ClusterEvent[], onset: string | undefined): string | undefined {
  if (isBatchPod(p)) return `${p.owner ? `it belongs to ${p.owner}, ` : ''}a batch pod that serves no traffic`;
  const since = failingSince(p, events);
  // Only a pod that never ran: it served nothing before the onset, so its state did not change then.
  // A running pod that broke early may well be the first domino.
  if (/pending/i.test(p.status) && since && onset && (Date.parse(onset) - Date.parse(since)) / 60_000 > WELL_BEFORE_MINUTES) {
    return `it has been failing since ${since}, well before the incident began (${onset})`;
  }
  return undefined;
}
