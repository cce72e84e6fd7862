import { z } from 'zod';
import { count, quantity, strings, timestamp } from './schema-primitives.js';

// Rows are loose objects: a scenario may carry fields this code does not know, and the tools
// return them as they are.

const condition = z.looseObject({ type: z.string(), status: z.string(), reason: z.string().optional(), message: z.string().optional() });

export const PodsFile = z.looseObject({
  pods: z.array(z.looseObject({
    name: z.string(),
    namespace: z.string(),
    status: z.string(),
    phase: z.string().optional(),
    node: z.string().nullable().optional(),
    created_at: timestamp.optional(),
    restart_count: count.optional(),
    resource_usage: z.looseObject({
      cpu: quantity.optional(), memory: quantity.optional(), cpu_utilization: quantity.optional(), memory_utilization: quantity.optional(),
    }).optional(),
    labels: z.record(z.string(), z.string()).optional(),
    conditions: z.array(condition).optional(),
    last_state: z.looseObject({ reason: z.string(), exit_code: z.number().int().optional(), finished_at: timestamp.optional() }).optional(),
  })),
});

export const DeploymentsFile = z.looseObject({
  deployments: z.array(z.looseObject({
    name: z.string(),
    namespace: z.string(),
    replicas: count,
    available_replicas: count,
    unavailable_replicas: count,
    status: z.string(),
    image: z.string().optional(),
    revision: z.union([z.number(), z.string()]).optional(),
    updated_at: timestamp.optional(),
    conditions: z.array(condition).optional(),
  })),
});

export const EventsFile = z.looseObject({
  events: z.array(z.looseObject({
    type: z.string(),
    reason: z.string(),
    object: z.string(),
    message: z.string(),
    timestamp,
    namespace: z.string().optional(),
    count: count.optional(),
  })),
});

const quantities = z.record(z.string(), quantity);

export const NodesFile = z.looseObject({
  nodes: z.array(z.looseObject({
    name: z.string(),
    status: z.string(),
    roles: strings.optional(),
    created_at: timestamp.optional(),
    capacity: quantities.optional(),
    allocatable: quantities.optional(),
    usage: quantities.optional(),
    conditions: z.array(condition).optional(),
  })),
});

const usage = z.looseObject({ cpu: quantity.optional(), memory: quantity.optional(), pods: z.unknown().optional() });

export const ResourceUsageFile = z.looseObject({
  resource_usage: z.looseObject({
    timestamp: timestamp.optional(),
    cluster: z.record(z.string(), z.unknown()).optional(),
    namespace_usage: z.record(z.string(), usage).optional(),
    top_consumers: z.array(z.looseObject({ pod: z.string(), namespace: z.string().optional() })).optional(),
  }),
});

export const ServicesFile = z.looseObject({
  services: z.array(z.looseObject({
    name: z.string(),
    namespace: z.string(),
    type: z.string().optional(),
    cluster_ip: z.string().optional(),
    ports: z.array(z.unknown()).optional(),
    endpoints: z.unknown().optional(),
    selector: z.record(z.string(), z.string()).optional(),
  })),
});

export type Pod = z.infer<typeof PodsFile>['pods'][number];
export type Deployment = z.infer<typeof DeploymentsFile>['deployments'][number];
export type ClusterEvent = z.infer<typeof EventsFile>['events'][number];
export type Node = z.infer<typeof NodesFile>['nodes'][number];
export type ResourceUsage = z.infer<typeof ResourceUsageFile>['resource_usage'];
export type Service = z.infer<typeof ServicesFile>['services'][number];
