import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createDemoToolServer } from '../../src/adapters/demo-infra/demo-tool-server.js';
import { loadScenario } from '../../src/adapters/demo-infra/scenario-loader.js';
import { DemoToolHttpServer } from '../../src/adapters/demo-infra/tool-http-server.js';
import { McpToolGateway } from '../../src/adapters/mcp/mcp-tool-gateway.js';
import { JsonLogger } from '../../src/adapters/shared/logger.js';
import type { Clock } from '../../src/application/ports/clock.js';
import { FakeToolGateway, jsonTool } from '../fakes/fake-tool-gateway.js';
import { toolGatewayContract } from './tool-gateway.contract.js';

const fixedClock: Clock = { now: () => new Date('2024-01-15T14:30:00Z') };

toolGatewayContract('FakeToolGateway', async () => ({
  gateway: new FakeToolGateway({
    'k8s-api___get_pod_status': jsonTool({ pods: [{ name: 'database-pod-7b9c4d8f2a-x5m1q', namespace: 'production', status: 'CrashLoopBackOff' }] }),
    'runbooks-api___get_incident_playbook': (args) =>
      args['playbook_id'] === 'database-pod-crashloop-incident'
        ? { kind: 'ok', text: JSON.stringify({ id: 'database-pod-crashloop-incident' }) }
        : { kind: 'tool_error', message: 'Playbook not found' },
  }),
  close: async () => {},
}));

toolGatewayContract('McpToolGateway over the demo server', async () => {
  const scenario = await loadScenario('scenarios/database-configmap-crashloop', 'scenarios/_library/runbooks');
  const server = createDemoToolServer(scenario, fixedClock);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'contract-test', version: '1.0.0' });
  await client.connect(clientSide);
  return {
    gateway: new McpToolGateway(client, { listTimeoutMs: 5_000, callTimeoutMs: 5_000 }),
    close: async () => {
      await client.close();
      await server.close();
    },
  };
});

toolGatewayContract('McpToolGateway over Streamable HTTP to `tools serve` (DemoToolHttpServer)', async () => {
  const scenario = await loadScenario('scenarios/database-configmap-crashloop', 'scenarios/_library/runbooks');
  const token = 'contract-test-token';
  const server = new DemoToolHttpServer({
    scenario, clock: fixedClock, token, host: '127.0.0.1', port: 0, logger: new JsonLogger({ level: 'error', write: () => {} }),
  });
  const port = await server.listen();
  const client = new Client({ name: 'contract-test', version: '1.0.0' });
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }));
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    gateway: new McpToolGateway(client, { listTimeoutMs: 5_000, callTimeoutMs: 5_000 }),
    close: async () => {
      await client.close();
      await server.close();
    },
  };
});
