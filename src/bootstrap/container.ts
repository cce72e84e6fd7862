import { randomUUID } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Container } from 'inversify';
import { ScenarioClock } from '../adapters/clock/scenario-clock.js';
import { SystemClock } from '../adapters/clock/system-clock.js';
import { createDemoToolServer } from '../adapters/demo-infra/demo-tool-server.js';
import { loadScenario } from '../adapters/demo-infra/scenario-loader.js';
import { JwtVerifier } from '../adapters/auth/jwt-verifier.js';
import type { Authenticator } from '../adapters/http-uws/authenticator.js';
import { UwsHttpServer } from '../adapters/http-uws/uws-http-server.js';
import { McpToolGateway } from '../adapters/mcp/mcp-tool-gateway.js';
import { tokenProviderFor } from '../adapters/mcp/token-provider-for.js';
import { openCheckpointer } from '../adapters/checkpoint/open-checkpointer.js';
import { LazyMemoryStore } from '../adapters/shared/lazy-memory-store.js';
import type { BedrockLlm } from '../adapters/bedrock/bedrock-llm.js';
import type { OtelTelemetry } from '../adapters/otel/otel-telemetry.js';
import { JsonLogger, type Logger } from '../adapters/shared/logger.js';
import { buildInvestigationGraph } from '../application/graph/investigation-graph.js';
import { GuardedMemory } from '../application/memory/guarded-memory.js';
import { NO_TELEMETRY } from '../application/ports/telemetry.js';
import { InvestigateIncident } from '../application/use-cases/investigate-incident.js';
import { RuntimeHealth } from '../application/use-cases/runtime-health.js';
import type { AppConfig } from './config.js';
import { checkpointerKindFor, memoryStoreFor } from './memory-store.js';
import { modelIdentityFor } from './model-identity.js';
import { resolveScenario } from './scenario-paths.js';
import { TOKENS } from './tokens.js';

export interface Overrides {
  readonly logger?: Logger;
}

/**
 * The composition root: the only place that knows every adapter. Bindings are singletons;
 * asynchronous ones (the scenario, the MCP client) are resolved with `getAsync` at start, and
 * `unbindAllAsync` closes what they opened.
 */
export function buildContainer(config: AppConfig, overrides: Overrides = {}): Container {
  const c = new Container({ defaultScope: 'Singleton' });
  c.bind(TOKENS.Config).toConstantValue(config);
  c.bind(TOKENS.Logger).toConstantValue(overrides.logger ?? new JsonLogger({ level: config.logLevel }));
  c.bind(TOKENS.SystemClock).toConstantValue(new SystemClock());

  c.bind(TOKENS.Scenario).toDynamicValue(async () => {
    const { dir, libraryDir } = resolveScenario(config.tools.scenario);
    return loadScenario(dir, libraryDir);
  });
  c.bind(TOKENS.InfraClock).toDynamicValue(async (ctx) => config.tools.mode === 'mcp'
    ? ctx.get(TOKENS.SystemClock)
    : new ScenarioClock(new Date((await ctx.getAsync(TOKENS.Scenario)).meta.now), ctx.get(TOKENS.SystemClock)));

  // The demo infrastructure's MCP server, reached in-process through linked transports: the same
  // client code path as a remote AgentCore Gateway, without a socket.
  c.bind(TOKENS.McpClient).toDynamicValue(async (ctx) => {
    const server = createDemoToolServer(await ctx.getAsync(TOKENS.Scenario), await ctx.getAsync(TOKENS.InfraClock));
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'sre-agent', version: '0.1.0' });
    await client.connect(clientSide);
    return client;
  }).onDeactivation(async (client) => { await client.close(); });

  // Remote mode connects lazily: the runtime starts and answers /ping with the gateway down.
  c.bind(TOKENS.ToolGateway).toDynamicValue(async (ctx) => {
    const timeouts = { listTimeoutMs: config.tools.callTimeoutMs, callTimeoutMs: config.tools.callTimeoutMs };
    if (config.tools.mode === 'embedded') return new McpToolGateway(await ctx.getAsync(TOKENS.McpClient), timeouts);
    const remote = config.tools.remote;
    if (!remote.url) throw new Error('MCP_URL is required when TOOLS=mcp');
    return McpToolGateway.remote({
      url: remote.url, tokens: tokenProviderFor({ token: remote.token, tokenFile: remote.tokenFile, oauth: remote.oauth }),
      retry: { retries: remote.retries }, listTtlMs: remote.listTtlMs, ...timeouts,
    });
  }).onDeactivation(async (gateway) => { if (gateway instanceof McpToolGateway) await gateway.close(); });
  // Optional adapters are imported when configured (`await import`): the bundle splits them into
  // chunks that an offline or telemetry-less start never parses (issue 10, cold start). Import our
  // own ESM modules this way, never a CommonJS package by name: bundled, its named exports are lost.
  c.bind(TOKENS.Llm).toDynamicValue(async (ctx) => {
    if (config.llm.provider === 'offline') {
      const { OfflineLlm } = await import('../adapters/offline/offline-llm.js');
      return new OfflineLlm({ delayMs: config.llm.offlineDelayMs });
    }
    const { bedrockLlmFor } = await import('./bedrock-llm-for.js');
    return bedrockLlmFor(config.bedrock, ctx.get(TOKENS.Logger));
  // The fault suite (test/int/faults-model) found the Bedrock client's keep-alive sockets outliving stop().
  }).onDeactivation((llm) => { if (config.llm.provider === 'bedrock') (llm as BedrockLlm).close(); });
  // Export stays off without an endpoint; when on, the last spans and metrics are flushed at close.
  c.bind(TOKENS.Telemetry).toDynamicValue(async (ctx) => {
    const t = config.telemetry;
    if (!t.endpoint) return NO_TELEMETRY;
    const { OtelTelemetry } = await import('../adapters/otel/otel-telemetry.js');
    return new OtelTelemetry({ ...t, endpoint: t.endpoint, logger: ctx.get(TOKENS.Logger).child({ component: 'otel' }) });
  }).onDeactivation(async (telemetry) => { if (telemetry !== NO_TELEMETRY) await (telemetry as OtelTelemetry).shutdown(); });
  // Opened by `warmUpMemory` once the runtime answers, or by the first memory call.
  c.bind(TOKENS.MemoryStore).toDynamicValue(() => memoryStoreFor(config.memory)).onDeactivation(async (store) => { await store.close(); });
  c.bind(TOKENS.AgentMemory).toDynamicValue((ctx) => new GuardedMemory(ctx.get(TOKENS.MemoryStore), {
    strategies: config.memory.strategies, recallTimeoutMs: config.memory.recallTimeoutMs, writeTimeoutMs: config.memory.writeTimeoutMs,
    onWriteError: (error) => ctx.get(TOKENS.Logger).warn('memory write failed', { error: error instanceof Error ? error.message : String(error) }),
  }));
  // A checkpoint store that cannot be opened at start leaves sessions in this process only: the
  // runtime still answers, and says so in its log.
  c.bind(TOKENS.Checkpointer).toDynamicValue(async (ctx) => {
    const options = { dataDir: config.memory.dataDir, databaseUrl: config.memory.databaseUrl, schema: config.memory.databaseSchema, connectTimeoutMs: config.memory.recallTimeoutMs };
    const kind = checkpointerKindFor(config.memory.backend);
    try {
      return await openCheckpointer({ ...options, kind });
    } catch (error) {
      ctx.get(TOKENS.Logger).error('checkpointer unavailable; sessions are kept in this process only', { kind, error: error instanceof Error ? error.message : String(error) });
      return openCheckpointer({ ...options, kind: 'memory' });
    }
  }).onDeactivation(async (checkpointer) => { await checkpointer.close(); });
  c.bind(TOKENS.Graph).toDynamicValue(async (ctx) => buildInvestigationGraph({
    llm: await ctx.getAsync(TOKENS.Llm),
    tools: await ctx.getAsync(TOKENS.ToolGateway),
    memory: ctx.get(TOKENS.AgentMemory),
    clock: await ctx.getAsync(TOKENS.InfraClock),
    limits: config.investigation.limits,
    telemetry: await ctx.getAsync(TOKENS.Telemetry),
    model: modelIdentityFor(config),
  }, (await ctx.getAsync(TOKENS.Checkpointer)).saver));
  c.bind(TOKENS.RuntimeHealth).toDynamicValue((ctx) => new RuntimeHealth(ctx.get(TOKENS.SystemClock)));
  c.bind(TOKENS.InvestigateIncident).toDynamicValue(async (ctx) => new InvestigateIncident(
    await ctx.getAsync(TOKENS.Graph), ctx.get(TOKENS.RuntimeHealth), ctx.get(TOKENS.SystemClock),
    { maxConcurrent: config.investigation.maxConcurrent, deadlineMs: config.investigation.deadlineMs, telemetry: await ctx.getAsync(TOKENS.Telemetry), budget: config.investigation.budget },
  ));
  c.bind(TOKENS.HttpServer).toDynamicValue(async (ctx) => new UwsHttpServer(
    {
      investigations: await ctx.getAsync(TOKENS.InvestigateIncident), health: ctx.get(TOKENS.RuntimeHealth), logger: ctx.get(TOKENS.Logger), newId: randomUUID,
      ...(config.auth ? { authenticate: authenticatorFor(new JwtVerifier(config.auth)) } : {}),
    },
    config.http,
  )).onDeactivation(async (server) => { await server.close(); });
  return c;
}

/**
 * Starts opening the memory store (its driver is imported then), so the first investigation does not
 * pay for it. Called after listen: the open is kept off the path to the first `/ping`.
 */
export function warmUpMemory(c: Container): void {
  const store = c.get(TOKENS.MemoryStore);
  if (store instanceof LazyMemoryStore) store.warmUp();
}

/** Lets background memory writes land (at most `flushMs`), then closes everything the container opened. */
export async function closeContainer(c: Container, flushMs: number): Promise<number> {
  const unflushed = c.isBound(TOKENS.AgentMemory) ? await c.get(TOKENS.AgentMemory).flush(flushMs) : 0;
  await c.unbindAllAsync();
  return unflushed;
}

/** The HTTP adapter's view of a JWT verifier: a verdict per Authorization header. */
function authenticatorFor(verifier: JwtVerifier): Authenticator {
  return async (authorization) => {
    const outcome = await verifier.verify(authorization);
    return outcome.ok ? { ok: true, subject: outcome.subject } : outcome;
  };
}
