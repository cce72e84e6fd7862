import { preview } from '../../domain/text.js';

/**
 * Reading tool output the way a careful analyst would: the text may be cut to a byte budget
 * (ending in a `…[truncated…` marker), so a JSON document is salvaged up to its last complete
 * array element rather than thrown away.
 */

export type JsonRecord = Readonly<Record<string, unknown>>;

const TRUNCATION_MARKER = /\n?…\[truncated[^\]]*\]\s*$/;

export function isTruncated(text: string): boolean {
  return TRUNCATION_MARKER.test(text);
}

/** Parses tool output as JSON; a cut document is closed after its last complete array element. */
export function parseToolJson(text: string): unknown {
  const body = text.replace(TRUNCATION_MARKER, '').trim();
  if (body === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return salvage(body);
  }
}

/** Cuts a broken JSON text after the last element completed inside an array, then closes it. */
function salvage(body: string): unknown {
  const stack: string[] = [];
  let inString = false;
  let escaped = false;
  let best: { at: number; closers: string } | undefined;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') stack.push(ch === '{' ? '}' : ']');
    else if (ch === '}' || ch === ']') {
      stack.pop();
      if (stack.at(-1) === ']') best = { at: i + 1, closers: [...stack].reverse().join('') };
    }
  }
  if (!best) return undefined;
  try {
    return JSON.parse(body.slice(0, best.at) + best.closers) as unknown;
  } catch {
    return undefined;
  }
}

export const isRecord = (v: unknown): v is JsonRecord => typeof v === 'object' && v !== null && !Array.isArray(v);

export const records = (v: unknown): JsonRecord[] => (Array.isArray(v) ? v.filter(isRecord) : []);

/** The rows under `key`, or the value itself when the tool answered with a bare list or object. */
export function rowsOf(data: unknown, ...keys: string[]): JsonRecord[] {
  if (Array.isArray(data)) return records(data);
  if (!isRecord(data)) return [];
  for (const key of keys) if (Array.isArray(data[key])) return records(data[key]);
  for (const key of keys) if (isRecord(data[key])) return [data[key]];
  return [];
}

export function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v.trim().replace(/%$/, ''));
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function strings(v: unknown): string[] {
  if (typeof v === 'string') return v.trim() ? [v] : [];
  return Array.isArray(v) ? v.flatMap((x) => (typeof x === 'string' && x.trim() ? [x] : isRecord(x) ? [JSON.stringify(x)] : [])) : [];
}

/** A short human rendering of a number: no trailing noise from floating point. */
export function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

/** "2.6Gi" → 2662, "8046Mi" → 8046, "512Ki" → 0.5. */
export function mebibytes(v: string | undefined): number | undefined {
  const m = /^([\d.]+)\s*(Ki|Mi|Gi|Ti|K|M|G)?i?B?$/i.exec(v ?? '');
  if (!m) return undefined;
  const factor: Record<string, number> = { ki: 1 / 1024, k: 1 / 1024, mi: 1, m: 1, gi: 1024, g: 1024, ti: 1024 * 1024 };
  return Number(m[1]) * (factor[(m[2] ?? 'mi').toLowerCase()] ?? 1);
}

export function clip(s: string, max = 300): string {
  // preview copies the cut (a plain slice would keep a huge tool output alive: see `detached`).
  return preview(s, max);
}

export const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];
