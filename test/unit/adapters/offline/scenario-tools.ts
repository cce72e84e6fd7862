import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ToolFailure } from './conversation.js';

type Row = Record<string, unknown>;
type Handler = (args: Readonly<Record<string, unknown>>) => unknown;

/**
 * Answers the demo tools from a scenario folder's files, in the shapes TOOLS.md gives, with the
 * filters the analyst uses. A small stand-in for the demo tool server: no adapter is imported.
 */
export function scenarioAnswers(dir: string): Record<string, Handler> {
  // Runbooks belong to the organisation: a scenario without them is served the shared library.
  const library = join(dir, '..', '_library');
  const base = (path: string): string => (path.startsWith('runbooks/') && !existsSync(join(dir, 'runbooks')) ? library : dir);
  const read = (path: string): unknown => (existsSync(join(base(path), path)) ? JSON.parse(readFileSync(join(base(path), path), 'utf8')) : undefined);
  const list = (path: string, key: string): Row[] => {
    const data = read(path);
    if (Array.isArray(data)) return data as Row[];
    const rows = (data as Row | undefined)?.[key];
    return Array.isArray(rows) ? (rows as Row[]) : [];
  };
  const has = (v: unknown, text: unknown): boolean => typeof text !== 'string' || JSON.stringify(v).toLowerCase().includes(text.toLowerCase());
  const eq = (row: Row, key: string, value: unknown): boolean => value === undefined || row[key] === value;
  const logPath = join(dir, 'logs/application.log');
  const lines = existsSync(logPath) ? readFileSync(logPath, 'utf8').split('\n').filter((l) => l.trim()) : [];
  const parse = (line: string): Row => {
    const m = /^(\S+)\s+\[(\w+)\]\s+(\S+)\s+(.*)$/.exec(line);
    return m ? { timestamp: m[1], level: m[2], service: m[3], message: m[4] } : { message: line };
  };
  const playbooks = list('runbooks/playbooks.json', 'playbooks');

  return {
    get_pod_status: (a) => ({ pods: list('k8s/pods.json', 'pods').filter((p) => eq(p, 'namespace', a['namespace']) && eq(p, 'name', a['pod_name'])) }),
    get_deployment_status: (a) => ({ deployments: list('k8s/deployments.json', 'deployments').filter((d) => eq(d, 'namespace', a['namespace'])) }),
    get_cluster_events: (a) => ({ events: list('k8s/events.json', 'events').filter((e) => eq(e, 'type', a['severity'])) }),
    get_node_status: () => ({ nodes: list('k8s/nodes.json', 'nodes') }),
    get_resource_usage: () => read('k8s/resource_usage.json') ?? { resource_usage: {} },
    get_error_logs: (a) => ({ errors: list('logs/errors.json', 'errors').filter((e) => eq(e, 'service', a['service'])) }),
    analyze_log_patterns: (a) => ({ patterns: list('logs/patterns.json', 'patterns').filter((p) => Number(p['count']) >= Number(a['min_occurrences'] ?? 5)) }),
    search_logs: (a) => ({ logs: lines.filter((l) => l.toLowerCase().includes(String(a['pattern']).toLowerCase())).slice(0, 100).map(parse) }),
    get_recent_logs: (a) => ({ logs: lines.slice(-Number(a['limit'] ?? 100)).reverse().map(parse) }),
    count_log_events: (a) => {
      const counts = read('logs/counts.json') as Row | undefined;
      const errors = String(a['event_type']).toLowerCase() === 'error';
      const part = (counts?.[errors ? 'error_counts' : 'all_counts'] ?? {}) as Row;
      return { total_count: part['total_count'] ?? 0, counts: a['group_by'] === 'service' ? part['by_service'] ?? [] : part['by_level'] ?? [] };
    },
    get_performance_metrics: (a) => ({ metrics: a['metric_type'] === 'throughput' ? list('metrics/throughput.json', 'metrics')
      : a['metric_type'] === 'response_time' ? list('metrics/response_times.json', 'metrics') : list('metrics/resources.json', 'metrics') }),
    get_error_rates: (a) => ({ error_rates: list('metrics/error_rates.json', 'error_rates').filter((r) => eq(r, 'service', a['service'])) }),
    get_resource_metrics: () => ({ metrics: list('metrics/resources.json', 'metrics') }),
    get_availability_metrics: () => ({ availability_metrics: list('metrics/availability.json', 'availability_metrics') }),
    analyze_trends: (a) => ({ trends: list('metrics/trends.json', 'trends').filter((t) => has(t['metric'], String(a['metric_name']).split('_')[0])) }),
    search_runbooks: (a) => ({ runbooks: playbooks.filter((p) => eq(p, 'incident_type', a['incident_type']) && eq(p, 'severity', a['severity'])
      && has([p['title'], p['description'], p['steps']], a['keyword'])) }),
    get_incident_playbook: (a) => {
      const found = playbooks.find((p) => p['id'] === a['playbook_id']);
      if (!found) throw new ToolFailure('Playbook not found');
      return found;
    },
    get_troubleshooting_guide: (a) => ({ guides: list('runbooks/troubleshooting_guides.json', 'guides').filter((g) => eq(g, 'category', a['category'])) }),
    get_escalation_procedures: (a) => ({ escalation_procedures: list('runbooks/escalation_procedures.json', 'escalation_procedures').filter((e) => eq(e, 'severity', a['severity'])) }),
    get_common_resolutions: (a) => ({ resolutions: list('runbooks/common_resolutions.json', 'resolutions').filter((r) => has([r['issue'], r['id'], r['symptoms']], a['issue'])) }),
  };
}
