import type { LlmRequest } from '../../../../src/application/ports/llm.js';
import type { AgentName } from '../../../../src/domain/agents.js';
import { type Finding, parseFindingDraft } from '../../../../src/domain/finding.js';
import type { ToolSpec } from '../../../../src/domain/tools.js';
import type { AnalystContext, Observation } from '../../../../src/adapters/offline/observations.js';
import { parseToolJson } from '../../../../src/adapters/offline/json-reading.js';

/** A tool's answer as the analyst sees it. */
export const observed = (op: string, data: unknown, args: Record<string, unknown> = {}): Observation => {
  const content = typeof data === 'string' ? data : JSON.stringify(data);
  return { tool: `api___${op}`, op, args, ok: true, content, data: parseToolJson(content), truncated: false };
};

export const failed = (op: string, reason: string, args: Record<string, unknown> = {}): Observation =>
  ({ tool: `api___${op}`, op, args, ok: false, content: reason, data: undefined, truncated: false });

export const context = (question: string, findings: readonly Finding[] = []): AnalystContext => ({ question, findings });

/** A finding as the graph would build it from `submit_finding` arguments. */
export function findingFrom(agent: AgentName, args: unknown, stepId = 1): Finding {
  const draft = parseFindingDraft(args);
  if (!draft) throw new Error(`not a finding: ${JSON.stringify(args)}`);
  return { agent, stepId, goal: `goal of ${agent}`, status: 'completed', toolCalls: 5, ...draft };
}

export const spec = (name: string): ToolSpec => ({ name, description: name, inputSchema: { type: 'object', properties: {} } });

export function aRequest(overrides: Partial<LlmRequest> = {}): LlmRequest {
  return { purpose: 'investigate', system: 'You are an SRE.', messages: [{ role: 'user', content: 'Investigate.' }], maxTokens: 2000,
    context: { question: 'Why is the API slow?' }, ...overrides };
}

export const CRASHLOOP_PODS = {
  pods: [
    { name: 'web-app-deployment-5c8d7f9b6d-k2n8p', namespace: 'production', status: 'Running', phase: 'Running', node: 'node-1', restart_count: 0,
      resource_usage: { cpu: '250m', memory: '512Mi', cpu_utilization: '75%', memory_utilization: '85%' } },
    { name: 'database-pod-7b9c4d8f2a-x5m1q', namespace: 'production', status: 'CrashLoopBackOff', phase: 'Failed', node: 'node-2', restart_count: 15,
      resource_usage: { cpu: '0m', memory: '0Mi', cpu_utilization: '0%', memory_utilization: '0%' }, last_state: { reason: 'Error', exit_code: 1 } },
    { name: 'product-catalog-service-6f7a8b9c2d-h4k3m', namespace: 'production', status: 'Running', phase: 'Running', node: 'node-1', restart_count: 0 },
  ],
};

export const CRASHLOOP_DEPLOYMENTS = {
  deployments: [
    { name: 'web-app-deployment', namespace: 'production', replicas: 3, available_replicas: 2, unavailable_replicas: 1, status: 'Degraded' },
    { name: 'database-deployment', namespace: 'production', replicas: 1, available_replicas: 0, unavailable_replicas: 1, status: 'Failed' },
  ],
};

export const CRASHLOOP_EVENTS = {
  events: [
    { type: 'Warning', reason: 'FailedScheduling', object: 'pod/web-app-deployment-5c8d7f9b6d-n7x2z', message: '0/3 nodes are available: 3 Insufficient memory.',
      timestamp: '2024-01-15T14:21:00Z', namespace: 'production', count: 3 },
    { type: 'Warning', reason: 'BackOff', object: 'pod/database-pod-7b9c4d8f2a-x5m1q', message: 'Back-off restarting failed container',
      timestamp: '2024-01-15T14:22:00Z', namespace: 'production', count: 15 },
    { type: 'Warning', reason: 'Failed', object: 'pod/database-pod-7b9c4d8f2a-x5m1q',
      message: "Error: couldn't find key config/database.conf in ConfigMap production/database-config", timestamp: '2024-01-15T14:20:30Z', namespace: 'production', count: 1 },
    { type: 'Normal', reason: 'ScalingReplicaSet', object: 'deployment/web-app-deployment', message: 'Scaled up replica set', timestamp: '2024-01-15T14:00:00Z', namespace: 'production', count: 1 },
  ],
};

export const NODES_WITH_PRESSURE = {
  nodes: [
    { name: 'node-2', status: 'Ready', conditions: [{ type: 'Ready', status: 'True' }] },
    { name: 'node-3', status: 'Ready', conditions: [{ type: 'Ready', status: 'True' }, { type: 'MemoryPressure', status: 'True', message: 'kubelet has insufficient memory available' }] },
  ],
};

export const ERROR_LOGS = {
  errors: [
    { timestamp: '2024-01-15T14:20:05Z', level: 'FATAL', service: 'database-service', message: 'FATAL: could not load configuration: ConfigMap database-config not found' },
    { timestamp: '2024-01-15T14:22:10Z', level: 'ERROR', service: 'web-service', message: 'Database connection timeout after 5000ms' },
    { timestamp: '2024-01-15T14:22:40Z', level: 'ERROR', service: 'web-service', message: 'Connection pool exhausted: no available connections to database' },
    { timestamp: '2024-01-15T14:23:50Z', level: 'CRITICAL', service: 'web-service', message: 'java.lang.OutOfMemoryError: Java heap space' },
  ],
};

export const NOISY_WARNINGS = {
  logs: [
    { timestamp: '2024-01-15T14:21:00Z', level: 'WARN', service: 'product-catalog-service', message: 'Slow query detected: 850ms' },
    { timestamp: '2024-01-15T14:22:00Z', level: 'WARN', service: 'product-catalog-service', message: 'Slow query detected: 900ms' },
    { timestamp: '2024-01-15T14:23:00Z', level: 'INFO', service: 'product-catalog-service', message: 'Served 120 requests' },
  ],
};

const minute = (m: number): string => `2024-01-15T14:2${m}:00Z`;

export const RESPONSE_TIMES = {
  metrics: [
    ...[150, 1200, 2500, 3500, 5000].map((ms, i) => ({ timestamp: minute(i), service: 'web-service', endpoint: '/api/users', response_time_ms: ms,
      percentile_50: ms * 0.8, percentile_95: ms * 1.2, percentile_99: ms * 1.5, sample_count: 100 })),
    ...[20, 22, 25].map((ms, i) => ({ timestamp: minute(i * 2), service: 'product-catalog-service', endpoint: '/api/products', response_time_ms: ms,
      percentile_50: ms, percentile_95: ms + 5, percentile_99: ms + 10, sample_count: 100 })),
  ],
};

export const ERROR_RATES = {
  error_rates: [
    ...[0.5, 5, 25, 50, 75].map((rate, i) => ({ timestamp: minute(i), service: 'web-service', total_requests: 1000, error_count: rate * 10, error_rate: rate })),
    { timestamp: minute(4), service: 'database-service', total_requests: 100, error_count: 100, error_rate: 100, error_types: { 'ConfigMap not found': 80, 'Permission denied': 20 } },
    ...[0.01, 0.01].map((rate, i) => ({ timestamp: minute(i * 4), service: 'product-catalog-service', total_requests: 5000, error_count: 0, error_rate: rate })),
  ],
};

export const AVAILABILITY = {
  availability_metrics: [
    { timestamp: minute(0), service: 'web-service', availability_percentage: 99.99 },
    { timestamp: minute(4), service: 'web-service', availability_percentage: 99.0, status: 'critical' },
    { timestamp: minute(4), service: 'database-service', availability_percentage: 0.0, status: 'critical' },
    { timestamp: minute(4), service: 'product-catalog-service', availability_percentage: 99.99, status: 'healthy' },
  ],
};

export const PLAYBOOKS = {
  runbooks: [
    { id: 'memory-pressure-playbook', title: 'Memory Pressure Response', incident_type: 'performance', severity: 'high', description: 'Nodes under memory pressure',
      steps: ['1. Check node memory: kubectl top nodes', '2. Evict low-priority pods'] },
    { id: 'database-pod-crashloop-incident', title: 'Database Pod CrashLoopBackOff', incident_type: 'availability', severity: 'critical',
      description: 'Database pod crash-looping because its ConfigMap is missing',
      steps: ['1. Confirm: kubectl get pods -n production | grep database', '2. Check the ConfigMap: kubectl get configmap database-config -n production',
        '3. Restore it: kubectl apply -f database-config.yaml', '4. Restart: kubectl rollout restart deployment/database-deployment -n production'] },
  ],
};

export const ESCALATIONS = {
  escalation_procedures: [
    { id: 'critical-incident-escalation', title: 'Critical Incident Escalation', severity: 'critical', trigger_conditions: ['Service down'],
      escalation_chain: [{ level: 1, role: 'on-call', response_time: '5m', actions: ['ack'] }, { level: 2, role: 'team-lead', response_time: '10m', actions: ['coordinate'] }] },
  ],
};
