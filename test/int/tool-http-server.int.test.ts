import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/adapters/demo-infra/scenario-loader.js';
import type { Scenario } from '../../src/adapters/demo-infra/scenario.js';
import { DemoToolHttpServer } from '../../src/adapters/demo-infra/tool-http-server.js';
import { JsonLogger } from '../../src/adapters/shared/logger.js';
import type { Clock } from '../../src/application/ports/clock.js';

const TOKEN = 'test-token-4f9d2c7e1b';
const clock: Clock = { now: () => new Date('2024-01-15T14:30:00Z') };

const TARGETS: Record<string, readonly string[]> = {
  'k8s-api': ['get_pod_status', 'get_deployment_status', 'get_cluster_events', 'get_resource_usage', 'get_node_status'],
  'logs-api': ['search_logs', 'get_error_logs', 'analyze_log_patterns', 'get_recent_logs', 'count_log_events'],
  'metrics-api': ['get_performance_metrics', 'get_error_rates', 'get_resource_metrics', 'get_availability_metrics', 'analyze_trends'],
  'runbooks-api': ['search_runbooks', 'get_incident_playbook', 'get_troubleshooting_guide', 'get_escalation_procedures', 'get_common_resolutions'],
};
const CATALOG = [
  ...Object.entries(TARGETS).flatMap(([target, ops]) => ops.map((op) => `${target}___${op}`)),
  'x_amz_bedrock_agentcore_search',
  'get_current_time',
].sort();

let scenario: Scenario;
let server: DemoToolHttpServer;
let port: number;
const logLines: string[] = [];

const mcpUrl = () => `http://127.0.0.1:${port}/mcp`;

async function connect(headers: Record<string, string> = { Authorization: `Bearer ${TOKEN}` }): Promise<Client> {
  const client = new Client({ name: 'tool-http-server-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl()), { requestInit: { headers } }));
  return client;
}

async function withClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = await connect();
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

const rpc = (id: number, method: string, params: Record<string, unknown> = {}) => JSON.stringify({ jsonrpc: '2.0', id, method, params });
const MCP_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'Mcp-Protocol-Version': '2025-06-18' };

beforeAll(async () => {
  scenario = await loadScenario('scenarios/database-configmap-crashloop', 'scenarios/_library/runbooks');
  server = new DemoToolHttpServer({
    scenario, clock, token: TOKEN, host: '127.0.0.1', port: 0, maxBodyBytes: 64 * 1024,
    logger: new JsonLogger({ level: 'debug', write: (line) => logLines.push(line) }),
  });
  port = await server.listen();
});

afterAll(async () => {
  await server.close();
});

describe('DemoToolHttpServer over Streamable HTTP', () => {
  it('lists exactly the 22 tools of the catalog to an SDK client with the bearer token', async () => {
    const names = await withClient(async (client) => (await client.listTools()).tools.map((t) => t.name));
    expect(names).toHaveLength(22);
    expect([...names].sort()).toEqual(CATALOG);
  });

  it('answers a tool call with JSON text and the same structured content', async () => {
    const result = await withClient((client) => client.callTool({ name: 'k8s-api___get_pod_status', arguments: { namespace: 'production' } }));
    expect(result.isError).toBeFalsy();
    const [content] = result.content as { type: string; text: string }[];
    expect(content?.type).toBe('text');
    expect(JSON.parse(content?.text ?? '')).toEqual(result.structuredContent);
    expect((result.structuredContent as { pods: unknown[] }).pods.length).toBeGreaterThan(0);
  });

  it('refuses an SDK client without the token', async () => {
    await expect(connect({})).rejects.toThrow();
  });

  it.each([
    ['no Authorization header', {}],
    ['a wrong token', { Authorization: `Bearer ${TOKEN}x` }],
    ['a token prefix', { Authorization: `Bearer ${TOKEN.slice(0, 5)}` }],
    ['another scheme', { Authorization: `Basic ${TOKEN}` }],
    ['an empty bearer', { Authorization: 'Bearer ' }],
  ])('answers 401 JSON with WWW-Authenticate to %s', async (_label, auth) => {
    const res = await fetch(mcpUrl(), { method: 'POST', headers: { ...MCP_HEADERS, ...auth }, body: rpc(1, 'tools/list') });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized', message: expect.any(String) } });
  });

  it('asks for the token on GET and DELETE /mcp too', async () => {
    expect((await fetch(mcpUrl(), { method: 'GET', headers: { Accept: 'text/event-stream' } })).status).toBe(401);
    expect((await fetch(mcpUrl(), { method: 'DELETE' })).status).toBe(401);
  });

  it('answers GET and DELETE /mcp with 405, as a stateless server has no stream or session', async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const get = await fetch(mcpUrl(), { method: 'GET', headers: { ...auth, Accept: 'text/event-stream' } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    await get.body?.cancel();
    const del = await fetch(mcpUrl(), { method: 'DELETE', headers: { ...auth, 'Mcp-Session-Id': 'abc' } });
    expect(del.status).toBe(405);
    await del.body?.cancel();
  });

  it('accepts an arbitrary Mcp-Session-Id, without initialize, on a raw request', async () => {
    const res = await fetch(mcpUrl(), {
      method: 'POST',
      headers: { ...MCP_HEADERS, Authorization: `Bearer ${TOKEN}`, 'Mcp-Session-Id': 'some-session-the-server-never-issued' },
      body: rpc(7, 'tools/call', { name: 'get_current_time', arguments: {} }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await res.json()) as { id: number; result: { structuredContent: Record<string, unknown> } };
    expect(body.id).toBe(7);
    expect(JSON.stringify(body.result.structuredContent)).toContain('2024-01-15T14:30:00');
  });

  it('accepts an arbitrary Mcp-Session-Id from an SDK client', async () => {
    const client = await connect({ Authorization: `Bearer ${TOKEN}`, 'Mcp-Session-Id': 'client-chosen-session-42' });
    try {
      expect((await client.listTools()).tools).toHaveLength(22);
      const result = await client.callTool({ name: 'get_current_time', arguments: {} });
      expect(result.isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });

  it('reports a failing tool as an isError result and keeps serving', async () => {
    await withClient(async (client) => {
      const failed = await client.callTool({ name: 'runbooks-api___get_incident_playbook', arguments: { playbook_id: 'no-such-playbook' } });
      expect(failed.isError).toBe(true);
      const [content] = failed.content as { text: string }[];
      expect(content?.text).toMatch(/Playbook not found/);
      expect(content?.text).not.toContain('\n');
      const next = await client.callTool({ name: 'k8s-api___get_pod_status', arguments: {} });
      expect(next.isError).toBeFalsy();
    });
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
  });

  it('reports invalid arguments as an isError result', async () => {
    await withClient(async (client) => {
      const missing = await client.callTool({ name: 'logs-api___search_logs', arguments: {} });
      expect(missing.isError).toBe(true);
      expect((missing.content as { text: string }[])[0]?.text).toMatch(/pattern/);
      const wrongType = await client.callTool({ name: 'logs-api___get_recent_logs', arguments: { limit: 'many' } });
      expect(wrongType.isError).toBe(true);
    });
  });

  it('reports an unknown tool as an error, not a crash', async () => {
    await withClient(async (client) => {
      const outcome = await client.callTool({ name: 'no-such-api___nothing', arguments: {} }).then(
        (result) => ({ isError: result.isError === true }),
        () => ({ isError: true }),
      );
      expect(outcome.isError).toBe(true);
      expect((await client.listTools()).tools).toHaveLength(22);
    });
  });

  it('answers invalid JSON with a JSON-RPC parse error', async () => {
    const res = await fetch(mcpUrl(), { method: 'POST', headers: { ...MCP_HEADERS, Authorization: `Bearer ${TOKEN}` }, body: '{"jsonrpc": "2.0", "id": 1,' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32700 }, id: null });
  });

  it('answers a body over the limit with 413 JSON, and keeps serving', async () => {
    const huge = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'logs-api___search_logs', arguments: { pattern: 'x'.repeat(100 * 1024) } } });
    const res = await fetch(mcpUrl(), { method: 'POST', headers: { ...MCP_HEADERS, Authorization: `Bearer ${TOKEN}` }, body: huge });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(await withClient(async (client) => (await client.listTools()).tools.length)).toBe(22);
  });

  it('answers a streamed (chunked) body over the limit with 413', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(16 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await fetch(mcpUrl(), {
      method: 'POST', headers: { ...MCP_HEADERS, Authorization: `Bearer ${TOKEN}` }, body, duplex: 'half',
    } as RequestInit & { duplex: 'half' });
    expect(res.status).toBe(413);
    await res.body?.cancel();
  });

  it('answers GET /health without a token', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'healthy' });
  });

  it('answers unknown routes with 404 JSON', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/nope`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('logs one JSON line per request with the tool name and status, never the token', async () => {
    await withClient((client) => client.callTool({ name: 'metrics-api___get_error_rates', arguments: {} }));
    await fetch(mcpUrl(), { method: 'POST', headers: { ...MCP_HEADERS, Authorization: 'Bearer wrong' }, body: rpc(1, 'tools/list') });
    await new Promise((r) => setTimeout(r, 50));
    const entries = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toContainEqual(expect.objectContaining({
      method: 'POST', path: '/mcp', rpc_method: 'tools/call', tool: 'metrics-api___get_error_rates', status: 200, duration_ms: expect.any(Number),
    }));
    expect(entries).toContainEqual(expect.objectContaining({ method: 'POST', path: '/mcp', status: 401 }));
    expect(logLines.join('\n')).not.toContain(TOKEN);
    expect(logLines.join('\n')).not.toContain('Bearer');
  });

  it('refuses an empty token at construction', () => {
    expect(() => new DemoToolHttpServer({ scenario, clock, token: '', host: '127.0.0.1', port: 0, logger: new JsonLogger({ level: 'error', write: () => {} }) }))
      .toThrow(/token/);
  });
});

describe('DemoToolHttpServer.close', () => {
  it('stops listening and drops open keep-alive connections', async () => {
    const own = new DemoToolHttpServer({ scenario, clock, token: TOKEN, host: '127.0.0.1', port: 0, logger: new JsonLogger({ level: 'error', write: () => {} }) });
    const ownPort = await own.listen();
    const client = new Client({ name: 'close-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${ownPort}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }));
    expect((await client.listTools()).tools).toHaveLength(22);
    await own.close();
    await expect(fetch(`http://127.0.0.1:${ownPort}/health`)).rejects.toThrow();
    await expect(client.listTools()).rejects.toThrow();
    await client.close();
    await own.close(); // idempotent
  });

  it('rejects listen() on a port in use', async () => {
    const other = new DemoToolHttpServer({ scenario, clock, token: TOKEN, host: '127.0.0.1', port, logger: new JsonLogger({ level: 'error', write: () => {} }) });
    await expect(other.listen()).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
