/* eslint-disable @typescript-eslint/no-explicit-any -- JSON events read from the wire are untyped. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { activeResources, expectResourcesBack, type Resources } from '../support/fault-leaks.js';
import { type FaultRuntime, startFaultRuntime, until } from '../support/fault-runtime.js';
import { parseSse, RawConnection, rawPost } from '../support/http-client.js';

// A streaming client (SSE) disconnects, by destroying its socket, at every stage of a request:
// before the body is complete, and at each stage of the investigation. Each time the
// investigation is cancelled promptly (its model call aborted, not run out), the registry holds it
// as finished and `cancelled`, the use case has nothing in flight, /ping is back to Healthy, and
// the process goes on serving. The model is slow on purpose (OFFLINE_LLM_DELAY_MS) so that every
// stage lasts long enough to be caught; the disconnects are triggered by what the client has read,
// never by a sleep.
//
// Leaks: after each case no ref'd timer (a model call's delay, a heartbeat) is left; at the end,
// with the runtime stopped, the handles are back at the baseline taken before the suite. uWS
// sockets are not libuv handles, so the server's side is covered by its own counters instead.

const MODEL_DELAY_MS = 250;
/** A cancelled run ends within a model delay or so of the disconnect; a run left going takes seconds. */
const CANCEL_BOUND_MS = 4 * MODEL_DELAY_MS;
const BODY = JSON.stringify({ prompt: 'Why is the database pod restarting?', user_id: 'alice' });

let rt: FaultRuntime;
let suiteBaseline: Resources;
let caseBaseline: Resources;

beforeAll(async () => {
  suiteBaseline = activeResources();
  rt = await startFaultRuntime({ MEMORY_BACKEND: 'in-memory', OFFLINE_LLM_DELAY_MS: String(MODEL_DELAY_MS) });
});
afterAll(async () => {
  await rt?.stop();
  await expectResourcesBack(suiteBaseline);
});
beforeEach(() => { caseBaseline = activeResources(); });
afterEach(async () => {
  await rt.expectIdle();
  await expectResourcesBack({ ...caseBaseline, TCPSocketWrap: Infinity });
});

const head = (contentLength: number): string =>
  `POST /invocations HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\naccept: text/event-stream\r\ncontent-length: ${contentLength}\r\n\r\n`;

/** Writes `data` and resolves once the kernel has it: the server will read it before the close. */
const written = (c: RawConnection, data: string): Promise<void> => new Promise((resolve, reject) => {
  const go = () => c.socket.write(data, (error) => (error ? reject(error) : resolve()));
  if (c.socket.connecting) c.socket.once('connect', go);
  else go();
});

/** The SSE events in the complete chunks received so far (the stream is chunked, one event a chunk or more). */
const events = (c: RawConnection): any[] => {
  const bytes = Buffer.from(c.text(), 'utf8');
  let at = bytes.indexOf('\r\n\r\n');
  if (at === -1) return [];
  at += 4;
  const body: Buffer[] = [];
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd === -1) break;
    const size = parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
    // uWS sends a chunk's closing CRLF with the next chunk: a chunk is whole once its data is in.
    if (!Number.isFinite(size) || size === 0 || bytes.length < lineEnd + 2 + size) break;
    body.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  const text = Buffer.concat(body).toString('utf8');
  // Only whole events: what follows the last blank line may be an event still arriving.
  return parseSse(text.slice(0, text.lastIndexOf('\n\n') + 2)).events;
};

/** Upload never completed: no investigation may start; the handler logs the abandoned upload. */
async function expectUploadAbandoned(logsBefore: number): Promise<void> {
  await until(() => rt.logs.slice(logsBefore).some((l) => l['outcome'] === 'client disconnected during upload'), 3_000, 'the abandoned upload was not seen');
  expect(rt.logs.slice(logsBefore).filter((l) => l['message'] === 'invocation received')).toEqual([]);
  expect(rt.investigations.inFlight).toBe(0);
}

/**
 * Streams an investigation, disconnects once `reached` holds for the events read so far, then
 * expects it cancelled within the bound, with nothing it did not reach (no report, no result).
 */
async function disconnectWhen(reached: (seen: any[]) => boolean): Promise<{ seen: any[]; result: any }> {
  const c = new RawConnection(rt.port, rawPost('/invocations', BODY, { 'content-type': 'application/json', accept: 'text/event-stream' }));
  await c.waitFor((x) => reached(events(x)), 10_000);
  const seen = events(c);
  c.destroy();
  const gone = performance.now();
  const id: string = seen[0].investigation_id;
  expect(seen[0]).toMatchObject({ type: 'started', investigation_id: expect.any(String) });
  await until(() => rt.investigations.inFlight === 0, 5_000, 'the investigation is still running after its client left');
  expect(performance.now() - gone).toBeLessThan(CANCEL_BOUND_MS);
  const snapshot: any = rt.investigations.status(id);
  expect(snapshot).toMatchObject({ state: 'finished', result: { status: 'cancelled' } });
  expect(seen.map((e) => e.type)).not.toContain('result');
  expect(seen.map((e) => e.type)).not.toContain('report');
  const finished = rt.logs.find((l) => l['message'] === 'request finished' && l['investigationStatus'] === 'cancelled' && l['clientGone'] === true);
  expect(finished).toBeDefined();
  return { seen, result: snapshot.result };
}

describe('a streaming client disconnects', () => {
  it('right after sending the headers: no investigation starts', async () => {
    const before = rt.logs.length;
    const c = new RawConnection(rt.port, '');
    await written(c, head(Buffer.byteLength(BODY)));
    c.destroy();
    await expectUploadAbandoned(before);
  });

  it('in the middle of the body: no investigation starts', async () => {
    const before = rt.logs.length;
    const c = new RawConnection(rt.port, '');
    await written(c, head(Buffer.byteLength(BODY)) + BODY.slice(0, 20));
    c.destroy();
    await expectUploadAbandoned(before);
  });

  it('after the started event: cancelled before planning ends', async () => {
    const { result } = await disconnectWhen((seen) => seen.some((e) => e.type === 'started'));
    expect(result.findings).toEqual([]);
  });

  it('after the plan event: cancelled before any specialist finishes', async () => {
    const { seen } = await disconnectWhen((s) => s.some((e) => e.type === 'plan'));
    expect(seen.map((e) => e.type)).not.toContain('agent_finished');
  });

  it('during a specialist (after its first tool_call): cancelled, its tool loop stopped', async () => {
    const { seen } = await disconnectWhen((s) => s.some((e) => e.type === 'tool_call'));
    const calls = rt.investigations.status(seen[0].investigation_id) as any;
    // Stopped mid-loop: far fewer tool calls than a full run makes (about twenty).
    expect(calls.result.usage.toolCalls).toBeLessThan(15);
  });

  it('during aggregation (after the last agent_finished): cancelled, no report written', async () => {
    const { seen, result } = await disconnectWhen((s) => {
      const plan = s.find((e) => e.type === 'plan');
      return plan !== undefined && s.filter((e) => e.type === 'agent_finished').length === plan.plan.agents.length;
    });
    expect(seen.filter((e) => e.type === 'agent_finished').length).toBeGreaterThan(0);
    // What the specialists found is kept in the cancelled result.
    expect(result.findings.length).toBe(seen.find((e) => e.type === 'plan').plan.agents.length);
    expect(result.message).toContain('Investigation stopped');
  });

  it('and the process goes on serving: a full investigation still completes', async () => {
    const res = await rt.invoke(BODY);
    expect(res.status).toBe(200);
    expect(res.json().output.status).toBe('completed');
  });
});
