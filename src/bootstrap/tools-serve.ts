import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ScenarioClock } from '../adapters/clock/scenario-clock.js';
import { SystemClock } from '../adapters/clock/system-clock.js';
import { loadScenario } from '../adapters/demo-infra/scenario-loader.js';
import { DemoToolHttpServer } from '../adapters/demo-infra/tool-http-server.js';
import { JsonLogger } from '../adapters/shared/logger.js';
import { resolveScenario } from './scenario-paths.js';

export const TOOLS_SERVE_HELP = `sre-agent tools serve [--port 8000] [--host 127.0.0.1] [--scenario NAME|DIR]

Serves the demo infrastructure's 22 tools over MCP Streamable HTTP at /mcp, as an AgentCore
Gateway would. Every request needs "Authorization: Bearer <token>": the token is MCP_TOKEN, or
the contents of MCP_TOKEN_FILE. GET /health answers without it.`;

/** `sre-agent tools serve`: the same tool server as embedded mode, on a port. */
export async function toolsServe(args: string[], env: Readonly<Record<string, string | undefined>>): Promise<void> {
  const { values } = parseArgs({ args, options: {
    port: { type: 'string', default: '8000' }, host: { type: 'string', default: '127.0.0.1' }, scenario: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  } });
  if (values.help) return void console.log(TOOLS_SERVE_HELP);
  const token = env['MCP_TOKEN'] ?? (env['MCP_TOKEN_FILE'] ? readFileSync(env['MCP_TOKEN_FILE'], 'utf8').trim() : undefined);
  if (!token) throw new Error('tools serve needs a token: set MCP_TOKEN (or MCP_TOKEN_FILE) to the bearer token clients must send');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port: "${values.port}" is not a port number`);
  const { dir, libraryDir } = resolveScenario(values.scenario ?? env['DEMO_SCENARIO'] ?? 'database-configmap-crashloop');
  const scenario = await loadScenario(dir, libraryDir);
  const logger = new JsonLogger({ level: env['LOG_LEVEL'] === 'debug' ? 'debug' : 'info' });
  const server = new DemoToolHttpServer({ scenario, clock: new ScenarioClock(new Date(scenario.meta.now), new SystemClock()), token, host: values.host, port, logger });
  const bound = await server.listen();
  logger.info('tool server listening', { url: `http://${values.host}:${bound}/mcp`, scenario: scenario.meta.id });
  const stop = () => void server.close().then(() => process.exit(0), () => process.exit(1));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
