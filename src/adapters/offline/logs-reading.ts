import { num, type JsonRecord, records, rowsOf, text } from './json-reading.js';
import type { Observation } from './observations.js';

export type LogClass = 'config' | 'permission' | 'oom' | 'pool' | 'timeout' | 'refused' | 'dns' | 'disk' | 'crash' | 'http5xx' | 'slow' | 'other';

export interface LogEntry {
  readonly timestamp?: string;
  readonly level: string;
  readonly service: string;
  readonly message: string;
  readonly op: string;
  readonly cls: LogClass;
}

/** First match wins: the more specific signatures come first. */
const CLASSES: readonly (readonly [LogClass, RegExp])[] = [
  ['config', /configmap|config(uration)?( file)? (not found|missing|invalid)|could not (open|load|read) config|secret\b.*not found|missing (config|setting|environment)/i],
  ['permission', /permission denied|access denied|forbidden|not permitted/i],
  // A buffer or memory leak report is the memory problem announcing itself before the OOM kill.
  ['oom', /outofmemory|out of memory|\boom\b|heap space|memory limit|memory leak|leak:.*(bytebuf|buffer|release\(\))/i],
  ['pool', /pool (is )?exhaust|connection pool|no available connections|too many connections/i],
  // A lookup that times out is a DNS failure first: "lookup x on 10.96.0.10:53: i/o timeout".
  ['dns', /enotfound|eai_again|could not resolve|name resolution|unknown ?host|no such host|server misbehaving|lookup \S+ on \S+:53|temporary failure in name resolution|nxdomain/i],
  // A full disk breaks the service that writes to it; callers quote it back (MISCONF, READONLY).
  ['disk', /no space left on device|enospc|disk (is )?full|misconf|can't persist|not able to persist|readonly you can't write/i],
  ['timeout', /time-?out|timed out|deadline exceeded/i],
  ['refused', /connection refused|econnrefused|could not connect|failed to connect|unreachable|no route to host|connection reset/i],
  ['crash', /\bfatal\b|panic|crash|exited with|segfault|shutting down|exiting|loop .*detected/i],
  ['http5xx', /\b50[0-4]\b|service unavailable|bad gateway|gateway timeout/i],
  ['slow', /slow (query|request|response)/i],
];

export const classify = (message: string): LogClass => CLASSES.find(([, re]) => re.test(message))?.[0] ?? 'other';

export const isErrorLevel = (level: string): boolean => /error|fatal|critical|crit|severe|emerg|alert|panic/i.test(level);

/** Classes that say the service itself is broken, not something it calls. */
export const OWN_FAILURE: ReadonlySet<LogClass> = new Set(['config', 'permission', 'disk', 'crash']);
/** Classes that point at something the service calls. */
export const DEPENDENCY_FAILURE: ReadonlySet<LogClass> = new Set(['pool', 'timeout', 'refused', 'dns', 'disk', 'http5xx']);

const LINE = /^(\S+)\s+\[(\w+)\]\s+(\S+)\s+(.*)$/;

/** Whether plain-text tool output holds at least one log line this reader understands. */
export const hasLogLines = (content: string): boolean => content.split('\n').some((l) => LINE.test(l.trim()));

function entryOf(row: JsonRecord, op: string): LogEntry | undefined {
  const message = text(row['message']) ?? text(row['pattern']);
  if (!message) return undefined;
  const stack = text(row['stack_trace']);
  const level = (text(row['level']) ?? text(row['severity']) ?? 'INFO').toUpperCase();
  const full = stack && !message.includes(stack.split('\n')[0] ?? '') ? `${message} | ${stack.split('\n')[0]}` : message;
  // A CRITICAL or FATAL line the patterns do not know is still the service failing by itself.
  const cls = classify(full) === 'other' && /fatal|critical|crit|emerg|panic/i.test(level) ? 'crash' : classify(full);
  return { ...(text(row['timestamp']) ? { timestamp: text(row['timestamp']) } : {}), level, service: text(row['service']) ?? 'unknown', message: full, op, cls };
}

/** Every log line the tools returned: error logs, searches, recent lines and pattern occurrences. */
export function readLogEntries(observations: readonly Observation[]): LogEntry[] {
  const out: LogEntry[] = [];
  const seen = new Set<string>();
  const add = (e: LogEntry | undefined): void => {
    if (!e) return;
    // The same line may come back from several tools, with or without its stack trace.
    const key = `${e.timestamp ?? ''}|${e.service}|${e.message.slice(0, 60)}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(e);
    }
  };
  for (const o of observations.filter((x) => x.ok)) {
    if (o.op === 'analyze_log_patterns') {
      for (const p of rowsOf(o.data, 'patterns')) {
        const severity = text(p['severity']) ?? 'INFO';
        for (const occ of records(p['occurrences'])) add(entryOf({ ...occ, level: text(occ['level']) ?? severity }, o.op));
      }
      continue;
    }
    if (!['get_error_logs', 'search_logs', 'get_recent_logs'].includes(o.op)) continue;
    const rows = rowsOf(o.data, 'errors', 'logs', 'entries');
    if (rows.length > 0) rows.forEach((r) => add(entryOf(r, o.op)));
    else if (o.data === undefined) {
      for (const line of o.content.split('\n')) {
        const m = LINE.exec(line.trim());
        if (m) add(entryOf({ timestamp: m[1], level: m[2], service: m[3], message: m[4] }, o.op));
      }
    }
  }
  return out;
}

export interface LogPattern {
  readonly pattern: string;
  readonly count: number;
  readonly severity: string;
  readonly services: readonly string[];
}

export function readPatterns(observations: readonly Observation[]): LogPattern[] {
  return observations.filter((o) => o.ok && o.op === 'analyze_log_patterns').flatMap((o) => rowsOf(o.data, 'patterns')).flatMap((p) => {
    const pattern = text(p['pattern']);
    if (!pattern) return [];
    const services = [...new Set(records(p['occurrences']).flatMap((x) => (text(x['service']) ? [text(x['service']) as string] : [])))];
    return [{ pattern, count: num(p['count']) ?? 0, severity: (text(p['severity']) ?? 'INFO').toUpperCase(), services }];
  });
}

/** `count_log_events` answers as one line, e.g. "errors by service: web-service 35 (77.8%)". */
export function readCounts(observations: readonly Observation[]): string[] {
  return observations.filter((o) => o.ok && o.op === 'count_log_events').flatMap((o) => {
    const total = num((o.data as JsonRecord | undefined)?.['total_count']);
    const groups = rowsOf(o.data, 'counts').map((c) => `${text(c['group']) ?? '?'} ${num(c['count']) ?? '?'}${num(c['percentage']) !== undefined ? ` (${num(c['percentage'])}%)` : ''}`);
    if (!total && groups.length === 0) return [];
    const what = String(o.args['event_type'] ?? 'events');
    const by = o.args['group_by'] ? ` by ${String(o.args['group_by'])}` : '';
    return [`${what} events${by}: total ${total ?? '?'}${groups.length > 0 ? `; ${groups.join(', ')}` : ''}`];
  });
}

const DEPENDENCY_WORDS = /\b(database|db|postgres(?:ql)?|mysql|mongo(?:db)?|redis|cache|kafka|rabbitmq|elasticsearch|upstream|[a-z][a-z0-9]*(?:-[a-z0-9]+)*-(?:service|api|db|svc))\b/gi;

/** What a failing call names as its target: "Database connection timeout" → `database`. */
export function dependencyOf(message: string, self: string): string | undefined {
  const found = [...message.matchAll(DEPENDENCY_WORDS)].map((m) => (m[1] ?? '').toLowerCase()).filter((t) => t && t !== self.toLowerCase());
  // A named service says more than a generic word: "upstream search-service timed out" → search-service.
  const t = found.find((x) => x.includes('-')) ?? found.find((x) => x !== 'upstream') ?? found[0];
  return t === 'db' ? 'database' : t;
}

const DNS_NAME = /coredns|kube-dns|\bdns\b/i;

/**
 * The dependency a name-resolution failure points at: not the name looked up (that service may be
 * fine), but the resolver, i.e. the cluster DNS among the known components, else kube-dns.
 */
export const resolverOf = (names: readonly string[]): string => names.find((n) => DNS_NAME.test(n)) ?? 'kube-dns';
