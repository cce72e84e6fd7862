/** The four specialists and the tools each may use (selected by the suffix after `___`). */
export const AGENT_NAMES = ['kubernetes', 'logs', 'metrics', 'runbooks'] as const;
export type AgentName = (typeof AGENT_NAMES)[number];

export const AGENT_DISPLAY_NAMES: Readonly<Record<AgentName, string>> = {
  kubernetes: 'Kubernetes Infrastructure Agent',
  logs: 'Application Logs Agent',
  metrics: 'Performance Metrics Agent',
  runbooks: 'Operational Runbooks Agent',
};

export const AGENT_TOOLS: Readonly<Record<AgentName, readonly string[]>> = {
  kubernetes: ['get_pod_status', 'get_deployment_status', 'get_cluster_events', 'get_resource_usage', 'get_node_status'],
  logs: ['search_logs', 'get_error_logs', 'analyze_log_patterns', 'get_recent_logs', 'count_log_events'],
  metrics: ['get_performance_metrics', 'get_error_rates', 'get_resource_metrics', 'get_availability_metrics', 'analyze_trends'],
  runbooks: ['search_runbooks', 'get_incident_playbook', 'get_troubleshooting_guide', 'get_escalation_procedures', 'get_common_resolutions'],
};

/** Tools every specialist may use besides its own. */
export const SHARED_TOOLS: readonly string[] = ['get_current_time'];

/** The operation name of a gateway tool: `k8s-api___get_pod_status` → `get_pod_status`. */
export function toolOperation(toolName: string): string {
  const at = toolName.lastIndexOf('___');
  return at === -1 ? toolName : toolName.slice(at + 3);
}

export function isAgentName(value: unknown): value is AgentName {
  return typeof value === 'string' && (AGENT_NAMES as readonly string[]).includes(value);
}

/** Accepts the original's spellings too: `kubernetes_agent`, `Kubernetes Agent`, `k8s`. */
export function parseAgentName(value: unknown): AgentName | undefined {
  if (typeof value !== 'string') return undefined;
  const key = value.trim().toLowerCase().replace(/[\s-]+/g, '_').replace(/_agent$/, '');
  if (isAgentName(key)) return key;
  const aliases: Record<string, AgentName> = {
    k8s: 'kubernetes', kubernetes_infrastructure: 'kubernetes', log: 'logs', application_logs: 'logs',
    metric: 'metrics', performance_metrics: 'metrics', runbook: 'runbooks', operational_runbooks: 'runbooks',
  };
  return aliases[key];
}

/** Whether a gateway tool belongs to an agent's toolset. */
export function agentMayUse(agent: AgentName, toolName: string): boolean {
  const op = toolOperation(toolName);
  return AGENT_TOOLS[agent].includes(op) || SHARED_TOOLS.includes(op);
}
