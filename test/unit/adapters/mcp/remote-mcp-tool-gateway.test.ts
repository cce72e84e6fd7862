import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ClientCredentialsTokenProvider } from '../../../../src/adapters/mcp/client-credentials-token-provider.js';
import { FileTokenProvider } from '../../../../src/adapters/mcp/file-token-provider.js';
import { McpToolGateway, type RemoteMcpToolGatewayOptions } from '../../../../src/adapters/mcp/mcp-tool-gateway.js';
import { StaticTokenProvider, type TokenProvider } from '../../../../src/adapters/mcp/token-provider.js';
import { startMcpTestServer, startTokenEndpoint, type McpTestServer, type McpTestServerOptions } from '../../../support/mcp-test-server.js';

const live = () => new AbortController().signal;
const TOKEN = 'gateway-token';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** `echo` answers at once; `slow` answers only when the client gives up on it. */
function echoServer(): McpServer {
  const server = new McpServer({ name: 'echo', version: '1.0.0' });
  server.registerTool('echo', { description: 'echo', inputSchema: { word: z.string() } }, async ({ word }) => ({ content: [{ type: 'text', text: word }] }));
  server.registerTool('slow', { description: 'hangs' }, async (extra) => {
    await new Promise((resolve) => { extra.signal.addEventListener('abort', resolve); setTimeout(resolve, 10_000).unref(); });
    return { content: [{ type: 'text', text: 'late' }] };
  });
  return server;
}

async function serve(options: Partial<McpTestServerOptions> = {}): Promise<McpTestServer> {
  const server = await startMcpTestServer({ makeServer: echoServer, acceptToken: (t) => t === TOKEN, ...options });
  cleanups.push(() => server.close());
  return server;
}

function gateway(server: McpTestServer, options: Partial<RemoteMcpToolGatewayOptions> & { tokens?: TokenProvider } = {}): McpToolGateway {
  const made = McpToolGateway.remote({
    url: server.url, tokens: new StaticTokenProvider(TOKEN), retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 50 },
    listTimeoutMs: 3_000, callTimeoutMs: 3_000, ...options,
  });
  cleanups.push(() => made.close());
  return made;
}

const posts = (server: McpTestServer, status?: string) => server.requests.filter((r) => r.method === 'POST' && (status === undefined || r.status === status));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('McpToolGateway.remote: tokens', () => {
  it('sends the bearer token on every request', async () => {
    const server = await serve();
    const tools = gateway(server);
    await expect(tools.call('echo', { word: 'hi' }, live())).resolves.toEqual({ kind: 'ok', text: 'hi' });
    expect(server.requests.length).toBeGreaterThanOrEqual(3);
    expect(server.requests.every((r) => r.token === TOKEN)).toBe(true);
  });

  it('reports a refused static token as ToolGatewayUnavailable', async () => {
    const server = await serve();
    const tools = gateway(server, { tokens: new StaticTokenProvider('wrong-token') });
    await expect(tools.list(live())).rejects.toMatchObject({ name: 'ToolGatewayUnavailable', message: expect.stringContaining('401') });
    expect(posts(server, 'rejected')).toHaveLength(2);
  });

  it('reads a token file again after it changes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mcp-token-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'token');
    let current = 'file-token-one';
    await writeFile(path, `${current}\n`);
    const server = await serve({ acceptToken: (t) => t === current });
    const tools = gateway(server, { tokens: new FileTokenProvider(path) });
    await expect(tools.call('echo', { word: 'one' }, live())).resolves.toMatchObject({ kind: 'ok' });
    current = 'file-token-two-rotated';
    await writeFile(path, current);
    await expect(tools.call('echo', { word: 'two' }, live())).resolves.toMatchObject({ kind: 'ok' });
    expect(posts(server, 'rejected')).toHaveLength(0);
    expect(posts(server).at(-1)?.token).toBe('file-token-two-rotated');
  });

  it('refreshes a client-credentials token before it expires', async () => {
    const endpoint = await startTokenEndpoint({ clientId: 'agent', clientSecret: 'secret', expiresInS: 2 });
    cleanups.push(() => endpoint.close());
    // Only the newest unexpired token is accepted.
    const server = await serve({ acceptToken: (t) => endpoint.isValid(t) && t === endpoint.issued.at(-1) });
    const tokens = new ClientCredentialsTokenProvider({ tokenUrl: endpoint.url, clientId: 'agent', clientSecret: 'secret', refreshSkewMs: 1_500 });
    const tools = gateway(server, { tokens });
    await expect(tools.call('echo', { word: 'a' }, live())).resolves.toMatchObject({ kind: 'ok' });
    await sleep(600);
    await expect(tools.call('echo', { word: 'b' }, live())).resolves.toMatchObject({ kind: 'ok' });
    expect(endpoint.issued).toHaveLength(2);
    expect(posts(server, 'rejected')).toHaveLength(0);
    expect(posts(server).at(-1)?.token).toBe(endpoint.issued[1]);
  });

  it('on a 401 fetches a fresh token and retries once', async () => {
    const endpoint = await startTokenEndpoint({ clientId: 'agent', clientSecret: 'secret', expiresInS: 3600 });
    cleanups.push(() => endpoint.close());
    const revoked = new Set<string | undefined>();
    const server = await serve({ acceptToken: (t) => endpoint.isValid(t) && !revoked.has(t) });
    const tools = gateway(server, { tokens: new ClientCredentialsTokenProvider({ tokenUrl: endpoint.url, clientId: 'agent', clientSecret: 'secret' }) });
    await expect(tools.call('echo', { word: 'a' }, live())).resolves.toMatchObject({ kind: 'ok' });
    revoked.add(endpoint.issued[0]);
    await expect(tools.call('echo', { word: 'b' }, live())).resolves.toEqual({ kind: 'ok', text: 'b' });
    expect(endpoint.issued).toHaveLength(2);
    expect(posts(server, 'rejected')).toHaveLength(1);
  });
});

describe('McpToolGateway.remote: retries', () => {
  it('retries 429 with backoff and succeeds', async () => {
    const server = await serve();
    const tools = gateway(server);
    await tools.list(live());
    server.failNext(429, 2, { 'retry-after': '0' });
    await expect(tools.call('echo', { word: 'x' }, live())).resolves.toEqual({ kind: 'ok', text: 'x' });
    expect(posts(server, 'failed')).toHaveLength(2);
  });

  it('honours Retry-After', async () => {
    const server = await serve();
    const tools = gateway(server, { retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 5_000 } });
    await tools.list(live());
    server.failNext(503, 1, { 'retry-after': '1' });
    const started = Date.now();
    await expect(tools.call('echo', { word: 'x' }, live())).resolves.toMatchObject({ kind: 'ok' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('reports 503 beyond the retry budget as ToolGatewayUnavailable', async () => {
    const server = await serve();
    const tools = gateway(server);
    await tools.list(live());
    server.failNext(503, 10);
    await expect(tools.call('echo', { word: 'x' }, live())).rejects.toMatchObject({ name: 'ToolGatewayUnavailable', message: expect.stringContaining('503') });
    expect(posts(server, 'failed')).toHaveLength(3);
  });
});

describe('McpToolGateway.remote: listing', () => {
  it('follows pagination over HTTP', async () => {
    const pages: Record<string, { names: string[]; next?: string }> = { first: { names: ['a___x', 'a___y'], next: 'p2' }, p2: { names: ['b___z'] } };
    const makeServer = () => {
      const server = new Server({ name: 'paged', version: '1.0.0' }, { capabilities: { tools: {} } });
      server.setRequestHandler(ListToolsRequestSchema, async (request) => {
        const page = pages[request.params?.cursor ?? 'first'] ?? { names: [] };
        return { tools: page.names.map((name) => ({ name, inputSchema: { type: 'object' as const } })), ...(page.next ? { nextCursor: page.next } : {}) };
      });
      server.setRequestHandler(CallToolRequestSchema, async () => ({ content: [] }));
      return server;
    };
    const server = await serve({ makeServer, jsonResponse: true });
    const tools = await gateway(server).list(live());
    expect(tools.map((t) => t.name)).toEqual(['a___x', 'a___y', 'b___z']);
    expect(posts(server).filter((r) => r.rpcMethod === 'tools/list')).toHaveLength(2);
  });

  it('reuses a listing within its TTL and lists again after it', async () => {
    const server = await serve();
    const tools = gateway(server, { listTtlMs: 300 });
    const lists = () => posts(server).filter((r) => r.rpcMethod === 'tools/list').length;
    await Promise.all([tools.list(live()), tools.list(live())]);
    await tools.list(live());
    expect(lists()).toBe(1);
    await sleep(350);
    await tools.list(live());
    expect(lists()).toBe(2);
  });

  it('does not cache a failed listing', async () => {
    const server = await serve();
    const tools = gateway(server, { listTtlMs: 60_000, retry: { retries: 0 } });
    await tools.call('echo', { word: 'connect' }, live());
    server.failNext(503, 1);
    await expect(tools.list(live())).rejects.toMatchObject({ name: 'ToolGatewayUnavailable' });
    await expect(tools.list(live())).resolves.toHaveLength(2);
  });
});

describe('McpToolGateway.remote: availability', () => {
  it('does nothing at construction, fails when used while down, and works once the gateway is back', async () => {
    const server = await serve();
    await server.stop();
    const tools = gateway(server, { retry: { retries: 1, baseDelayMs: 5 } });
    expect(server.requests).toHaveLength(0);
    await expect(tools.list(live())).rejects.toMatchObject({ name: 'ToolGatewayUnavailable', cause: expect.any(Error) });
    await server.start();
    await expect(tools.list(live())).resolves.toHaveLength(2);
  });

  it('reconnects after the gateway restarts and forgets its session', async () => {
    const server = await serve();
    const tools = gateway(server);
    await expect(tools.call('echo', { word: 'before' }, live())).resolves.toMatchObject({ kind: 'ok' });
    await server.stop();
    await server.start();
    await expect(tools.call('echo', { word: 'after' }, live())).resolves.toEqual({ kind: 'ok', text: 'after' });
  });

  it('gives up on a hanging tool at the deadline', async () => {
    const server = await serve();
    const tools = gateway(server, { callTimeoutMs: 200 });
    const started = Date.now();
    await expect(tools.call('slow', {}, live())).rejects.toMatchObject({ name: 'ToolGatewayUnavailable', message: expect.stringContaining('timed out') });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('gives up on a gateway that never answers at the deadline', async () => {
    const server = await serve();
    server.hangNext(1);
    const tools = gateway(server, { listTimeoutMs: 200 });
    const started = Date.now();
    await expect(tools.list(live())).rejects.toMatchObject({ name: 'ToolGatewayUnavailable', message: expect.stringContaining('timed out') });
    expect(Date.now() - started).toBeLessThan(1_000);
    // The abandoned handshake ends at its own deadline; the next list connects again.
    await sleep(100);
    await expect(tools.list(live())).resolves.toHaveLength(2);
  });

  it('rejects with OperationCancelled soon after the caller aborts', async () => {
    const server = await serve();
    const tools = gateway(server);
    await tools.list(live());
    const controller = new AbortController();
    const pending = tools.call('slow', {}, controller.signal);
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    await expect(pending).rejects.toMatchObject({ name: 'OperationCancelled' });
    expect(Date.now() - started).toBeLessThan(500);
  });
});
