import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Clock } from '../../application/ports/clock.js';
import type { DemoToolResult } from './demo-tool.js';
import { demoTools } from './demo-tools.js';
import type { Scenario } from './scenario.js';

/**
 * An MCP server exposing the demo infrastructure with the names, parameters and response shapes
 * of an AgentCore Gateway over the original four OpenAPI backends (`k8s-api___get_pod_status`, …),
 * plus `x_amz_bedrock_agentcore_search` and `get_current_time`. The caller connects a transport.
 */
export function createDemoToolServer(scenario: Scenario, clock: Clock): McpServer {
  const server = new McpServer({ name: 'sre-demo-infra', version: '1.0.0' });
  const ctx = { scenario, clock };
  for (const tool of demoTools()) {
    // An object schema (not a raw shape) so that a tool without parameters still lists `{type: object}`.
    server.registerTool(tool.name, { description: tool.description, inputSchema: z.object(tool.params) },
      async (args) => toCallToolResult(tool.invoke(ctx, args)));
  }
  return server;
}

function toCallToolResult(result: DemoToolResult): CallToolResult {
  if (!result.ok) return { content: [{ type: 'text', text: result.message }], isError: true };
  return { content: [{ type: 'text', text: JSON.stringify(result.value) }], structuredContent: { ...result.value } };
}
