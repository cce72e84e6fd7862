import { redactSecrets } from './redact-secrets.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, unknown>;

/** Structured logging. Implementations never throw: a log call must not break a request. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` (e.g. `requestId`, `sessionId`) to every line it writes. */
  child(fields: LogFields): Logger;
}

export interface JsonLoggerOptions {
  readonly level: LogLevel;
  /** Receives one JSON document without the trailing newline. Defaults to a stdout line. */
  readonly write?: (line: string) => void;
}

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /authorization|token|secret|password|api[-_]?key|credential/i;
const RESERVED = new Set(['timestamp', 'level', 'message']);
// Deep structures are cut here: a log line is for people, not a serialisation format.
const MAX_DEPTH = 8;

/**
 * One JSON object per line (CloudWatch and the AgentCore contract expect this): `timestamp`,
 * `level`, `message`, then child fields, then call fields. Secrets are redacted by key name at
 * any depth, errors become `{name, message, code}` (with the stack only at debug level), and
 * circular structures are cut, so a log call can never throw.
 */
export class JsonLogger implements Logger {
  private readonly threshold: number;
  private readonly write: (line: string) => void;

  constructor(
    private readonly options: JsonLoggerOptions,
    private readonly bound: LogFields = {},
  ) {
    this.threshold = RANK[options.level];
    this.write = options.write ?? ((line) => process.stdout.write(`${line}\n`));
  }

  debug(message: string, fields?: LogFields): void {
    this.log('debug', message, fields);
  }

  info(message: string, fields?: LogFields): void {
    this.log('info', message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.log('warn', message, fields);
  }

  error(message: string, fields?: LogFields): void {
    this.log('error', message, fields);
  }

  child(fields: LogFields): Logger {
    return new JsonLogger(this.options, { ...this.bound, ...fields });
  }

  private log(level: LogLevel, message: string, fields: LogFields | undefined): void {
    if (RANK[level] < this.threshold) return;
    let line: string;
    try {
      line = JSON.stringify(this.entry(level, message, fields));
    } catch (error) {
      // Only exotic values (a throwing getter or toJSON) get here; the line itself must survive.
      line = JSON.stringify({ timestamp: new Date().toISOString(), level, message: String(message), log_error: describe(error) });
    }
    try {
      this.write(line);
    } catch {
      // A closed stdout must not take the request down with it.
    }
  }

  private entry(level: LogLevel, message: string, fields: LogFields | undefined): Record<string, unknown> {
    const entry: Record<string, unknown> = { timestamp: new Date().toISOString(), level, message: redactSecrets(String(message)) };
    const seen = new WeakSet<object>();
    for (const source of [this.bound, fields ?? {}]) {
      for (const [key, value] of Object.entries(source)) {
        const name = RESERVED.has(key) ? `field_${key}` : key;
        entry[name] = SECRET_KEY.test(key) ? '[redacted]' : this.clean(value, seen, 0);
      }
    }
    return entry;
  }

  private clean(value: unknown, seen: WeakSet<object>, depth: number): unknown {
    if (typeof value === 'string') return redactSecrets(value);
    if (value === null || typeof value === 'boolean') return value;
    if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'undefined' || typeof value === 'function' || typeof value === 'symbol') return undefined;
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    if (seen.has(value)) return '[circular]';
    if (depth >= MAX_DEPTH) return '[truncated]';
    if (ArrayBuffer.isView(value)) return `[binary ${value.byteLength} bytes]`;
    seen.add(value);
    try {
      if (value instanceof Error) return this.cleanError(value, seen, depth);
      if (Array.isArray(value)) return value.map((v) => this.clean(v, seen, depth + 1) ?? null);
      if (value instanceof Map) return this.cleanRecord(Object.fromEntries(value), seen, depth);
      if (value instanceof Set) return [...value].map((v) => this.clean(v, seen, depth + 1) ?? null);
      return this.cleanRecord(value as Record<string, unknown>, seen, depth);
    } finally {
      // Only ancestors count as circular; the same object twice side by side is fine.
      seen.delete(value);
    }
  }

  private cleanRecord(record: Record<string, unknown>, seen: WeakSet<object>, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(record)) {
      out[key] = SECRET_KEY.test(key) ? '[redacted]' : this.clean(v, seen, depth + 1);
    }
    return out;
  }

  private cleanError(error: Error, seen: WeakSet<object>, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = { name: error.name, message: redactSecrets(error.message) };
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') out['code'] = code;
    if (this.threshold <= RANK.debug && error.stack) out['stack'] = redactSecrets(error.stack);
    if (error.cause !== undefined) out['cause'] = this.clean(error.cause, seen, depth + 1);
    return out;
  }
}

function describe(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    return 'unprintable error';
  }
}
