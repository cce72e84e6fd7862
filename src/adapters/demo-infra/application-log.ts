import type { LogEntry } from './logs-schemas.js';

const LINE = /^(\S+)\s+\[([A-Za-z]+)\]\s+(\S+)\s+(.*)$/;

/**
 * Parses `<ISO timestamp> [<LEVEL>] <service> <message>` lines. A line that does not fit (a stack
 * trace continuation, a blank line, a bad timestamp) is skipped: a log is evidence, not a schema.
 */
export function parseApplicationLog(text: string): LogEntry[] {
  const entries: LogEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const m = LINE.exec(raw.trim());
    if (!m) continue;
    const [, timestamp = '', level = '', service = '', message = ''] = m;
    if (Number.isNaN(Date.parse(timestamp))) continue;
    entries.push({ timestamp, level: level.toUpperCase(), service, message: message.trim() });
  }
  return entries;
}
