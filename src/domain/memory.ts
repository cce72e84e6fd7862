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
}

export const EMPTY_MEMORY: MemoryContext = Object.freeze({ preferences: [], infrastructure: [], pastInvestigations: [] });

export type MemoryRecord =
  | { readonly kind: 'preference'; readonly preference: UserPreference }
  | { readonly kind: 'infrastructure'; readonly fact: InfrastructureFact }
  | { readonly kind: 'investigation'; readonly summary: InvestigationSummary };

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
