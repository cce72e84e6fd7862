/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies read from the wire are untyped. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AGENT_DISPLAY_NAMES, type AgentName } from '../../src/domain/agents.js';
import { activeResources, expectResourcesBack, type Resources } from '../support/fault-leaks.js';
import { type FaultRuntime, notChecked, startFaultRuntime } from '../support/fault-runtime.js';
import { type FaultyToolServer, hugePodList, startFaultyToolServer } from '../support/faulty-tool-server.js';
import { freePort } from '../support/processes.js';

// The tool gateway (TOOLS=mcp: a real Streamable HTTP MCP server serving the demo tools) fails
// in each way a gateway can, while the offline analyst calls every tool of its specialists.
// Whatever the tools do, the investigation completes (200) within a bound, and its report names
// under "Not checked" every tool it could not use.
//
// Leaks: after each case no ref'd timer may remain (a hung call's timeout, a retry's backoff) and
// the runtime is idle (inFlight 0, /ping Healthy, the investigation finished in the registry).
// Sockets are counted at the end, with every server closed, against the baseline taken before the
// suite: the MCP client uses the global fetch pool, whose idle keep-alive connections to the
// gateway outlive stop() by the gateway's keep-alive timeout (harmless: main.ts exits after
// stop), so a socket count between cases would measure the pool, not a leak.

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const CALL_TIMEOUT_MS = 500;
const OUTPUT_MAX_BYTES = 16_384;
const HUGE_BYTES = 20 * 1024 * 1024;
const BOUND_MS = 5_000;
const QUESTION = { prompt: 'Why is the database pod restarting?' };
const TOOL_ENV = { MEMORY_BACKEND: 'in-memory', TOOLS: 'mcp', MCP_TOKEN: 'fault-token', MCP_RETRIES: '0', TOOL_OUTPUT_MAX_BYTES: String(OUTPUT_MAX_BYTES) };

let tools: FaultyToolServer;
let rt: FaultRuntime;
let suiteBaseline: Resources;
let caseBaseline: Resources;
const extraRuntimes: FaultRuntime[] = [];

beforeAll(async () => {
  suiteBaseline = activeResources();
  tools = await startFaultyToolServer();
  rt = await startFaultRuntime({ ...TOOL_ENV, MCP_URL: tools.mcp.url, TOOL_CALL_TIMEOUT_MS: String(CALL_TIMEOUT_MS) });
});

afterAll(async () => {
  try {
    await rt?.stop();
  } finally {
    await tools?.close();
  }
  await expectResourcesBack(suiteBaseline, 5_000);
});

beforeEach(() => {
  tools.fault = () => ({ kind: 'none' });
  tools.called.length = 0;
  caseBaseline = activeResources();
});

afterEach(async () => {
  for (const runtime of [rt, ...extraRuntimes]) {
    await runtime.expectIdle();
    for (const l of runtime.logs.filter((x) => x['message'] === 'invocation received')) {
      expect(runtime.investigations.status(String(l['investigationId']))).toMatchObject({ state: 'finished' });
    }
  }
  await Promise.all(extraRuntimes.splice(0).map((r) => r.stop()));
  await expectResourcesBack({ ...caseBaseline, TCPSocketWrap: Infinity, TCPServerWrap: Infinity });
});

/** Invokes, expects a completed 200 within `boundMs`, and gives the report and its "Not checked" section. */
async function investigate(runtime: FaultRuntime, boundMs = BOUND_MS): Promise<{ message: string; unchecked: string; output: any }> {
  const res = await runtime.invoke(QUESTION);
  expect(res.status).toBe(200);
  const { output } = res.json();
  expect(output.status).toBe('completed');
  expect(res.ms).toBeLessThan(boundMs);
  return { message: output.message, unchecked: notChecked(output.message), output };
}

/** The distinct operations the gateway was asked for, minus the clock (never a finding's source). */
const calledOps = (): string[] => [...new Set(tools.called)].filter((op) => op !== 'get_current_time');

/** Every `op` has a "Not checked" line naming it and matching `why`. */
function expectNamed(unchecked: string, ops: readonly string[], why: RegExp): void {
  const lines = unchecked.split('\n').filter((l) => l.startsWith('- '));
  for (const op of ops) {
    expect(lines.filter((l) => l.includes(op) && why.test(l)), `"Not checked" names ${op} (${why})\n${unchecked}`).not.toEqual([]);
  }
}

describe('the tool gateway answers every call with a tool error (isError)', () => {
  it('completes, and names each failed tool with its error', async () => {
    tools.fault = () => ({ kind: 'error', message: 'backend exploded: 502 from the k8s API' });
    const { unchecked, output } = await investigate(rt);
    const ops = calledOps();
    expect(ops.length).toBeGreaterThanOrEqual(10);
    expectNamed(unchecked, ops, /failed: backend exploded: 502 from the k8s API/);
    expect(output.usage.tool_calls).toBeGreaterThanOrEqual(ops.length);
  });
});

describe('the tool gateway hangs on every call', () => {
  it('completes once each call passes TOOL_CALL_TIMEOUT_MS, names each tool as timed out, and leaves no call hanging', async () => {
    tools.fault = () => ({ kind: 'hang' });
    const { unchecked } = await investigate(rt);
    const ops = calledOps();
    expect(ops.length).toBeGreaterThanOrEqual(10);
    expectNamed(unchecked, ops, /timed out/);
    // The runtime cancelled every call it gave up on: the gateway holds none of them any more.
    expect(tools.hanging()).toBe(0);
  });
});

describe('the tool gateway answers with text that is not JSON', () => {
  it('completes, and names each tool whose answer could not be read', async () => {
    tools.fault = () => ({ kind: 'text', text: '<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>' });
    const { unchecked, message } = await investigate(rt);
    const ops = calledOps();
    expect(ops.length).toBeGreaterThanOrEqual(10);
    // Bug found here: the log specialist took any text as log output, so its tools were not named.
    expectNamed(unchecked, ops, /returned no data/);
    // The page is not quoted back as evidence.
    expect(message).not.toContain('502 Bad Gateway');
  });
});

describe('the tool gateway answers one call with 20 MB', () => {
  it('completes, cuts the output to TOOL_OUTPUT_MAX_BYTES before the analyst reads it, and keeps none of it', async () => {
    // Its own runtime with a call timeout for 20 MB: the gateway serialises it in this very process.
    const roomy = await startFaultRuntime({ ...TOOL_ENV, MCP_URL: tools.mcp.url, TOOL_CALL_TIMEOUT_MS: '15000' });
    extraRuntimes.push(roomy);
    // Warmed up first (the first run fills caches and the session), and the payload built beforehand.
    await investigate(roomy);
    hugePodList(HUGE_BYTES);
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    tools.fault = (op) => (op === 'get_pod_status' ? { kind: 'huge', bytes: HUGE_BYTES } : { kind: 'none' });
    const { unchecked, output } = await investigate(roomy, 15_000);
    expect(tools.called).toContain('get_pod_status');
    expectNamed(unchecked, ['get_pod_status'], /cut to the byte budget/);
    // The other tools were unaffected: the real cause is still found.
    expect(output.message).toContain('database-config');
    gc();
    // Nothing holds on to the 20 MB (the report, the checkpoint, the registry keep excerpts only).
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(HUGE_BYTES / 4);
  });
});

describe('the tool gateway refuses connections', () => {
  it('after listing (it died mid-session): completes, and names each tool it could not reach', async () => {
    // The ops this question makes the analyst call when every tool fails, learnt while the gateway is up.
    tools.fault = () => ({ kind: 'error', message: 'down for maintenance' });
    await investigate(rt);
    const ops = calledOps();
    await tools.mcp.stop();
    tools.called.length = 0;
    const { unchecked } = await investigate(rt);
    expect(tools.called).toEqual([]);
    expectNamed(unchecked, ops, /The tool gateway is unavailable/);
  });

  it('from the start: the runtime starts at once, completes, and says per specialist that the gateway could not be reached', async () => {
    const dead = await startFaultRuntime({ ...TOOL_ENV, MCP_URL: `http://127.0.0.1:${await freePort()}/mcp`, TOOL_CALL_TIMEOUT_MS: String(CALL_TIMEOUT_MS) });
    extraRuntimes.push(dead);
    expect(dead.startMs).toBeLessThan(2_000);
    expect((await dead.ping()).status).toBe('Healthy');
    const { unchecked, output } = await investigate(dead);
    expect(output.usage.tool_calls).toBe(0);
    for (const agent of output.plan.agents as AgentName[]) {
      expect(unchecked).toContain(`${AGENT_DISPLAY_NAMES[agent]}: The tool gateway could not be reached`);
    }
  });
});
