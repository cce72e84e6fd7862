import { createDemoToolServer } from '../../src/adapters/demo-infra/demo-tool-server.js';
import { loadScenario } from '../../src/adapters/demo-infra/scenario-loader.js';
import { ClientCredentialsTokenProvider } from '../../src/adapters/mcp/client-credentials-token-provider.js';
import { McpToolGateway } from '../../src/adapters/mcp/mcp-tool-gateway.js';
import { StaticTokenProvider } from '../../src/adapters/mcp/token-provider.js';
import type { Clock } from '../../src/application/ports/clock.js';
import { toolGatewayContract } from '../contract/tool-gateway.contract.js';
import { startMcpTestServer, startTokenEndpoint } from '../support/mcp-test-server.js';

const clock: Clock = { now: () => new Date('2024-01-15T14:30:00Z') };
const OPTIONS = { listTtlMs: 60_000, listTimeoutMs: 5_000, callTimeoutMs: 5_000, retry: { retries: 2, baseDelayMs: 10 } };

async function demoServer(acceptToken: (token: string | undefined) => boolean) {
  const scenario = await loadScenario('scenarios/database-configmap-crashloop', 'scenarios/_library/runbooks');
  return startMcpTestServer({ makeServer: () => createDemoToolServer(scenario, clock), acceptToken });
}

toolGatewayContract('McpToolGateway.remote over Streamable HTTP with a static token', async () => {
  const server = await demoServer((token) => token === 'contract-token');
  const gateway = McpToolGateway.remote({ url: server.url, tokens: new StaticTokenProvider('contract-token'), ...OPTIONS });
  return {
    gateway,
    close: async () => {
      await gateway.close();
      await server.close();
    },
  };
});

toolGatewayContract('McpToolGateway.remote over Streamable HTTP with Cognito-style client credentials', async () => {
  const endpoint = await startTokenEndpoint({ clientId: 'sre-agent', clientSecret: 'client-secret', expiresInS: 3600 });
  const server = await demoServer((token) => endpoint.isValid(token));
  const tokens = new ClientCredentialsTokenProvider({ tokenUrl: endpoint.url, clientId: 'sre-agent', clientSecret: 'client-secret', scope: 'sre-gateway/invoke' });
  const gateway = McpToolGateway.remote({ url: server.url, tokens, ...OPTIONS });
  return {
    gateway,
    close: async () => {
      await gateway.close();
      await server.close();
      await endpoint.close();
    },
  };
});
