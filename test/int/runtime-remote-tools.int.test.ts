/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies read from the wire are untyped. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonLogger } from '../../src/adapters/shared/logger.js';
import { loadConfig } from '../../src/bootstrap/config.js';
import { type RunningServer, startServer } from '../../src/bootstrap/server.js';
import { freePort } from '../support/processes.js';

// TOOLS=mcp with nothing listening at MCP_URL: the runtime must still start, answer /ping, and
// investigate with what it has, saying which tools it could not reach.
let running: RunningServer;
let base: string;

beforeAll(async () => {
  const deadPort = await freePort();
  running = await startServer(loadConfig({ MEMORY_BACKEND: 'in-memory',
    PORT: '0', HOST: '127.0.0.1', TOOLS: 'mcp', MCP_URL: `http://127.0.0.1:${deadPort}/mcp`, MCP_TOKEN: 'secret-token',
    MCP_RETRIES: '0', TOOL_CALL_TIMEOUT_MS: '2000',
  }), { logger: new JsonLogger({ level: 'error', write: () => {} }) });
  base = `http://127.0.0.1:${running.port}`;
});
afterAll(async () => { await running?.stop(); });

describe('the runtime with an unreachable tool gateway', () => {
  it('starts and answers /ping', async () => {
    const res = await fetch(`${base}/ping`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe('Healthy');
  });

  it('completes the investigation and says the tools could not be reached', async () => {
    const res = await fetch(`${base}/invocations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt: 'Why is the database pod restarting?' }) });
    const { output } = await res.json() as { output: Record<string, any> };
    expect(output.status).toBe('completed');
    expect(output.usage.tool_calls).toBe(0);
    expect(output.message).toContain('### Not checked');
    expect(output.message).toMatch(/tool gateway could not be reached/i);
    expect(output.message).not.toContain('secret-token');
  });
});
