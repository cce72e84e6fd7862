import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemoToolServer } from '../../../../src/adapters/demo-infra/demo-tool-server.js';
import { aScenario, fixedClock } from './scenario-fixture.js';

let client: Client;
let close: () => Promise<void>;

const scenario = aScenario({
  k8s: { events: [{ type: 'Warning', reason: 'BackOff', object: 'pod/db', message: 'Back-off restarting failed container', timestamp: '2024-01-15T14:29:45Z' }] },
});

beforeEach(async () => {
  const server = createDemoToolServer(scenario, fixedClock);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(clientSide);
  close = async () => {
    await client.close();
    await server.close();
  };
});

afterEach(async () => {
  await close();
});

type Property = { type?: string; enum?: string[]; description?: string; minimum?: number; maximum?: number; format?: string };
const schemaOf = async (name: string) => {
  const { tools } = await client.listTools();
  const tool = tools.find((t) => t.name === name);
  if (!tool) throw new Error(`${name} is not listed`);
  return tool.inputSchema as { properties: Record<string, Property>; required?: string[] };
};

describe('createDemoToolServer', () => {
  it('lists all 22 tools with a description each', async () => {
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(22);
    expect(tools.every((t) => (t.description ?? '').length > 20)).toBe(true);
    expect(tools.map((t) => t.name)).toContain('x_amz_bedrock_agentcore_search');
  });

  it('documents enums, required parameters, ranges and formats in the input schemas', async () => {
    const events = await schemaOf('k8s-api___get_cluster_events');
    expect(events.properties['severity']).toMatchObject({ type: 'string', enum: ['Warning', 'Error', 'Normal'] });
    expect(events.properties['since']).toMatchObject({ type: 'string', format: 'date-time' });
    const search = await schemaOf('logs-api___search_logs');
    expect(search.required).toEqual(['pattern']);
    const recent = await schemaOf('logs-api___get_recent_logs');
    expect(recent.properties['limit']).toMatchObject({ type: 'integer', minimum: 1, maximum: 1000 });
    const time = await schemaOf('get_current_time');
    expect(time).toMatchObject({ type: 'object', properties: {} });
  });

  it('answers a value outside an enum with an empty result, not an error', async () => {
    const result = await client.callTool({ name: 'k8s-api___get_cluster_events', arguments: { severity: 'Critical' } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ events: [] });
  });

  it('returns the same object as text and as structured content', async () => {
    const result = await client.callTool({ name: 'k8s-api___get_cluster_events', arguments: { severity: 'Warning' } });
    const [content] = result.content as { type: string; text: string }[];
    expect(content?.type).toBe('text');
    expect(JSON.parse(content?.text ?? '')).toEqual(result.structuredContent);
    expect(result.structuredContent).toMatchObject({ events: [{ reason: 'BackOff' }] });
  });

  it('fails a call with a missing required parameter as an isError result', async () => {
    const result = await client.callTool({ name: 'logs-api___search_logs', arguments: {} });
    expect(result.isError).toBe(true);
    expect((result.content as { text: string }[])[0]?.text).toMatch(/pattern/);
  });

  it('fails an unknown playbook with "Playbook not found"', async () => {
    const result = await client.callTool({ name: 'runbooks-api___get_incident_playbook', arguments: { playbook_id: 'nope' } });
    expect(result).toMatchObject({ isError: true, content: [{ type: 'text', text: 'Playbook not found: nope' }] });
  });

  it('gives the search tool the same input schemas that tools/list shows', async () => {
    const result = await client.callTool({ name: 'x_amz_bedrock_agentcore_search', arguments: { query: 'search application logs' } });
    const { tools } = result.structuredContent as { tools: { name: string; inputSchema: unknown }[] };
    const found = tools.find((t) => t.name === 'logs-api___search_logs');
    expect(found?.inputSchema).toEqual(await schemaOf('logs-api___search_logs'));
  });

  it('tells the scenario time', async () => {
    const result = await client.callTool({ name: 'get_current_time', arguments: {} });
    expect(result.structuredContent).toEqual({ current_time: '2024-01-15T14:30:00.000Z' });
  });
});
