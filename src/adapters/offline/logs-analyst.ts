import type { Evidence, InfrastructureFact, SuspectedCause } from '../../domain/finding.js';
import { clip, rowsOf, unique } from './json-reading.js';
import {
  DEPENDENCY_FAILURE, dependencyOf, hasLogLines, isErrorLevel, type LogClass, type LogEntry, OWN_FAILURE, readCounts, readLogEntries, readPatterns, resolverOf,
} from './logs-reading.js';
import { type Analyst, ev, type FindingArgs, knownComponents, type Observation, uncheckedOf } from './observations.js';
import { alignComponent, sameComponent } from './question.js';

const LABEL: Readonly<Record<LogClass, string>> = {
  config: 'configuration errors', permission: 'permission errors', oom: 'out-of-memory errors', pool: 'connection pool exhaustion',
  timeout: 'timeouts', refused: 'refused connections', dns: 'name resolution failures', disk: 'full-disk errors', crash: 'fatal errors', http5xx: '5xx responses',
  slow: 'slow operations', other: 'errors',
};

const line = (e: LogEntry): string => `${e.timestamp ? `${e.timestamp} ` : ''}[${e.level}] ${e.service} ${e.message}`;

interface ServiceLog {
  readonly service: string;
  readonly errors: LogEntry[];
  readonly warnings: LogEntry[];
}

function byService(entries: readonly LogEntry[]): ServiceLog[] {
  const map = new Map<string, ServiceLog>();
  for (const e of entries) {
    const s = map.get(e.service) ?? { service: e.service, errors: [], warnings: [] };
    if (isErrorLevel(e.level)) s.errors.push(e);
    else if (/warn/i.test(e.level)) s.warnings.push(e);
    map.set(e.service, s);
  }
  for (const s of map.values()) s.errors.sort((a, b) => (a.timestamp ?? '').localeCompare(b.timestamp ?? ''));
  return [...map.values()].sort((a, b) => b.errors.length - a.errors.length);
}

const countOf = (errors: readonly LogEntry[], classes: ReadonlySet<LogClass>): LogEntry[] => errors.filter((e) => classes.has(e.cls));

/** A full-disk error quoted from a dependency ("MISCONF Redis …") is the dependency's failure, not the caller's. */
const quoted = (e: LogEntry, service: string): boolean =>
  e.cls === 'disk' && !/no space left|enospc|disk (is )?full/i.test(e.message) && dependencyOf(e.message, service) !== undefined;
const ownOf = (s: ServiceLog): LogEntry[] => countOf(s.errors, OWN_FAILURE).filter((e) => !quoted(e, s.service));
const dependencyErrorsOf = (s: ServiceLog): LogEntry[] => countOf(s.errors, DEPENDENCY_FAILURE).filter((e) => e.cls !== 'disk' || quoted(e, s.service));

function analyse(observations: readonly Observation[], known: readonly string[]): FindingArgs {
  const entries = readLogEntries(observations);
  const services = byService(entries);
  const names = [...known, ...services.map((s) => s.service)];
  const causes: SuspectedCause[] = [];
  const facts: InfrastructureFact[] = [];

  // A service that breaks by itself (bad config, permissions, fatal start-up errors) is a cause.
  const failing = services.filter((s) => ownOf(s).length > 0);
  for (const s of failing) {
    const own = ownOf(s);
    const cls = own.some((e) => e.cls === 'config') ? 'config' : own.some((e) => e.cls === 'permission') ? 'permission' : own.some((e) => e.cls === 'disk') ? 'disk' : 'crash';
    const first = own.find((e) => e.cls === cls) ?? own[0]!;
    causes.push({
      description: `${s.service} fails by itself with ${LABEL[cls]}: "${clip(first.message, 160)}" (${own.length} such line${own.length === 1 ? '' : 's'})`,
      component: alignComponent(s.service, known), confidence: cls === 'config' || cls === 'disk' ? 0.85 : cls === 'permission' ? 0.8 : 0.75,
      evidence: unique(own.map(line)).slice(0, 3).map((l) => ev('get_error_logs', l)),
    });
  }

  // Errors about something a service calls point at that dependency, not at the caller.
  for (const s of services) {
    const dep = dependencyErrorsOf(s);
    const oom = s.errors.filter((e) => e.cls === 'oom');
    if (dep.length === 0 && oom.length === 0) continue;
    // A failed lookup points at the resolver, not at the name looked up; the rest at what they name.
    const targets = dep.map((e) => (e.cls === 'dns' ? resolverOf(names) : dependencyOf(e.message, s.service)))
      .filter((t): t is string => t !== undefined && !sameComponent(t, s.service));
    const target = targets.length > 0 ? alignComponent(targets[0]!, names) : undefined;
    const kinds = unique(dep.map((e) => LABEL[e.cls]));
    const sample = dep[0] ?? oom[0]!;
    if (target) facts.push({ service: s.service, kind: 'dependency', detail: `${s.service} depends on ${target} (log: "${clip(sample.message, 100)}")` });
    // One stray error is noise, not a finding.
    if (dep.length + oom.length < 2 && !s.errors.some((e) => /fatal|critical/i.test(e.level))) continue;
    const targetCause = target ? causes.find((c) => c.component && sameComponent(c.component, target)) : undefined;
    const blamedElsewhere = target !== undefined && (targetCause !== undefined || known.some((k) => sameComponent(k, target)));
    const evidence = [sample, ...oom.slice(0, 1)].map((e) => ev('search_logs', line(e)));
    if (target && !blamedElsewhere) {
      const silent = !services.some((o) => sameComponent(o.service, target) && o.errors.length > 0);
      causes.push({ description: `${s.service} cannot use ${target}: ${dep.length} ${kinds.join(', ')} (e.g. "${clip(sample.message, 120)}")${silent ? `; ${target} logged no errors of its own here` : ''}`,
        component: target, confidence: 0.6, evidence });
    }
    const downstream = target !== undefined;
    causes.push({
      description: downstream
        ? `${s.service} shows ${kinds.join(', ')}${oom.length > 0 ? ' and then runs out of memory' : ''}: downstream impact of ${target}`
        : oom.length > 0 && dep.length === 0 ? `${s.service} runs out of memory: "${clip(oom[0]!.message, 120)}"` : `${s.service} shows ${kinds.join(', ')} with no named dependency`,
      component: s.service, confidence: downstream ? 0.35 : oom.length > 0 && dep.length === 0 ? 0.7 : 0.5, evidence,
    });
  }

  // Other errors in volume are worth a low-confidence mention; warnings alone never are.
  for (const s of services) {
    if (causes.some((c) => c.component === s.service) || failing.includes(s)) continue;
    const other = s.errors.filter((e) => !OWN_FAILURE.has(e.cls) && !DEPENDENCY_FAILURE.has(e.cls) && e.cls !== 'oom');
    if (other.length >= 3) {
      causes.push({ description: `${s.service} logs ${other.length} errors, e.g. "${clip(other[0]!.message, 120)}"`, component: s.service, confidence: 0.4,
        evidence: other.slice(0, 2).map((e) => ev('search_logs', line(e))) });
    }
  }
  causes.sort((a, b) => b.confidence - a.confidence);

  const patterns = readPatterns(observations);
  const counts = readCounts(observations);
  for (const p of patterns.filter((x) => isErrorLevel(x.severity))) {
    for (const s of p.services) facts.push({ service: s, kind: 'pattern', detail: `"${p.pattern}" seen ${p.count} times (${p.severity})` });
  }
  const errorLines = services.flatMap((s) => s.errors.slice(0, 2));
  const evidence: Evidence[] = [
    ...errorLines.slice(0, 6).map((e) => ev(e.op, line(e))),
    ...patterns.slice(0, 4).map((p) => ev('analyze_log_patterns', `"${p.pattern}" ×${p.count} (${p.severity})${p.services.length > 0 ? ` in ${p.services.join(', ')}` : ''}`)),
    ...counts.map((c) => ev('count_log_events', c)),
  ];

  const parts: string[] = [];
  const erring = services.filter((s) => s.errors.length > 0);
  parts.push(erring.length > 0
    ? `Error lines by service (get_error_logs, search_logs, get_recent_logs): ${erring.map((s) => `${s.service} ${s.errors.length}`).join(', ')}.`
    : entries.length > 0 ? 'The log tools returned no error lines.' : 'The log tools returned no log lines.');
  const earliest = [...entries].filter((e) => isErrorLevel(e.level) && e.timestamp).sort((a, b) => a.timestamp!.localeCompare(b.timestamp!))[0];
  if (earliest) parts.push(`Earliest error: ${clip(line(earliest), 200)}.`);
  if (patterns.length > 0) parts.push(`analyze_log_patterns: ${patterns.slice(0, 4).map((p) => `"${p.pattern}" ×${p.count} (${p.severity})`).join(', ')}.`);
  const quiet = services.filter((s) => s.errors.length === 0 && s.warnings.length > 0).map((s) => s.service);
  if (quiet.length > 0) parts.push(`${quiet.join(', ')} only log warnings, no errors.`);
  parts.push(causes[0] ? `Most likely cause in the logs: ${causes[0].description}.` : 'The logs name no failing component.');

  // Fault suite (test/int/faults-tools): plain text used to count as data whatever it held, so an
  // HTML error page from a log tool was neither evidence nor named under "Not checked".
  const isEmpty = (o: Observation): boolean =>
    o.op === 'count_log_events' ? counts.length === 0
    : o.data === undefined ? o.op === 'analyze_log_patterns' || !hasLogLines(o.content)
    : rowsOf(o.data, 'errors', 'logs', 'patterns', 'entries').length === 0;
  return { summary: parts.join(' '), evidence: evidence.slice(0, 12), causes: causes.slice(0, 6), unchecked: uncheckedOf(observations, isEmpty), facts: facts.slice(0, 8) };
}

/** Reads error logs, patterns and counts into a finding, attributing errors to services. */
export const analyseLogs: Analyst = (observations, context) => analyse(observations, knownComponents(context.findings));
