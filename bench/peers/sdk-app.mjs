// The official AgentCore TypeScript SDK's runtime (BedrockAgentCoreApp, Fastify) with an echo handler.
// Run: node bench/peers/sdk-app.mjs <port>
import { BedrockAgentCoreApp } from 'bedrock-agentcore/runtime';

const port = Number(process.argv[2]);
const app = new BedrockAgentCoreApp({
  invocationHandler: {
    process: async (request) => ({ output: { message: request?.prompt ?? request?.input?.prompt ?? '', model: 'echo' } }),
  },
  // Same footing as the others: no per-request logging (the SDK already skips /ping by default).
  config: { logging: { enabled: false } },
});
app.run({ port, host: '127.0.0.1' });
