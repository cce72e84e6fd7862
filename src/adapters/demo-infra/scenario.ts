import { z } from 'zod';
import type { ClusterEvent, Deployment, Node, Pod, ResourceUsage, Service } from './k8s-schemas.js';
import type { ErrorLogEntry, LogCounts, LogEntry, LogPattern } from './logs-schemas.js';
import type { AvailabilityRow, ErrorRateRow, ResourceRow, ResponseTimeRow, ThroughputRow, Trend } from './metrics-schemas.js';
import type { EscalationProcedure, Playbook, Resolution, TroubleshootingGuide } from './runbook-schemas.js';
import { strings, timestamp } from './schema-primitives.js';

export const INCIDENT_CATEGORIES = ['configuration', 'resources', 'deployment', 'dependency', 'network', 'capacity', 'security'] as const;

/** `scenario.json`: what happened, and how an investigation of it is scored. */
export const ScenarioFile = z.looseObject({
  id: z.string().min(1),
  title: z.string().optional(),
  now: timestamp.optional(),
  prompt: z.string().optional(),
  expected: z.looseObject({
    root_cause: z.string().optional(),
    must_mention: z.array(strings.min(1)).optional(),
    must_not_blame: strings.optional(),
    culprit: z.looseObject({ kind: z.string(), name: z.string() }).optional(),
    category: z.enum(INCIDENT_CATEGORIES).optional(),
  }).optional(),
});

export type ScenarioFileContent = z.infer<typeof ScenarioFile>;

/**
 * `scenario.json` with `id` and `now` always present: `id` defaults to the folder name and `now`
 * (the scenario clock) to the latest timestamp in the data, so the demo clock never needs the
 * system's.
 */
export type ScenarioMeta = ScenarioFileContent & { readonly id: string; readonly now: string };

/** An incident scenario folder, loaded: every list is empty when its file is absent. */
export interface Scenario {
  readonly meta: ScenarioMeta;
  readonly k8s: {
    readonly pods: readonly Pod[];
    readonly deployments: readonly Deployment[];
    readonly events: readonly ClusterEvent[];
    readonly nodes: readonly Node[];
    readonly resourceUsage: ResourceUsage | undefined;
    readonly services: readonly Service[];
  };
  readonly logs: {
    readonly entries: readonly LogEntry[];
    readonly errors: readonly ErrorLogEntry[];
    readonly patterns: readonly LogPattern[];
    readonly counts: LogCounts;
  };
  readonly metrics: {
    readonly responseTimes: readonly ResponseTimeRow[];
    readonly throughput: readonly ThroughputRow[];
    readonly resources: readonly ResourceRow[];
    readonly errorRates: readonly ErrorRateRow[];
    readonly availability: readonly AvailabilityRow[];
    readonly trends: readonly Trend[];
  };
  readonly runbooks: {
    readonly playbooks: readonly Playbook[];
    readonly guides: readonly TroubleshootingGuide[];
    readonly escalationProcedures: readonly EscalationProcedure[];
    readonly resolutions: readonly Resolution[];
  };
}
