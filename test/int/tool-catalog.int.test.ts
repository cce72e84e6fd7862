import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadScenario } from '../../src/adapters/demo-infra/scenario-loader.js';
import type { Scenario } from '../../src/adapters/demo-infra/scenario.js';
import { DemoToolHttpServer } from '../../src/adapters/demo-infra/tool-http-server.js';
import { JsonLogger } from '../../src/adapters/shared/logger.js';

/**
 * Every tool of TOOLS.md §1–§2, called over Streamable HTTP with a bearer token on every built-in
 * scenario (discovered when the suite runs), checked against the documented response shape.
 */

const SCENARIOS_DIR = 'scenarios';
const LIBRARY_DIR = join(SCENARIOS_DIR, '_library', 'runbooks');
const TOKEN = 'catalog-test-token';

const scenarioNames = readdirSync(SCENARIOS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== '_library' && !entry.name.startsWith('.'))
  .map((entry) => entry.name)
  .sort();

// Every file of a scenario is optional (TOOLS.md §3): a folder with only scenario.json must serve
// every tool too (with empty lists, and the runbook library).
const emptyScenarioDir = mkdtempSync(join(tmpdir(), 'sre-empty-scenario-'));
writeFileSync(join(emptyScenarioDir, 'scenario.json'), JSON.stringify({ id: 'empty', now: '2024-01-15T14:30:00Z' }));
afterAll(() => rmSync(emptyScenarioDir, { recursive: true, force: true }));

const scenarioDirs: readonly (readonly [string, string])[] = [
  ...scenarioNames.map((name) => [name, join(SCENARIOS_DIR, name)] as const),
  ['(a folder with only scenario.json)', emptyScenarioDir],
];

// Documented shapes (TOOLS.md §2). Rows are loose: a scenario may carry more fields.
const iso = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO-8601 date-time');
const quantity = z.union([z.string(), z.number()]);
const rows = <S extends z.ZodRawShape>(key: string, row: S) => z.looseObject({ [key]: z.array(z.looseObject(row)) });
const countRow = { group: z.string(), count: z.number().int().nonnegative(), percentage: z.number() };

interface ToolCase {
  readonly tool: string;
  readonly args: Record<string, unknown>;
  readonly schema: z.ZodType;
  /** The top-level list, and how many rows it must have at least in a scenario (args that do not filter). */
  readonly list?: { readonly key: string; readonly min: (s: Scenario) => number };
}

const CASES: readonly ToolCase[] = [
  {
    tool: 'k8s-api___get_pod_status', args: {},
    schema: rows('pods', {
      name: z.string(), namespace: z.string(), status: z.string(), phase: z.string().optional(), node: z.string().nullable().optional(),
      restart_count: z.number().int().nonnegative().optional(),
      resource_usage: z.looseObject({ cpu: quantity.optional(), memory: quantity.optional() }).optional(),
    }),
    list: { key: 'pods', min: (s) => s.k8s.pods.length },
  },
  {
    tool: 'k8s-api___get_deployment_status', args: {},
    schema: rows('deployments', {
      name: z.string(), namespace: z.string(), replicas: z.number().int(), available_replicas: z.number().int(),
      unavailable_replicas: z.number().int(), status: z.string(),
    }),
    list: { key: 'deployments', min: (s) => s.k8s.deployments.length },
  },
  {
    tool: 'k8s-api___get_cluster_events', args: {},
    schema: rows('events', { type: z.string(), reason: z.string(), object: z.string(), message: z.string(), timestamp: iso }),
    list: { key: 'events', min: (s) => s.k8s.events.length },
  },
  { tool: 'k8s-api___get_resource_usage', args: {}, schema: z.looseObject({ resource_usage: z.record(z.string(), z.unknown()) }) },
  {
    tool: 'k8s-api___get_node_status', args: {},
    schema: rows('nodes', { name: z.string(), status: z.string() }),
    list: { key: 'nodes', min: (s) => s.k8s.nodes.length },
  },
  {
    tool: 'logs-api___search_logs', args: { pattern: 'error' },
    schema: rows('logs', { timestamp: iso, level: z.string(), service: z.string(), message: z.string() }),
  },
  {
    tool: 'logs-api___get_error_logs', args: {},
    schema: rows('errors', { timestamp: iso, level: z.string(), service: z.string(), message: z.string() }),
    list: { key: 'errors', min: (s) => s.logs.errors.length },
  },
  {
    tool: 'logs-api___analyze_log_patterns', args: { min_occurrences: 1 },
    schema: rows('patterns', { pattern: z.string(), count: z.number().int().nonnegative(), first_seen: iso, last_seen: iso, severity: z.string() }),
    list: { key: 'patterns', min: (s) => s.logs.patterns.length },
  },
  {
    tool: 'logs-api___get_recent_logs', args: { limit: 20 },
    schema: rows('logs', { timestamp: iso, level: z.string(), service: z.string(), message: z.string() }),
    list: { key: 'logs', min: (s) => Math.min(20, s.logs.entries.length) },
  },
  {
    tool: 'logs-api___count_log_events', args: { event_type: 'error' },
    schema: z.looseObject({ total_count: z.number().int().nonnegative(), counts: z.array(z.looseObject(countRow)) }),
  },
  {
    tool: 'metrics-api___get_performance_metrics', args: { metric_type: 'response_time' },
    schema: rows('metrics', { timestamp: iso, service: z.string(), response_time_ms: z.number() }),
    list: { key: 'metrics', min: (s) => s.metrics.responseTimes.length },
  },
  {
    tool: 'metrics-api___get_error_rates', args: {},
    schema: rows('error_rates', { timestamp: iso, service: z.string(), total_requests: z.number(), error_count: z.number(), error_rate: z.number() }),
    list: { key: 'error_rates', min: (s) => s.metrics.errorRates.length },
  },
  {
    tool: 'metrics-api___get_resource_metrics', args: { resource_type: 'cpu' },
    schema: rows('metrics', { timestamp: iso, service: z.string() }),
    list: { key: 'metrics', min: (s) => s.metrics.resources.length },
  },
  {
    tool: 'metrics-api___get_availability_metrics', args: {},
    schema: rows('availability_metrics', { timestamp: iso, service: z.string(), availability_percentage: z.number() }),
    list: { key: 'availability_metrics', min: (s) => s.metrics.availability.length },
  },
  {
    tool: 'metrics-api___analyze_trends', args: { metric_name: 'response' },
    schema: rows('trends', {
      metric: z.string(), service: z.string(), trend: z.string(), average_value: z.number(), standard_deviation: z.number(),
      anomalies: z.array(z.looseObject({ timestamp: iso, value: z.number(), deviation_percentage: z.number() })),
    }),
  },
  {
    tool: 'runbooks-api___search_runbooks', args: {},
    schema: rows('runbooks', { id: z.string(), title: z.string(), incident_type: z.string(), severity: z.string(), steps: z.array(z.string()) }),
    list: { key: 'runbooks', min: (s) => s.runbooks.playbooks.length },
  },
  {
    // playbook_id is filled in from search_runbooks' first result.
    tool: 'runbooks-api___get_incident_playbook', args: {},
    schema: z.looseObject({ id: z.string(), title: z.string(), description: z.string(), steps: z.array(z.string()) }),
  },
  {
    tool: 'runbooks-api___get_troubleshooting_guide', args: {},
    schema: rows('guides', { id: z.string(), title: z.string(), category: z.string(), steps: z.array(z.string()) }),
    list: { key: 'guides', min: (s) => s.runbooks.guides.length },
  },
  {
    tool: 'runbooks-api___get_escalation_procedures', args: {},
    schema: rows('escalation_procedures', { id: z.string(), title: z.string() }),
    list: { key: 'escalation_procedures', min: (s) => s.runbooks.escalationProcedures.length },
  },
  {
    tool: 'runbooks-api___get_common_resolutions', args: { issue: 'pod' },
    schema: rows('resolutions', {
      id: z.string(), issue: z.string(), symptoms: z.array(z.string()),
      quick_fixes: z.array(z.looseObject({ action: z.string(), command: z.string(), duration: z.string(), effectiveness: z.string() })),
    }),
  },
  {
    tool: 'x_amz_bedrock_agentcore_search', args: { query: 'pod crash' },
    schema: z.looseObject({ tools: z.array(z.looseObject({ name: z.string() })).min(1) }),
  },
  { tool: 'get_current_time', args: {}, schema: z.looseObject({ current_time: iso }) },
];

it('covers exactly the 22 tools of the catalog', () => {
  expect(new Set(CASES.map((c) => c.tool)).size).toBe(22);
});

it('finds at least one built-in scenario', () => {
  expect(scenarioNames.length).toBeGreaterThan(0);
});

describe.each(scenarioDirs)('scenario %s over Streamable HTTP', (_name, dir) => {
  let scenario: Scenario;
  let server: DemoToolHttpServer;
  let client: Client;

  beforeAll(async () => {
    scenario = await loadScenario(dir, LIBRARY_DIR);
    const now = new Date(scenario.meta.now);
    server = new DemoToolHttpServer({
      scenario, clock: { now: () => now }, token: TOKEN, host: '127.0.0.1', port: 0,
      logger: new JsonLogger({ level: 'error', write: () => {} }),
    });
    const port = await server.listen();
    client = new Client({ name: 'tool-catalog-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
    }));
  });

  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  it('lists exactly the catalog', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(CASES.map((c) => c.tool).sort());
    for (const tool of tools) expect(tool.inputSchema.type).toBe('object');
  });

  it.each(CASES.map((c) => [c.tool, c] as const))('%s answers its documented shape', async (_tool, c) => {
    const args = { ...c.args };
    if (c.tool === 'runbooks-api___get_incident_playbook') {
      const search = await client.callTool({ name: 'runbooks-api___search_runbooks', arguments: {} });
      const first = (search.structuredContent as { runbooks?: { id: string }[] } | undefined)?.runbooks?.[0];
      expect(first, 'search_runbooks gives a playbook id to look up').toBeDefined();
      args['playbook_id'] = first?.id;
    }

    const result = await client.callTool({ name: c.tool, arguments: args });
    const [content] = result.content as { type: string; text: string }[];
    expect(result.isError, content?.text).toBeFalsy();
    expect(content?.type).toBe('text');
    expect(JSON.parse(content?.text ?? 'null')).toEqual(result.structuredContent);

    const parsed = c.schema.safeParse(result.structuredContent);
    expect(parsed.success, parsed.success ? '' : z.prettifyError(parsed.error)).toBe(true);

    if (c.list) {
      const list = (result.structuredContent as Record<string, unknown[]>)[c.list.key] ?? [];
      expect(list.length).toBeGreaterThanOrEqual(c.list.min(scenario));
    }
    if (c.tool === 'get_current_time') {
      expect(Date.parse((result.structuredContent as { current_time: string }).current_time)).toBe(Date.parse(scenario.meta.now));
    }
    if (c.tool === 'x_amz_bedrock_agentcore_search') {
      const names = (result.structuredContent as { tools: { name: string }[] }).tools.map((t) => t.name);
      expect(names.every((n) => CASES.some((k) => k.tool === n))).toBe(true);
    }
  });
});
