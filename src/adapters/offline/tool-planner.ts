import type { AgentName } from '../../domain/agents.js';
import { failureModesOf } from './failure-modes.js';
import { rowsOf, text, unique } from './json-reading.js';
import { type AnalystContext, knownComponents, type Observation } from './observations.js';
import { classifySymptoms, stemOf, subjectsOf } from './question.js';
import { rankRunbooks } from './runbook-matching.js';
import { estimateSeverity } from './severity.js';

/** A tool call the analyst wants to make, by operation name (the gateway prefix is added later). */
export interface PlannedCall {
  readonly op: string;
  readonly args: Readonly<Record<string, unknown>>;
}

const call = (op: string, args: Record<string, unknown> = {}): PlannedCall => ({ op, args });

function subjectText(ctx: AnalystContext): { names: string[]; namespace?: string } {
  const s = subjectsOf(`${ctx.question}\n${ctx.step?.goal ?? ''}`);
  const fromQuestion = subjectsOf(ctx.question).namespaces;
  // A namespace filter only when the person named exactly one; otherwise nothing is missed.
  return { names: [...s.names], ...(fromQuestion.length === 1 ? { namespace: fromQuestion[0] } : {}) };
}

/** The first turn: every tool of the specialist that makes sense for the question. */
export function firstCalls(agent: AgentName, ctx: AnalystContext): PlannedCall[] {
  const { names, namespace } = subjectText(ctx);
  const ns = namespace ? { namespace } : {};
  const symptoms = classifySymptoms(ctx.question);
  switch (agent) {
    case 'kubernetes':
      return [call('get_pod_status', ns), call('get_deployment_status', ns), call('get_cluster_events'), call('get_node_status'), call('get_resource_usage')];
    case 'logs': {
      const terms = unique([...knownComponents(ctx.findings).map(stemOf), ...names.map(stemOf)].filter((t) => t.length >= 3)).slice(0, 2);
      if (symptoms.includes('latency')) terms.push('timeout');
      return [
        call('get_error_logs'),
        call('analyze_log_patterns', { time_window: '24h', min_occurrences: 2 }),
        call('count_log_events', { event_type: 'error', group_by: 'service' }),
        call('get_recent_logs', { limit: 100 }),
        ...unique(['error', ...terms]).slice(0, 3).map((pattern) => call('search_logs', { pattern })),
      ];
    }
    case 'metrics': {
      const trends = ['response_time', 'error', ...(symptoms.includes('capacity') ? ['memory', 'cpu'] : [])];
      return [
        call('get_performance_metrics', { metric_type: 'response_time' }),
        call('get_error_rates'),
        call('get_availability_metrics'),
        call('get_resource_metrics'),
        ...(symptoms.some((s) => s === 'latency' || s === 'down') ? [call('get_performance_metrics', { metric_type: 'throughput' })] : []),
        ...trends.map((metric_name) => call('analyze_trends', { metric_name })),
      ];
    }
    case 'runbooks': {
      const modes = failureModesOf(ctx.findings, ctx.question);
      const top = modes[0];
      const component = knownComponents(ctx.findings).map(stemOf).find((s) => s.length >= 3);
      const keywords = unique([...modes.slice(0, 2).map((m) => m.keyword), ...(component ? [component] : [])]);
      return [
        ...(keywords.length > 0 ? keywords.map((keyword) => call('search_runbooks', { keyword })) : [call('search_runbooks', {})]),
        // The guides of the two strongest modes' categories: a DNS outage seen as a crash loop needs both.
        ...(top ? unique(modes.slice(0, 2).map((m) => m.category)).map((category) => call('get_troubleshooting_guide', { category })) : [call('get_troubleshooting_guide')]),
        call('get_escalation_procedures', { severity: estimateSeverity(ctx.findings) === 'low' ? 'medium' : estimateSeverity(ctx.findings) }),
        ...(modes.length > 0 ? unique(modes.slice(0, 2).map((m) => m.issue)) : ['error']).map((issue) => call('get_common_resolutions', { issue })),
      ];
    }
  }
}

/** One follow-up turn, from what the first turn returned; empty when there is nothing to add. */
export function followUpCalls(agent: AgentName, ctx: AnalystContext, observations: readonly Observation[]): PlannedCall[] {
  const ok = (op: string): Observation[] => observations.filter((o) => o.op === op && o.ok);
  switch (agent) {
    case 'kubernetes': {
      const pods = ok('get_pod_status');
      const filtered = pods.find((o) => o.args['namespace'] !== undefined);
      return filtered && rowsOf(filtered.data, 'pods').length === 0 ? [call('get_pod_status'), call('get_deployment_status')] : [];
    }
    case 'logs': {
      const searched = new Set(observations.filter((o) => o.op === 'search_logs').map((o) => stemOf(String(o.args['pattern'] ?? ''))));
      const counts = new Map<string, number>();
      for (const o of [...ok('get_error_logs'), ...ok('search_logs'), ...ok('get_recent_logs')]) {
        for (const row of rowsOf(o.data, 'errors', 'logs')) {
          const service = text(row['service']);
          const level = (text(row['level']) ?? '').toUpperCase();
          if (service && /ERROR|FATAL|CRITICAL/.test(level)) counts.set(service, (counts.get(service) ?? 0) + 1);
        }
      }
      const failing = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([s]) => s).filter((s) => !searched.has(stemOf(s)));
      return failing.slice(0, 2).map((pattern) => call('search_logs', { pattern }));
    }
    case 'metrics':
      return [];
    case 'runbooks': {
      const out: PlannedCall[] = [];
      const modes = failureModesOf(ctx.findings, ctx.question);
      const found = ok('search_runbooks').flatMap((o) => rowsOf(o.data, 'runbooks', 'playbooks'));
      const best = rankRunbooks(found, modes, knownComponents(ctx.findings))[0] ?? found[0];
      const id = best ? text(best['id']) : undefined;
      if (id) out.push(call('get_incident_playbook', { playbook_id: id }));
      else if (modes[0]) out.push(call('search_runbooks', { incident_type: modes[0].incidentType }));
      const esc = observations.filter((o) => o.op === 'get_escalation_procedures');
      if (esc.length > 0 && esc.every((o) => !o.ok || rowsOf(o.data, 'escalation_procedures').length === 0)) out.push(call('get_escalation_procedures'));
      return out;
    }
  }
}
