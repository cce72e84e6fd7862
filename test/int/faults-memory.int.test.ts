/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies read from the wire are untyped. */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeAgentCoreMemory } from '../support/fake-agentcore-memory.js';
import { activeResources, expectResourcesBack, type Resources } from '../support/fault-leaks.js';
import { fakeAwsEnvironment, type FaultRuntime, notChecked, startFaultRuntime, until } from '../support/fault-runtime.js';
import { freePort } from '../support/processes.js';

// The memory store is down or slow: the runtime starts at once anyway (first /ping within a
// bound), every investigation completes (200) and its report says "Memory: unavailable…", failed
// writes are logged, not thrown, and nothing is left behind.
//
// Leaks: after each case the runtime is idle and no ref'd timer remains once the fake's own
// delayed answers have run out (they are the fake's, and end on their own); at the end, with
// every runtime and server closed, the handles are back at the baseline taken before the suite.

const MEMORY_TIMEOUT_MS = 300;
const BOUND_MS = 5_000;
const START_BOUND_MS = 2_000;
const UNAVAILABLE = 'Memory: unavailable, so preferences and past investigations were not used.';
const QUESTION = { prompt: 'Why is the database pod restarting?', user_id: 'alice' };
const MEMORY_ENV = { MEMORY_TIMEOUT_MS: String(MEMORY_TIMEOUT_MS), MEMORY_WRITE_TIMEOUT_MS: String(MEMORY_TIMEOUT_MS) };

let restoreEnv: () => void;
let suiteBaseline: Resources;
let caseBaseline: Resources;
const runtimes: FaultRuntime[] = [];

beforeAll(() => {
  suiteBaseline = activeResources();
  restoreEnv = fakeAwsEnvironment();
});
afterAll(async () => {
  await Promise.all(runtimes.splice(0).map((r) => r.stop()));
  restoreEnv();
  await expectResourcesBack(suiteBaseline);
});
beforeEach(() => { caseBaseline = activeResources(); });
afterEach(async () => {
  for (const r of runtimes) {
    await r.expectIdle();
    for (const l of r.logs.filter((x) => x['message'] === 'invocation received')) {
      expect(r.investigations.status(String(l['investigationId']))).toMatchObject({ state: 'finished' });
    }
  }
  await expectResourcesBack({ ...caseBaseline, TCPSocketWrap: Infinity, TCPServerWrap: Infinity });
});

async function runtime(env: Record<string, string>): Promise<FaultRuntime> {
  const rt = await startFaultRuntime({ ...MEMORY_ENV, ...env });
  runtimes.push(rt);
  return rt;
}

/** A started runtime answers /ping at once: the store being down delayed nothing. */
async function expectStartedQuickly(rt: FaultRuntime): Promise<void> {
  expect(rt.startMs).toBeLessThan(START_BOUND_MS);
  const t0 = performance.now();
  expect((await rt.ping()).status).toBe('Healthy');
  expect(performance.now() - t0).toBeLessThan(500);
}

/** Completes (200) within the bound; gives the report. */
async function investigate(rt: FaultRuntime): Promise<{ message: string; output: any }> {
  const res = await rt.invoke(QUESTION);
  expect(res.status).toBe(200);
  const { output } = res.json();
  expect(output.status).toBe('completed');
  expect(res.ms).toBeLessThan(BOUND_MS);
  // The investigation itself was not harmed: the demo incident's cause is found.
  expect(output.message).toContain('database-config');
  return { message: output.message, output };
}

const writeFailures = (rt: FaultRuntime) => rt.logs.filter((l) => l['message'] === 'memory write failed');

describe('AgentCore Memory', () => {
  let fake: FakeAgentCoreMemory;
  let rt: FaultRuntime;

  beforeAll(async () => {
    fake = await FakeAgentCoreMemory.start();
    rt = await runtime({ MEMORY_BACKEND: 'agentcore', AGENTCORE_MEMORY_ID: FakeAgentCoreMemory.MEMORY_ID, AWS_ENDPOINT_URL_BEDROCK_AGENTCORE: fake.url });
  });
  afterAll(async () => {
    await rt.stop();
    runtimes.splice(runtimes.indexOf(rt), 1);
    await fake.close();
  });
  beforeEach(() => { fake.reset(); });

  it('failing with 500 on every request: completes, says memory was unavailable, logs the failed write', async () => {
    fake.failNext(500, 'InternalServerException', 1_000);
    await expectStartedQuickly(rt);
    const before = writeFailures(rt).length;
    const { message } = await investigate(rt);
    expect(notChecked(message)).toContain(UNAVAILABLE);
    expect(fake.requests.length).toBeGreaterThan(0);
    // The write after the report fails in the background, within MEMORY_WRITE_TIMEOUT_MS, and says so.
    await until(() => writeFailures(rt).length > before, 3_000, 'no "memory write failed" log line');
  });

  it(`slower than MEMORY_TIMEOUT_MS (${MEMORY_TIMEOUT_MS} ms): completes without waiting for it, says memory was unavailable`, async () => {
    fake.delayMs = 1_500;
    const res = await rt.invoke(QUESTION);
    expect(res.status).toBe(200);
    expect(res.json().output.status).toBe('completed');
    expect(notChecked(res.json().output.message)).toContain(UNAVAILABLE);
    // Recall gave up at its deadline: the whole run took less than the store's one answer.
    expect(res.ms).toBeLessThan(1_500);
  });

  it('back to health: the next investigation uses memory again and says nothing about it', async () => {
    const { message } = await investigate(rt);
    expect(message).not.toContain('Memory: unavailable');
    expect(fake.calls('RetrieveMemoryRecords').length).toBeGreaterThan(0);
  });
});

describe('AgentCore Memory unreachable from the start (closed port)', () => {
  it('starts at once, completes, says memory was unavailable', async () => {
    const rt = await runtime({ MEMORY_BACKEND: 'agentcore', AGENTCORE_MEMORY_ID: FakeAgentCoreMemory.MEMORY_ID, AWS_ENDPOINT_URL_BEDROCK_AGENTCORE: `http://127.0.0.1:${await freePort()}` });
    await expectStartedQuickly(rt);
    const { message } = await investigate(rt);
    expect(notChecked(message)).toContain(UNAVAILABLE);
  });
});

describe('PostgreSQL refusing connections (closed port)', () => {
  it('starts at once on in-process checkpoints, completes, says memory was unavailable', async () => {
    const rt = await runtime({ MEMORY_BACKEND: 'postgres', DATABASE_URL: `postgres://sre:secret@127.0.0.1:${await freePort()}/sre` });
    await expectStartedQuickly(rt);
    expect(rt.logs.some((l) => l['message'] === 'checkpointer unavailable; sessions are kept in this process only')).toBe(true);
    const { message } = await investigate(rt);
    expect(notChecked(message)).toContain(UNAVAILABLE);
    // The connection string's password never reaches the logs.
    expect(JSON.stringify(rt.logs)).not.toContain('secret');
  });
});

describe('PostgreSQL accepting connections and never answering', () => {
  let blackhole: { server: Server; sockets: Set<Socket>; port: number };

  beforeAll(async () => {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      // Reads (and drops) what arrives, so that the client's close is seen; answers nothing.
      socket.resume();
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    blackhole = { server, sockets, port: (server.address() as AddressInfo).port };
  });
  afterAll(async () => {
    const closed = new Promise<void>((resolve) => blackhole.server.close(() => resolve()));
    for (const s of blackhole.sockets) s.destroy();
    await closed;
  });

  it('starts within the connect timeout, completes, says memory was unavailable, and gives up its connections', async () => {
    const rt = await runtime({ MEMORY_BACKEND: 'postgres', DATABASE_URL: `postgres://sre:secret@127.0.0.1:${blackhole.port}/sre` });
    await expectStartedQuickly(rt);
    const { message } = await investigate(rt);
    expect(notChecked(message)).toContain(UNAVAILABLE);
    // Stopping waits for the store's connection attempt to give up (its own 5 s connect timeout).
    await rt.stop();
    runtimes.splice(runtimes.indexOf(rt), 1);
    // Stopped, the runtime holds no connection to the silent server.
    await until(() => blackhole.sockets.size === 0, 2_000, `${blackhole.sockets.size} connections to the silent database are still open`);
  });
});
