import { z } from 'zod';
import { dateTime, defineTool, type DemoTool, ok, oneOf, requiredText, sameWord, text, timeWindow } from './demo-tool.js';
import type { CountRow, LogEntry } from './logs-schemas.js';
import { timeFilter } from './time-filters.js';

const t = (op: string): string => `logs-api___${op}`;
const SEARCH_LIMIT = 100;

const lineOf = (e: LogEntry): string => `${e.timestamp} [${e.level}] ${e.service} ${e.message}`;

const searchLogs = defineTool({
  name: t('search_logs'),
  description:
    'Search application log lines (format: timestamp [LEVEL] service message) for a text, case-insensitively, optionally within a time range ' +
    'and at one level. Returns at most 100 lines in log order. Use it to find connection timeouts, exceptions or messages of one service.',
  params: {
    pattern: requiredText('Text to look for anywhere in the line, e.g. "timeout", "OutOfMemoryError" or a service name.'),
    start_time: dateTime('Only lines at or after this time.'),
    end_time: dateTime('Only lines at or before this time.'),
    log_level: oneOf(['ERROR', 'WARN', 'INFO', 'DEBUG'], 'Only lines of this level.'),
  },
  run: ({ scenario, clock }, { pattern, start_time, end_time, log_level }) => {
    const needle = pattern.toLowerCase();
    const inTime = timeFilter({ start: start_time, end: end_time, now: clock.now() });
    const logs = scenario.logs.entries.filter(
      (e) => lineOf(e).toLowerCase().includes(needle) && inTime(e.timestamp) && (log_level === undefined || sameWord(log_level, e.level)));
    return ok({ logs: logs.slice(0, SEARCH_LIMIT) });
  },
});

const getErrorLogs = defineTool({
  name: t('get_error_logs'),
  description:
    'Structured error log entries: time, level, service, message, stack trace (e.g. SQLException, OutOfMemoryError) and correlation id. ' +
    'Use it to read the exceptions behind failing requests.',
  params: {
    since: dateTime('Only errors at or after this time.'),
    service: text('Only errors of this service (exact name, e.g. web-service).'),
  },
  run: ({ scenario, clock }, { since, service }) => {
    const inTime = timeFilter({ start: since, now: clock.now() });
    return ok({ errors: scenario.logs.errors.filter((e) => inTime(e.timestamp) && (service === undefined || e.service === service)) });
  },
});

const analyzeLogPatterns = defineTool({
  name: t('analyze_log_patterns'),
  description:
    'Recurring log message patterns with their count, first and last occurrence, severity and sample occurrences. ' +
    'Use it to see which errors dominate and when they started.',
  params: {
    time_window: timeWindow(['1h', '6h', '24h', '7d'], 'Only patterns seen within this window (default 24h).'),
    min_occurrences: z.number().int().min(1).default(5).describe('Only patterns seen at least this many times (default 5).'),
  },
  run: ({ scenario, clock }, { time_window, min_occurrences }) => {
    const seen = timeFilter({ window: time_window ?? '24h', now: clock.now() });
    return ok({ patterns: scenario.logs.patterns.filter((p) => p.count >= min_occurrences && seen(p.last_seen)) });
  },
});

const getRecentLogs = defineTool({
  name: t('get_recent_logs'),
  description: 'The most recent application log lines, newest first, optionally of services whose name contains a text.',
  params: {
    limit: z.number().int().min(1).max(1000).default(100).describe('How many lines, 1 to 1000 (default 100).'),
    service: text('Only lines of services whose name contains this text (case-insensitive).'),
  },
  run: ({ scenario }, { limit, service }) => {
    const needle = service?.toLowerCase();
    const lines = scenario.logs.entries.filter((e) => needle === undefined || e.service.toLowerCase().includes(needle));
    return ok({ logs: lines.slice(-limit).reverse() });
  },
});

const GROUPS = new Map([['service', 'by_service'], ['level', 'by_level'], ['hour', 'by_hour']] as const);

const countLogEvents = defineTool({
  name: t('count_log_events'),
  description:
    'Count log events: event_type "error" counts error events, any other value counts all events; grouped by service, level or hour ' +
    '(default level), each group with its count and percentage.',
  params: {
    event_type: requiredText('"error" to count errors; anything else (e.g. "all") counts every event.'),
    time_window: text('Accepted for compatibility; the counts cover the whole recorded period.'),
    group_by: oneOf(['service', 'level', 'hour'], 'How to group the counts (default level).'),
  },
  run: ({ scenario }, { event_type, group_by }) => {
    const errorsOnly = ['error', 'errors'].includes(event_type.trim().toLowerCase());
    const block = errorsOnly ? scenario.logs.counts.error_counts : scenario.logs.counts.all_counts;
    const key = GROUPS.get((group_by ?? 'level').toLowerCase() as 'level');
    const counts: readonly CountRow[] = key === undefined ? [] : block?.[key] ?? [];
    return ok({ total_count: block?.total_count ?? 0, counts });
  },
});

export const LOGS_TOOLS: readonly DemoTool[] = [searchLogs, getErrorLogs, analyzeLogPatterns, getRecentLogs, countLogEvents];
