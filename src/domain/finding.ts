import type { AgentName } from './agents.js';
import type { Usage } from './usage.js';

/** A fact a claim rests on: which tool said it, and the words it said. */
export interface Evidence {
  /** The tool's operation name, e.g. `get_pod_status`. */
  readonly tool: string;
  readonly excerpt: string;
}

export interface SuspectedCause {
  readonly description: string;
  /** The thing at fault, e.g. a pod, deployment, ConfigMap or service name. */
  readonly component?: string;
  /** 0 … 1. */
  readonly confidence: number;
  readonly evidence: readonly Evidence[];
}

/** Something a specialist established about the infrastructure, worth remembering. */
export interface InfrastructureFact {
  readonly service: string;
  readonly kind: 'dependency' | 'baseline' | 'config' | 'pattern';
  readonly detail: string;
}

export type FindingStatus = 'completed' | 'failed' | 'timed_out' | 'cancelled';

export interface Finding {
  readonly agent: AgentName;
  readonly stepId: number;
  readonly goal: string;
  readonly status: FindingStatus;
  readonly summary: string;
  readonly evidence: readonly Evidence[];
  readonly causes: readonly SuspectedCause[];
  /** What could not be checked and why: failed or missing tools are said, never hidden. */
  readonly unchecked: readonly string[];
  readonly facts: readonly InfrastructureFact[];
  readonly toolCalls: number;
  /** What this specialist consumed: per-agent accounting. */
  readonly usage?: Usage;
}

const FACT_KINDS = new Set(['dependency', 'baseline', 'config', 'pattern']);

const str = (v: unknown, max: number): string | undefined =>
  typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : undefined;

function parseEvidence(raw: unknown): Evidence[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((e) => {
    if (typeof e !== 'object' || e === null) return [];
    const r = e as Record<string, unknown>;
    const tool = str(r['tool'], 200);
    const excerpt = str(r['excerpt'], 2000);
    return tool && excerpt ? [{ tool, excerpt }] : [];
  });
}

function clamp01(v: unknown, fallback: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  if (!Number.isFinite(n)) return fallback;
  return Math.min(1, Math.max(0, n > 1 && n <= 100 ? n / 100 : n));
}

/** The model's `submit_finding` input, validated by hand (the core takes no schema library). */
export interface FindingDraft {
  readonly summary: string;
  readonly evidence: readonly Evidence[];
  readonly causes: readonly SuspectedCause[];
  readonly unchecked: readonly string[];
  readonly facts: readonly InfrastructureFact[];
}

export function parseFindingDraft(raw: unknown): FindingDraft | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const summary = str(r['summary'], 4000);
  if (!summary) return undefined;
  const causes: SuspectedCause[] = Array.isArray(r['causes'])
    ? r['causes'].flatMap((c) => {
        if (typeof c !== 'object' || c === null) return [];
        const cr = c as Record<string, unknown>;
        const description = str(cr['description'], 1000);
        if (!description) return [];
        const component = str(cr['component'], 300);
        return [{ description, ...(component ? { component } : {}), confidence: clamp01(cr['confidence'], 0.5), evidence: parseEvidence(cr['evidence']) }];
      })
    : [];
  const unchecked = Array.isArray(r['unchecked']) ? r['unchecked'].flatMap((u) => (str(u, 500) ? [str(u, 500)!] : [])) : [];
  const facts: InfrastructureFact[] = Array.isArray(r['facts'])
    ? r['facts'].flatMap((f) => {
        if (typeof f !== 'object' || f === null) return [];
        const fr = f as Record<string, unknown>;
        const service = str(fr['service'], 200);
        const detail = str(fr['detail'], 1000);
        const kind = fr['kind'];
        return service && detail && typeof kind === 'string' && FACT_KINDS.has(kind)
          ? [{ service, kind: kind as InfrastructureFact['kind'], detail }]
          : [];
      })
    : [];
  return { summary, evidence: parseEvidence(r['evidence']), causes, unchecked, facts };
}

/** JSON Schema of the `submit_finding` tool a specialist calls to end its loop. */
export const FINDING_TOOL_NAME = 'submit_finding';
const evidenceSchema = {
  type: 'array',
  items: { type: 'object', properties: { tool: { type: 'string' }, excerpt: { type: 'string' } }, required: ['tool', 'excerpt'] },
};
export const FINDING_TOOL_SCHEMA: Readonly<Record<string, unknown>> = {
  type: 'object',
  properties: {
    summary: { type: 'string', description: 'What you found, in two to five sentences, naming tools as sources.' },
    evidence: { ...evidenceSchema, description: 'Verbatim excerpts of tool output that support the summary.' },
    causes: {
      type: 'array',
      description: 'Suspected causes, most likely first. Omit symptoms and healthy components.',
      items: {
        type: 'object',
        properties: {
          description: { type: 'string' },
          component: { type: 'string' },
          confidence: { type: 'number', minimum: 0, maximum: 1 },
          evidence: evidenceSchema,
        },
        required: ['description', 'confidence'],
      },
    },
    unchecked: { type: 'array', items: { type: 'string' }, description: 'What you could not check and why.' },
    facts: {
      type: 'array',
      description: 'Durable facts about the infrastructure (dependencies, baselines).',
      items: {
        type: 'object',
        properties: { service: { type: 'string' }, kind: { enum: ['dependency', 'baseline', 'config', 'pattern'] }, detail: { type: 'string' } },
        required: ['service', 'kind', 'detail'],
      },
    },
  },
  required: ['summary'],
};
