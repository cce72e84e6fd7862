import { rankCauses } from './causes.js';
import type { Finding } from './finding.js';
import type { SessionTurn } from './session.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low';
const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/** The judgement part of a report, written by the model through the `submit_report` tool. */
export interface ReportSummary {
  readonly rootCause: string;
  readonly impact: string;
  readonly severity: Severity;
  readonly nextSteps: { readonly now: readonly string[]; readonly today: readonly string[]; readonly thisWeek: readonly string[] };
  readonly escalation: string;
}

const text = (v: unknown, max = 4000): string | undefined => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : undefined);
const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.flatMap((x) => (text(x, 1000) ? [text(x, 1000)!] : [])).slice(0, 10) : text(v) ? [text(v)!] : [];

export function parseReportSummary(raw: unknown): ReportSummary | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const rootCause = text(r['root_cause'] ?? r['rootCause']);
  if (!rootCause) return undefined;
  const sev = typeof r['severity'] === 'string' ? r['severity'].toLowerCase() : '';
  const steps = (typeof r['next_steps'] === 'object' && r['next_steps'] !== null ? r['next_steps'] : r['nextSteps'] ?? {}) as Record<string, unknown>;
  return {
    rootCause,
    impact: text(r['impact']) ?? 'Not assessed.',
    severity: (SEVERITIES as readonly string[]).includes(sev) ? (sev as Severity) : 'medium',
    nextSteps: { now: list(steps['now']), today: list(steps['today']), thisWeek: list(steps['this_week'] ?? steps['thisWeek']) },
    escalation: text(r['escalation']) ?? 'Follow the standard escalation procedure for this severity.',
  };
}

/** A follow-up's summary when the model gives none: what the earlier investigation concluded. */
export function summaryFromTurn(turn: SessionTurn): ReportSummary {
  const sev = (SEVERITIES as readonly string[]).includes(turn.severity ?? '') ? (turn.severity as Severity) : 'medium';
  return {
    rootCause: turn.answer,
    impact: `As established by investigation ${turn.investigationId}.`,
    severity: sev,
    nextSteps: turn.nextSteps ?? { now: ['Re-run the investigation to get concrete steps.'], today: [], thisWeek: [] },
    escalation: turn.escalation ?? 'As in the earlier report.',
  };
}

/** Used when the model gives no usable summary: the best-ranked cause, stated plainly. */
export function fallbackSummary(findings: readonly Finding[]): ReportSummary {
  const [top] = rankCauses(findings);
  const failed = findings.filter((f) => f.status !== 'completed').map((f) => f.agent);
  return {
    rootCause: top ? top.description : 'No root cause could be established from the available evidence.',
    impact: 'See the findings below.',
    severity: top && top.confidence >= 0.8 ? 'high' : 'medium',
    nextSteps: {
      now: top ? [`Verify and address: ${top.description}`] : ['Review the findings below and widen the investigation.'],
      today: failed.length > 0 ? [`Re-run the checks that did not complete (${failed.join(', ')}).`] : [],
      thisWeek: ['Write a post-incident review.'],
    },
    escalation: 'Follow the standard escalation procedure for this severity.',
  };
}

export const REPORT_TOOL_NAME = 'submit_report';
const stepList = { type: 'array', items: { type: 'string' } };
export const REPORT_TOOL_SCHEMA: Readonly<Record<string, unknown>> = {
  type: 'object',
  properties: {
    root_cause: { type: 'string', description: 'The root cause, naming the failing component; not a symptom.' },
    impact: { type: 'string', description: 'Who and what is affected, with numbers from the findings.' },
    severity: { enum: SEVERITIES },
    next_steps: {
      type: 'object',
      properties: { now: stepList, today: stepList, this_week: stepList },
      required: ['now'],
    },
    escalation: { type: 'string', description: 'Whom to involve and when, honouring the user\'s contacts.' },
  },
  required: ['root_cause', 'impact', 'severity', 'next_steps'],
};
