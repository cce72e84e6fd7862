import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { demoTools } from '../../src/adapters/demo-infra/demo-tools.js';
import { loadScenario } from '../../src/adapters/demo-infra/scenario-loader.js';
import type { Scenario } from '../../src/adapters/demo-infra/scenario.js';
import { toolOperation } from '../../src/domain/agents.js';
import { type McpTestServer, startMcpTestServer } from './mcp-test-server.js';

/**
 * The demo infrastructure's tools (same names, `k8s-api___get_pod_status` …, same schemas) behind
 * a Streamable HTTP MCP server whose tool calls misbehave on request. `tools/list` always works;
 * each `tools/call` asks `fault(op)` what to do.
 */
export type ToolFault =
  | { readonly kind: 'none' }
  /** An `isError` result with this message. */
  | { readonly kind: 'error'; readonly message: string }
  /** Never answers; gives up only when the client cancels the request (or the server stops). */
  | { readonly kind: 'hang' }
  /** A successful result of `bytes` bytes of JSON (a pod list far beyond any budget). */
  | { readonly kind: 'huge'; readonly bytes: number }
  /** A successful result that is not JSON at all. */
  | { readonly kind: 'text'; readonly text: string };

export interface FaultyToolServer {
  readonly mcp: McpTestServer;
  /** Operation names (`get_pod_status`) of every `tools/call` received, in order. */
  readonly called: string[];
  /** Tool calls that were hung and are still waiting for their client to cancel. */
  readonly hanging: () => number;
  fault: (op: string) => ToolFault;
  close(): Promise<void>;
}

const NONE: ToolFault = { kind: 'none' };
const clock = { now: () => new Date('2024-01-15T14:30:00Z') };

export async function startFaultyToolServer(): Promise<FaultyToolServer> {
  const scenario = await loadScenario('scenarios/database-configmap-crashloop', 'scenarios/_library/runbooks');
  let hanging = 0;
  const state: FaultyToolServer = {
    mcp: undefined as unknown as McpTestServer,
    called: [],
    hanging: () => hanging,
    fault: () => NONE,
    close: () => state.mcp.close(),
  };
  const answer = async (name: string, args: unknown, signal: AbortSignal, s: Scenario): Promise<CallToolResult> => {
    const op = toolOperation(name);
    state.called.push(op);
    const fault = state.fault(op);
    switch (fault.kind) {
      case 'error': return { content: [{ type: 'text', text: fault.message }], isError: true };
      case 'text': return { content: [{ type: 'text', text: fault.text }] };
      case 'huge': return { content: [{ type: 'text', text: hugePodList(fault.bytes) }] };
      case 'hang':
        hanging += 1;
        await new Promise<void>((resolve) => {
          if (signal.aborted) return resolve();
          signal.addEventListener('abort', () => resolve(), { once: true });
        });
        hanging -= 1;
        return { content: [{ type: 'text', text: 'cancelled' }], isError: true };
      case 'none': {
        const tool = demoTools().find((t) => t.name === name);
        const result = tool?.invoke({ scenario: s, clock }, args) ?? { ok: false as const, message: `unknown tool ${name}` };
        return result.ok ? { content: [{ type: 'text', text: JSON.stringify(result.value) }] } : { content: [{ type: 'text', text: result.message }], isError: true };
      }
    }
  };
  const makeServer = (): McpServer => {
    const server = new McpServer({ name: 'faulty-demo-infra', version: '1.0.0' });
    for (const tool of demoTools()) {
      server.registerTool(tool.name, { description: tool.description, inputSchema: z.object(tool.params) },
        (args, extra) => answer(tool.name, args, extra.signal, scenario));
    }
    return server;
  };
  Object.assign(state, { mcp: await startMcpTestServer({ makeServer }) });
  return state;
}

const built = new Map<number, string>();

/** `{"pods":[…]}` of about `bytes` bytes: valid JSON, as a cluster with a huge namespace would answer. Built once per size. */
export function hugePodList(bytes: number): string {
  const cached = built.get(bytes);
  if (cached) return cached;
  const pod = (i: number) => JSON.stringify({ name: `batch-worker-${i}`, namespace: 'production', status: 'Running', restart_count: 0, node: 'node-1', ready: true });
  const one = pod(100_000).length + 1;
  const rows = Array.from({ length: Math.ceil(bytes / one) }, (_, i) => pod(100_000 + i));
  const text = `{"pods":[${rows.join(',')}]}`;
  built.set(bytes, text);
  return text;
}
