import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { z } from 'zod';
import { parseApplicationLog } from './application-log.js';
import { DeploymentsFile, EventsFile, NodesFile, PodsFile, ResourceUsageFile, ServicesFile } from './k8s-schemas.js';
import { CountsFile, ErrorsFile, PatternsFile } from './logs-schemas.js';
import { AvailabilityFile, ErrorRatesFile, ResourcesFile, ResponseTimesFile, ThroughputFile, TrendsFile } from './metrics-schemas.js';
import { EscalationFile, GuidesFile, PlaybooksFile, ResolutionsFile } from './runbook-schemas.js';
import { ScenarioFile, type Scenario } from './scenario.js';
import { ScenarioInvalid } from './scenario-invalid.js';

/** A file of the folder: where it is, and the name an error message gives it. */
interface Source {
  readonly path: string;
  readonly label: string;
}

/**
 * Loads an incident scenario folder (the format of TOOLS.md §3). Every file is optional; a folder
 * without `runbooks/` is served the organisation's library from `libraryDir`.
 *
 * @throws ScenarioInvalid when `dir` is not a folder, or a file is not JSON or breaks its schema.
 */
export async function loadScenario(dir: string, libraryDir: string): Promise<Scenario> {
  if (!(await isDirectory(dir))) throw new ScenarioInvalid(dir, undefined, 'not a scenario folder');
  const at = (rel: string): Source => ({ path: join(dir, rel), label: rel });
  const ownRunbooks = await isDirectory(join(dir, 'runbooks'));
  const runbook = (file: string): Source => (ownRunbooks ? at(`runbooks/${file}`) : { path: join(libraryDir, file), label: join(libraryDir, file) });

  const [meta, pods, deployments, events, nodes, resourceUsage, services] = await Promise.all([
    readJson(at('scenario.json'), ScenarioFile),
    readJson(at('k8s/pods.json'), PodsFile),
    readJson(at('k8s/deployments.json'), DeploymentsFile),
    readJson(at('k8s/events.json'), EventsFile),
    readJson(at('k8s/nodes.json'), NodesFile),
    readJson(at('k8s/resource_usage.json'), ResourceUsageFile),
    readJson(at('k8s/services.json'), ServicesFile),
  ]);
  const [logText, errors, patterns, counts] = await Promise.all([
    readText(at('logs/application.log')),
    readJson(at('logs/errors.json'), ErrorsFile),
    readJson(at('logs/patterns.json'), PatternsFile),
    readJson(at('logs/counts.json'), CountsFile),
  ]);
  const [responseTimes, throughput, resources, errorRates, availability, trends] = await Promise.all([
    readJson(at('metrics/response_times.json'), ResponseTimesFile),
    readJson(at('metrics/throughput.json'), ThroughputFile),
    readJson(at('metrics/resources.json'), ResourcesFile),
    readJson(at('metrics/error_rates.json'), ErrorRatesFile),
    readJson(at('metrics/availability.json'), AvailabilityFile),
    readJson(at('metrics/trends.json'), TrendsFile),
  ]);
  const [playbooks, guides, escalations, resolutions] = await Promise.all([
    readJson(runbook('playbooks.json'), PlaybooksFile),
    readJson(runbook('troubleshooting_guides.json'), GuidesFile),
    readJson(runbook('escalation_procedures.json'), EscalationFile),
    readJson(runbook('common_resolutions.json'), ResolutionsFile),
  ]);

  const scenario: Omit<Scenario, 'meta'> = {
    k8s: {
      pods: pods?.pods ?? [], deployments: deployments?.deployments ?? [], events: events?.events ?? [],
      nodes: nodes?.nodes ?? [], resourceUsage: resourceUsage?.resource_usage, services: services?.services ?? [],
    },
    logs: { entries: parseApplicationLog(logText ?? ''), errors: errors ?? [], patterns: patterns?.patterns ?? [], counts: counts ?? {} },
    metrics: {
      responseTimes: responseTimes?.metrics ?? [], throughput: throughput?.metrics ?? [], resources: resources?.metrics ?? [],
      errorRates: errorRates?.error_rates ?? [], availability: availability?.availability_metrics ?? [], trends: trends?.trends ?? [],
    },
    runbooks: {
      playbooks: playbooks?.playbooks ?? [], guides: guides?.guides ?? [],
      escalationProcedures: escalations?.escalation_procedures ?? [], resolutions: resolutions?.resolutions ?? [],
    },
  };
  return { ...scenario, meta: { ...meta, id: meta?.id ?? basename(dir), now: meta?.now ?? latestTimestamp(scenario) } };
}

/** The scenario clock when `scenario.json` gives none: the moment of the last recorded event. */
function latestTimestamp(s: Omit<Scenario, 'meta'>): string {
  const stamps = [
    ...s.k8s.events, ...s.logs.entries, ...s.logs.errors, ...s.metrics.responseTimes, ...s.metrics.throughput,
    ...s.metrics.resources, ...s.metrics.errorRates, ...s.metrics.availability,
  ].map((row) => Date.parse(row.timestamp));
  const latest = stamps.reduce((a, b) => (b > a ? b : a), 0);
  return new Date(latest).toISOString();
}

async function readJson<S extends z.ZodType>(source: Source, schema: S): Promise<z.output<S> | undefined> {
  const text = await readText(source);
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ScenarioInvalid(source.label, undefined, `invalid JSON: ${messageOf(cause)}`, { cause });
  }
  // Each schema parses once, at start: zod's JIT fast path (code generated per object schema) costs
  // more to build than it saves here, and it sits on the path to the first /ping (issue 10).
  const parsed = schema.safeParse(json, { jitless: true });
  if (parsed.success) return parsed.data;
  const [first, ...rest] = parsed.error.issues;
  const field = first && first.path.length > 0 ? first.path.map(String).join('.') : undefined;
  const reason = (first?.message ?? 'invalid').replace(/^Invalid input: /, '') + (rest.length > 0 ? ` (and ${rest.length} more)` : '');
  throw new ScenarioInvalid(source.label, field, reason);
}

async function readText(source: Source): Promise<string | undefined> {
  try {
    return await readFile(source.path, 'utf8');
  } catch (cause) {
    if (isErrno(cause, 'ENOENT')) return undefined;
    throw new ScenarioInvalid(source.label, undefined, `cannot be read: ${messageOf(cause)}`, { cause });
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

const isErrno = (e: unknown, code: string): boolean => e instanceof Error && (e as NodeJS.ErrnoException).code === code;
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
