import type { InfrastructureFact } from './finding.js';

export type PreferenceCategory = 'escalation' | 'notification' | 'workflow' | 'style';

/** A remembered preference of one person, e.g. `{category:'style', values:{communication_style:'executive'}}`. */
export interface UserPreference {
  readonly category: PreferenceCategory;
  readonly text: string;
  readonly values: Readonly<Record<string, unknown>>;
}

export interface InvestigationSummary {
  readonly investigationId: string;
  readonly question: string;
  readonly rootCause: string;
  readonly severity: string;
  readonly evidence: readonly string[];
  readonly actions: readonly string[];
  readonly status: 'completed' | 'ongoing' | 'escalated';
  /** ISO-8601. */
  readonly at: string;
}

/** What memory knows when an investigation starts. */
export interface MemoryContext {
  readonly preferences: readonly UserPreference[];
  readonly infrastructure: readonly InfrastructureFact[];
  readonly pastInvestigations: readonly InvestigationSummary[];
  /** Set when the store could not be reached: the investigation went on without memory and says so. */
  readonly unavailable?: true;
}

export const EMPTY_MEMORY: MemoryContext = Object.freeze({ preferences: [], infrastructure: [], pastInvestigations: [] });

export type MemoryRecord =
  | { readonly kind: 'preference'; readonly preference: UserPreference }
  | { readonly kind: 'infrastructure'; readonly fact: InfrastructureFact }
  | { readonly kind: 'investigation'; readonly summary: InvestigationSummary };

export type MemoryKind = MemoryRecord['kind'];
export const MEMORY_KINDS: readonly MemoryKind[] = ['preference', 'infrastructure', 'investigation'];

/** The three strategies, each switchable with `MEMORY_STRATEGIES`. */
export type MemoryStrategy = 'preferences' | 'infrastructure' | 'investigations';
export const ALL_STRATEGIES: readonly MemoryStrategy[] = ['preferences', 'infrastructure', 'investigations'];
export const STRATEGY_OF: Readonly<Record<MemoryKind, MemoryStrategy>> = { preference: 'preferences', infrastructure: 'infrastructure', investigation: 'investigations' };

/** A record as a store keeps it: where it lives, whose it is, and when it was written. */
export interface StoredMemory {
  /** Stable and derived from the content: the same record stored twice has the same id. */
  readonly id: string;
  readonly actor: string;
  readonly session: string | null;
  readonly namespace: string;
  readonly record: MemoryRecord;
  /** ISO-8601. */
  readonly createdAt: string;
}

/**
 * A namespace path segment: anything outside `[A-Za-z0-9-]` (`_` included) becomes `_<hex code
 * point>_`, so distinct ids never share a segment and `/` or `..` never reaches the path.
 */
export function namespaceSegment(value: string): string {
  return [...value].map((ch) => (/[A-Za-z0-9-]/.test(ch) ? ch : `_${ch.codePointAt(0)!.toString(16)}_`)).join('');
}

/** The original system's namespaces: preferences per person, the rest per person and session. */
export function memoryNamespace(kind: MemoryKind, actor: string, session: string | null): string {
  const a = namespaceSegment(actor);
  if (kind === 'preference') return `/sre/users/${a}/preferences`;
  const s = namespaceSegment(session ?? 'none');
  return kind === 'infrastructure' ? `/sre/infrastructure/${a}/${s}` : `/sre/investigations/${a}/${s}`;
}

export interface ReportStyle {
  readonly audience: 'technical' | 'executive';
  readonly includeTroubleshooting: boolean;
  readonly contacts: readonly string[];
  readonly channels: readonly string[];
}

const strings = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** How the report is written for this person, from their remembered preferences. */
export function reportStyleFrom(preferences: readonly UserPreference[]): ReportStyle {
  let audience: ReportStyle['audience'] = 'technical';
  let includeTroubleshooting = true;
  const contacts: string[] = [];
  const channels: string[] = [];
  for (const p of preferences) {
    const v = p.values;
    if (p.category === 'style') {
      if (v['communication_style'] === 'executive') audience = 'executive';
      if (v['communication_style'] === 'technical') audience = 'technical';
      if (typeof v['include_troubleshooting_steps'] === 'boolean') includeTroubleshooting = v['include_troubleshooting_steps'];
    }
    if (p.category === 'escalation') {
      contacts.push(...strings(v['contact']), ...strings(v['primary_contact']), ...strings(v['secondary_contact']));
    }
    if (p.category === 'notification') channels.push(...strings(v['channel']), ...strings(v['channels']));
  }
  if (audience === 'executive' && !preferences.some((p) => p.category === 'style' && typeof p.values['include_troubleshooting_steps'] === 'boolean')) {
    includeTroubleshooting = false;
  }
  return { audience, includeTroubleshooting, contacts: [...new Set(contacts)], channels: [...new Set(channels)] };
}
