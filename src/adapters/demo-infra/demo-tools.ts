import { z } from 'zod';
import { defineTool, type DemoContext, type DemoTool, type DemoToolResult, fail, inputSchemaOf, ok } from './demo-tool.js';
import { K8S_TOOLS } from './k8s-tools.js';
import { LOGS_TOOLS } from './logs-tools.js';
import { METRICS_TOOLS } from './metrics-tools.js';
import { RUNBOOKS_TOOLS } from './runbooks-tools.js';
import { rankTools } from './tool-ranking.js';

const SEARCH_LIMIT = 10;

const getCurrentTime = defineTool({
  name: 'get_current_time',
  description: 'The current date and time in ISO-8601 UTC (the incident scenario\'s clock in demo mode). Use it to turn "the last hour" into timestamps.',
  params: {},
  run: ({ clock }) => ok({ current_time: clock.now().toISOString() }),
});

function searchTool(tools: readonly DemoTool[]): DemoTool {
  // The catalogue is fixed once the server starts, so the schemas are converted once.
  const catalogue = tools.map((tool) => ({ name: tool.name, description: tool.description, inputSchema: inputSchemaOf(tool) }));
  return defineTool({
    name: 'x_amz_bedrock_agentcore_search',
    description:
      'Find the tools relevant to a task described in natural language (e.g. "pods restarting", "slow responses", "runbook for database outage"). ' +
      'Returns up to 10 tools with their description, input schema and relevance score, best first.',
    params: {
      query: z.string().min(1).describe('What you want to do or find out, in plain words.'),
    },
    run: (_ctx, { query }) => ok({ tools: rankTools(catalogue, query, SEARCH_LIMIT) }),
  });
}

/** The 22 tools of the demo server: the 20 operations of the four APIs, the clock, and tool search. */
export function demoTools(): readonly DemoTool[] {
  const operations = [...K8S_TOOLS, ...LOGS_TOOLS, ...METRICS_TOOLS, ...RUNBOOKS_TOOLS, getCurrentTime];
  return [...operations, searchTool(operations)];
}

let catalogue: readonly DemoTool[] | undefined;

/** Runs one tool by its MCP name, without a server: what the server does for each `tools/call`. */
export function callDemoTool(ctx: DemoContext, name: string, args: unknown): DemoToolResult {
  catalogue ??= demoTools();
  const tool = catalogue.find((t) => t.name === name);
  return tool ? tool.invoke(ctx, args) : fail(`Unknown tool: ${name}`);
}
