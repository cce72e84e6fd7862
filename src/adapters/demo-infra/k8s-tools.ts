import { dateTime, defineTool, type DemoTool, ok, oneOf, sameWord, text } from './demo-tool.js';
import { timeFilter } from './time-filters.js';

const t = (op: string): string => `k8s-api___${op}`;

const getPodStatus = defineTool({
  name: t('get_pod_status'),
  description:
    'Kubernetes pod status: kubectl status (Running, Pending, CrashLoopBackOff, OOMKilled, ImagePullBackOff, Evicted …), phase, node, ' +
    'creation time, restart count, last termination state (reason, exit code), conditions, labels and CPU/memory usage. ' +
    'Use it to find crashing, restarting, pending or unready pods.',
  params: {
    namespace: text('Only pods of this namespace (exact name, e.g. production).'),
    pod_name: text('Only the pod with this exact name.'),
  },
  run: ({ scenario }, { namespace, pod_name }) => ok({
    pods: scenario.k8s.pods.filter((p) => (namespace === undefined || p.namespace === namespace) && (pod_name === undefined || p.name === pod_name)),
  }),
});

const getDeploymentStatus = defineTool({
  name: t('get_deployment_status'),
  description:
    'Kubernetes deployment status: desired, available and unavailable replicas, health (Healthy, Degraded, Failed, Progressing), ' +
    'image, revision, last update and rollout conditions such as ProgressDeadlineExceeded. Use it to spot failed rollouts and missing replicas.',
  params: {
    namespace: text('Only deployments of this namespace (exact name).'),
    deployment_name: text('Only the deployment with this exact name.'),
  },
  run: ({ scenario }, { namespace, deployment_name }) => ok({
    deployments: scenario.k8s.deployments.filter(
      (d) => (namespace === undefined || d.namespace === namespace) && (deployment_name === undefined || d.name === deployment_name)),
  }),
});

const getClusterEvents = defineTool({
  name: t('get_cluster_events'),
  description:
    'Kubernetes cluster events (kubectl get events): type, reason (FailedMount, BackOff, Unhealthy, FailedScheduling, OOMKilling …), ' +
    'involved object, message, time, namespace and repeat count. Use it to learn why pods fail to start, mount volumes or schedule.',
  params: {
    since: dateTime('Only events at or after this time.'),
    severity: oneOf(['Warning', 'Error', 'Normal'], 'Only events of this type.'),
  },
  run: ({ scenario, clock }, { since, severity }) => {
    const inTime = timeFilter({ start: since, now: clock.now() });
    return ok({ events: scenario.k8s.events.filter((e) => inTime(e.timestamp) && (severity === undefined || sameWord(severity, e.type))) });
  },
});

const getResourceUsage = defineTool({
  name: t('get_resource_usage'),
  description:
    'Cluster resource usage: CPU, memory and pod counts for the whole cluster, per namespace, and the top consuming pods. ' +
    'Without a namespace the whole picture is returned; with a namespace its usage; with a namespace and resource_type one figure.',
  params: {
    namespace: text('Only this namespace (exact name).'),
    resource_type: oneOf(['cpu', 'memory', 'pods'], 'With a namespace: only this resource.'),
  },
  run: ({ scenario }, { namespace, resource_type }) => {
    const usage = scenario.k8s.resourceUsage;
    if (namespace === undefined) return ok({ resource_usage: usage ?? {} });
    const ofNamespace: Readonly<Record<string, unknown>> = usage?.namespace_usage?.[namespace] ?? {};
    if (resource_type === undefined) return ok({ resource_usage: { namespace, usage: ofNamespace } });
    const value = ofNamespace[resource_type];
    return ok({ resource_usage: value === undefined ? {} : { [resource_type]: value } });
  },
});

const getNodeStatus = defineTool({
  name: t('get_node_status'),
  description:
    'Kubernetes node status: Ready or NotReady, roles, capacity, allocatable and used CPU/memory/pods, and node conditions ' +
    '(MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable).',
  params: {
    node_name: text('Only the node with this exact name.'),
  },
  run: ({ scenario }, { node_name }) => ok({ nodes: scenario.k8s.nodes.filter((n) => node_name === undefined || n.name === node_name) }),
});

export const K8S_TOOLS: readonly DemoTool[] = [getPodStatus, getDeploymentStatus, getClusterEvents, getResourceUsage, getNodeStatus];
