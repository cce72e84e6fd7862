import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { McpToolGateway } from '../../../../src/adapters/mcp/mcp-tool-gateway.js';

const live = () => new AbortController().signal;
const OPTIONS = { listTimeoutMs: 2_000, callTimeoutMs: 2_000 };
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function connect(server: McpServer | Server): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(clientSide);
  cleanups.push(async () => {
    await client.close();
    await server.close();
  });
  return client;
}

/** A tool that answers only when the test lets it, to stand for a hung backend. */
function hangingServer(): { server: McpServer; release: () => void } {
  let release = () => {};
  const gate = new Promise<void>((resolve) => { release = resolve; });
  const server = new McpServer({ name: 'hanging', version: '1.0.0' });
  server.registerTool('slow', { description: 'never answers in time' }, async () => {
    await gate;
    return { content: [{ type: 'text', text: 'late' }] };
  });
  cleanups.push(async () => release());
  return { server, release };
}

/** A low-level server answering tools/list in pages, as a large gateway does. */
function pagedServer(pages: Record<string, { names: string[]; next?: string }>): { server: Server; requests: (string | undefined)[] } {
  const requests: (string | undefined)[] = [];
  const server = new Server({ name: 'paged', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async (request) => {
    const cursor = request.params?.cursor;
    requests.push(cursor);
    const page = pages[cursor ?? 'first'] ?? { names: [] };
    return {
      tools: page.names.map((name) => ({ name, description: `tool ${name}`, inputSchema: { type: 'object' as const, properties: {} } })),
      ...(page.next === undefined ? {} : { nextCursor: page.next }),
    };
  });
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    if (request.params.name === 'bad-args') throw new McpError(ErrorCode.InvalidParams, 'Invalid arguments: limit must be a number');
    if (request.params.name === 'crash') throw new McpError(ErrorCode.InternalError, 'gateway exploded');
    if (request.params.name === 'mixed') {
      return { content: [{ type: 'text', text: 'first' }, { type: 'image', data: 'AAAA', mimeType: 'image/png' }, { type: 'text', text: 'second' }] };
    }
    return { content: [{ type: 'text', text: 'line one\nline two' }], isError: true };
  });
  return { server, requests };
}

describe('McpToolGateway', () => {
  it('follows nextCursor across pages and maps each tool to a spec', async () => {
    const { server, requests } = pagedServer({ first: { names: ['a', 'b'], next: 'p2' }, p2: { names: ['c'], next: 'p3' }, p3: { names: ['d'] } });
    const gateway = new McpToolGateway(await connect(server), OPTIONS);
    const tools = await gateway.list(live());
    expect(tools.map((t) => t.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(tools[0]).toEqual({ name: 'a', description: 'tool a', inputSchema: { type: 'object', properties: {} } });
    expect(requests).toEqual([undefined, 'p2', 'p3']);
  });

  it('stops paging when the gateway repeats a cursor', async () => {
    const { server, requests } = pagedServer({ first: { names: ['a'], next: 'p2' }, p2: { names: ['b'], next: 'p2' } });
    const gateway = new McpToolGateway(await connect(server), OPTIONS);
    expect((await gateway.list(live())).map((t) => t.name)).toEqual(['a', 'b']);
    expect(requests).toEqual([undefined, 'p2']);
  });

  it('joins text contents and says when other content was left out', async () => {
    const gateway = new McpToolGateway(await connect(pagedServer({}).server), OPTIONS);
    await expect(gateway.call('mixed', {}, live())).resolves.toEqual({ kind: 'ok', text: 'first\n[image content omitted]\nsecond' });
  });

  it('reports an isError result as a one-line tool_error', async () => {
    const gateway = new McpToolGateway(await connect(pagedServer({}).server), OPTIONS);
    await expect(gateway.call('fails', {}, live())).resolves.toEqual({ kind: 'tool_error', message: 'line one; line two' });
  });

  it('reports an InvalidParams protocol error as tool_error', async () => {
    const gateway = new McpToolGateway(await connect(pagedServer({}).server), OPTIONS);
    await expect(gateway.call('bad-args', {}, live())).resolves.toMatchObject({ kind: 'tool_error', message: expect.stringContaining('limit must be a number') });
  });

  it('reports a gateway internal error as ToolGatewayUnavailable', async () => {
    const gateway = new McpToolGateway(await connect(pagedServer({}).server), OPTIONS);
    await expect(gateway.call('crash', {}, live())).rejects.toMatchObject({ name: 'ToolGatewayUnavailable', cause: expect.any(McpError) });
  });

  it('throws ToolGatewayUnavailable with the cause when the client is closed', async () => {
    const client = await connect(pagedServer({}).server);
    await client.close();
    const gateway = new McpToolGateway(client, OPTIONS);
    await expect(gateway.call('fails', {}, live())).rejects.toMatchObject({ name: 'ToolGatewayUnavailable', cause: expect.any(Error) });
    await expect(gateway.list(live())).rejects.toMatchObject({ name: 'ToolGatewayUnavailable' });
  });

  it('throws ToolGatewayUnavailable when the server goes away during a call', async () => {
    const { server } = hangingServer();
    const gateway = new McpToolGateway(await connect(server), OPTIONS);
    const pending = gateway.call('slow', {}, live());
    await new Promise((resolve) => setTimeout(resolve, 20));
    await server.close();
    await expect(pending).rejects.toMatchObject({ name: 'ToolGatewayUnavailable', message: expect.stringContaining('Connection closed') });
  });

  it('gives up on a hanging call at the deadline', async () => {
    const { server } = hangingServer();
    const gateway = new McpToolGateway(await connect(server), { listTimeoutMs: 2_000, callTimeoutMs: 50 });
    const started = Date.now();
    await expect(gateway.call('slow', {}, live())).rejects.toMatchObject({
      name: 'ToolGatewayUnavailable', message: expect.stringContaining('timed out'), cause: expect.objectContaining({ code: ErrorCode.RequestTimeout }),
    });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('rejects with OperationCancelled when the caller aborts during a call', async () => {
    const { server } = hangingServer();
    const gateway = new McpToolGateway(await connect(server), OPTIONS);
    const controller = new AbortController();
    const pending = gateway.call('slow', {}, controller.signal);
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'OperationCancelled' });
  });

  it('passes the arguments through to the tool', async () => {
    const server = new McpServer({ name: 'echo', version: '1.0.0' });
    server.registerTool('echo', { description: 'echo', inputSchema: { word: z.string() } }, async ({ word }) => ({ content: [{ type: 'text', text: word }] }));
    const gateway = new McpToolGateway(await connect(server), OPTIONS);
    await expect(gateway.call('echo', { word: 'hello' }, live())).resolves.toEqual({ kind: 'ok', text: 'hello' });
  });
});
