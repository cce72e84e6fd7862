import { createHash } from 'node:crypto';
import type { MemoryContext, MemoryKind, MemoryRecord, StoredMemory } from '../../domain/memory.js';
import { memoryNamespace } from '../../domain/memory.js';
import { parseMemoryRecord } from './memory-record-schema.js';
import { relevance, terms } from './text-relevance.js';

/** How much one recall brings back: the original's top-k per kind. */
export const RECALL_LIMITS = { preferences: 50, infrastructure: 50, investigations: 5, candidates: 200 } as const;

/** A record flattened for a table: every backend stores these columns. */
export interface MemoryRow {
  readonly id: string;
  readonly actor: string;
  readonly session: string | null;
  readonly kind: MemoryKind;
  readonly namespace: string;
  /** What full-text search indexes. */
  readonly text: string;
  /** The record as canonical JSON. */
  readonly body: string;
  readonly createdAt: string;
}

/** JSON with object keys sorted, so equal records give equal text whatever built them. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v);
}

/** The words a record is found by. */
export function searchText(record: MemoryRecord): string {
  switch (record.kind) {
    case 'preference': return `${record.preference.category} ${record.preference.text}`;
    case 'infrastructure': return `${record.fact.service} ${record.fact.kind} ${record.fact.detail}`;
    case 'investigation': return `${record.summary.question} ${record.summary.rootCause} ${record.summary.evidence.join(' ')}`;
  }
}

/** Preferences belong to the person; the other kinds also to the session that established them. */
export function toRow(actor: string, session: string, record: MemoryRecord, createdAt: string): MemoryRow {
  const scope = record.kind === 'preference' ? null : session;
  const namespace = memoryNamespace(record.kind, actor, scope);
  const body = canonicalJson(record);
  const id = createHash('sha256').update(`${actor}\n${namespace}\n${body}`).digest('hex').slice(0, 32);
  return { id, actor, session: scope, kind: record.kind, namespace, text: searchText(record), body, createdAt };
}

/** A stored row back as a record; undefined when its body is not a valid record (it is skipped, never trusted). */
export function fromRow(row: Pick<MemoryRow, 'id' | 'actor' | 'session' | 'namespace' | 'body' | 'createdAt'>): StoredMemory | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(row.body);
  } catch {
    return undefined;
  }
  const record = parseMemoryRecord(raw);
  return record ? { id: row.id, actor: row.actor, session: row.session, namespace: row.namespace, record, createdAt: row.createdAt } : undefined;
}

/** The query's search terms, letters and digits only: safe to splice into an FTS query as prefixes. */
export function matchTerms(query: string): string[] {
  return [...new Set(terms(query).flatMap((t) => t.split(/[^a-z0-9]+/)).filter((t) => t.length > 1))].slice(0, 32);
}

/**
 * The memory context from candidate records, given oldest first: every preference (the latest
 * win when they disagree), and the facts and past investigations that share words with the
 * question, most relevant first, newer first among equals. Backends narrow candidates with their
 * own full-text search; this final ranking is the same for all of them.
 */
export function recallFrom(query: string, stored: readonly StoredMemory[], limits: typeof RECALL_LIMITS = RECALL_LIMITS): MemoryContext {
  const seen = new Set<string>();
  const unique = stored.filter((s) => {
    const key = canonicalJson(s.record);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const rank = <T>(items: { value: T; text: string; order: number }[], max: number): T[] =>
    items
      .map((x) => ({ ...x, score: relevance(query, x.text) }))
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score || b.order - a.order)
      .slice(0, max)
      .map((x) => x.value);
  const preferences = unique.flatMap((s) => (s.record.kind === 'preference' ? [s.record.preference] : [])).slice(-limits.preferences);
  const infrastructure = rank(unique.flatMap((s, order) => (s.record.kind === 'infrastructure' ? [{ value: s.record.fact, text: searchText(s.record), order }] : [])), limits.infrastructure);
  const pastInvestigations = rank(unique.flatMap((s, order) => (s.record.kind === 'investigation' ? [{ value: s.record.summary, text: searchText(s.record), order }] : [])), limits.investigations);
  return { preferences, infrastructure, pastInvestigations };
}
