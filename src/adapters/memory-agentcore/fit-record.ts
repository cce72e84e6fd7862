import type { InvestigationSummary, MemoryRecord, UserPreference } from '../../domain/memory.js';
import { canonicalJson } from '../shared/memory-rows.js';

/** AgentCore's limit on a memory record's `content.text`. */
export const MAX_CONTENT_CHARS = 16_000;

const MARK = '…';

/** `text` cut to at most `max` UTF-16 units, on a code point boundary, ending in `…` when cut. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max - MARK.length) break;
    out += ch;
  }
  return out + MARK;
}

/**
 * The record, shortened until its canonical JSON fits in `max` characters (UTF-16 units, which
 * never undercount the service's characters). It stays a whole, valid record: strings are cut, list
 * items and preference values dropped, least important first (evidence and actions, then the
 * question and root cause), so what is read back is still structured and still says what it was.
 */
export function fitRecord(record: MemoryRecord, max = MAX_CONTENT_CHARS): MemoryRecord {
  const fits = (r: MemoryRecord) => canonicalJson(r).length <= max;
  if (fits(record)) return record;
  switch (record.kind) {
    case 'investigation': return { kind: 'investigation', summary: fitInvestigation(record.summary, (s) => fits({ kind: 'investigation', summary: s })) };
    case 'preference': return { kind: 'preference', preference: fitPreference(record.preference, (p) => fits({ kind: 'preference', preference: p })) };
    case 'infrastructure': {
      let fact = record.fact;
      for (let cap = 2_000; !fits({ kind: 'infrastructure', fact }) && cap >= 16; cap >>= 1) fact = { ...fact, detail: cut(fact.detail, cap), service: cut(fact.service, cap) };
      return { kind: 'infrastructure', fact };
    }
  }
}

function fitInvestigation(summary: InvestigationSummary, fits: (s: InvestigationSummary) => boolean): InvestigationSummary {
  let s = summary;
  // Every item shortened before any is dropped: a clipped excerpt from each source says more than
  // a few whole ones.
  for (let cap = 4_000; !fits(s) && cap >= 32; cap >>= 1) s = { ...s, evidence: s.evidence.map((e) => cut(e, cap)), actions: s.actions.map((a) => cut(a, cap)) };
  while (!fits(s) && s.evidence.length + s.actions.length > 0) {
    s = s.evidence.length >= s.actions.length ? { ...s, evidence: s.evidence.slice(0, -1) } : { ...s, actions: s.actions.slice(0, -1) };
  }
  for (let cap = 8_000; !fits(s) && cap >= 16; cap >>= 1) s = { ...s, question: cut(s.question, cap), rootCause: cut(s.rootCause, cap) };
  for (let cap = 256; !fits(s) && cap >= 8; cap >>= 1) s = { ...s, investigationId: cut(s.investigationId, cap), severity: cut(s.severity, Math.min(cap, 32)) };
  return s;
}

function fitPreference(preference: UserPreference, fits: (p: UserPreference) => boolean): UserPreference {
  // The text first to its schema limit, then values (the structured part reports use), then the text again.
  let p = { ...preference, text: cut(preference.text, 2_000) };
  const keys = Object.keys(p.values).sort();
  while (!fits(p) && keys.length > 0) {
    keys.pop();
    p = { ...p, values: Object.fromEntries(keys.map((k) => [k, preference.values[k]])) };
  }
  for (let cap = 1_000; !fits(p) && cap >= 16; cap >>= 1) p = { ...p, text: cut(p.text, cap) };
  return p;
}
