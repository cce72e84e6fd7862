/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies read from the wire are untyped. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamFrames } from '../support/fake-bedrock.js';
import { activeResources, expectResourcesBack, type Resources } from '../support/fault-leaks.js';
import { fakeAwsEnvironment, type FaultRuntime, httpRequest, startFaultRuntime } from '../support/fault-runtime.js';
import { awsError, type Behaviour, byRoute, cutStream, FaultServer, hang, ok } from '../support/fault-server.js';
import { parseSse } from '../support/http-client.js';

// The model endpoint misbehaves in every way a network and a service can: the runtime (LLM_PROVIDER
// =bedrock, the real SDK) must answer 503 `llm_unavailable` in JSON within its configured bounds,
// go back to Healthy with nothing in flight, and leave no socket or ref'd timer behind.
//
// Each case gets a fresh runtime and endpoint (about 30 ms): the SDK's adaptive retry mode keeps a
// client-side rate limiter that one throttled answer slows to 0.5 requests/s, which would make
// every later case on a shared client a timeout instead of the fault it means to inject.

const CALL_TIMEOUT_MS = 1_000;
const MAX_ATTEMPTS = 2;
// Generous: the configured bound is CALL_TIMEOUT_MS (the deadline spans all attempts of one call).
const BOUND_MS = 5_000;
const MODEL = 'global.anthropic.claude-haiku-4-5-20251001-v1:0';
const QUESTION = { prompt: 'Why is the database pod restarting?' };

let restoreEnv: () => void;
beforeAll(() => { restoreEnv = fakeAwsEnvironment(); });
afterAll(() => restoreEnv());

interface Case {
  readonly fault: FaultServer;
  readonly rt: FaultRuntime;
}

/**
 * Runs `body` against a fresh endpoint and runtime, then proves nothing is left: the runtime idle
 * (inFlight 0, `/ping` Healthy), the investigation finished in the registry, and after `stop()`
 * the process's handles and ref'd timers back at the baseline taken before either started, but
 * for the endpoint's own listening socket; then, with the endpoint closed, nothing above the baseline.
 */
async function withModelFault(behaviour: ((fault: FaultServer) => Behaviour) | 'refuse', body: (c: Case) => Promise<void>): Promise<void> {
  const baseline: Resources = activeResources();
  const fault = await FaultServer.start();
  const rt = await startFaultRuntime({
    MEMORY_BACKEND: 'in-memory', LLM_PROVIDER: 'bedrock', AWS_ENDPOINT_URL_BEDROCK_RUNTIME: fault.url, BEDROCK_MODEL_ID: MODEL,
    BEDROCK_CALL_TIMEOUT_MS: String(CALL_TIMEOUT_MS), BEDROCK_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
  });
  try {
    try {
      if (behaviour === 'refuse') await fault.stopListening();
      else fault.use(behaviour(fault));
      await body({ fault, rt });
      await rt.expectIdle();
      for (const id of investigationIds(rt)) expect(rt.investigations.status(id)).toMatchObject({ state: 'finished' });
    } finally {
      await rt.stop();
    }
    // The SDK may still sleep out a retry or rate-limiter delay (ref'd, at most ~2 s) after the call
    // was given up; expectResourcesBack waits for it within its bound. The endpoint still listens.
    await expectResourcesBack({ ...baseline, TCPServerWrap: (baseline['TCPServerWrap'] ?? 0) + 1 });
    expect(fault.openConnections).toBe(0);
  } finally {
    await fault.close();
  }
  await expectResourcesBack(baseline);
}

/** The investigations the runtime started, from its `invocation received` log lines. */
function investigationIds(rt: FaultRuntime): string[] {
  return rt.logs.filter((l) => l['message'] === 'invocation received').map((l) => String(l['investigationId']));
}

/** A 503 `llm_unavailable` JSON error within the bound, with the request id and no stack trace. */
async function expectUnavailable(rt: FaultRuntime, message: RegExp): Promise<any> {
  const res = await rt.invoke(QUESTION);
  expect(res.status).toBe(503);
  expect(res.headers['content-type']).toBe('application/json');
  const body = res.json();
  expect(body.error).toMatchObject({ code: 'llm_unavailable', message: expect.stringMatching(message), request_id: expect.any(String) });
  expect(body.error.message).not.toMatch(/\n\s+at /);
  expect(res.ms).toBeLessThan(BOUND_MS);
  return { res, body };
}

const frames = streamFrames({ text: 'Looking at the pods now.', toolUses: [{ id: 'tu_plan', name: 'submit_plan', input: { steps: [{ agent: 'kubernetes', goal: 'pods' }] } }] });
const bytes = (...parts: Uint8Array[]): Buffer => Buffer.concat(parts);
/** The first frame whole, then 10 bytes of the second: the decoder is inside a frame when the bytes stop. */
const midFrame = bytes(frames[0]!, frames[1]!.subarray(0, 10));

describe('the model endpoint refuses connections', () => {
  it('answers 503 llm_unavailable at once, naming the refusal', async () => {
    await withModelFault('refuse', async ({ rt }) => {
      const { res } = await expectUnavailable(rt, /ECONNREFUSED/);
      expect(res.ms).toBeLessThan(CALL_TIMEOUT_MS);
    });
  });
});

describe('the model endpoint accepts and never answers', () => {
  it('answers 503 llm_unavailable when the call deadline passes, and lets go of the hung connection', async () => {
    await withModelFault(hang, async ({ rt, fault }) => {
      const { res } = await expectUnavailable(rt, /did not answer within 1000 ms/);
      expect(res.ms).toBeGreaterThanOrEqual(CALL_TIMEOUT_MS - 50);
      // One deadline spans the call's attempts: the hung first attempt is the only one.
      expect(fault.requests).toHaveLength(1);
      await rt.expectIdle();
      expect(fault.hanging).toBe(0);
    });
  });

  it('ends a stream with a final error event (llm_unavailable) and a clean end, when the client asked for SSE', async () => {
    await withModelFault(hang, async ({ rt }) => {
      const res = await httpRequest(rt.port, 'POST', '/invocations', JSON.stringify(QUESTION), { 'content-type': 'application/json', accept: 'text/event-stream' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/event-stream');
      const sse = parseSse(res.text);
      expect(sse.malformed).toEqual([]);
      const events = sse.events as any[];
      expect(events[0]).toMatchObject({ type: 'started' });
      expect(events.at(-1)).toMatchObject({ type: 'error', error: { code: 'llm_unavailable' } });
      expect(res.ms).toBeLessThan(BOUND_MS);
    });
  });
});

describe('the model endpoint throttles every request', () => {
  it('answers 503 llm_unavailable after at most BEDROCK_MAX_ATTEMPTS requests', async () => {
    await withModelFault(() => awsError(429, 'ThrottlingException', 'Too many requests, please wait before trying again.'), async ({ rt, fault }) => {
      // Either the attempts run out (ThrottlingException) or the SDK's backoff outlasts the deadline.
      await expectUnavailable(rt, /ThrottlingException|did not answer within 1000 ms/);
      expect(fault.requests.length).toBeGreaterThanOrEqual(1);
      expect(fault.requests.length).toBeLessThanOrEqual(MAX_ATTEMPTS);
    });
  });
});

describe('the model endpoint returns garbage', () => {
  it('200 with invalid JSON: 503 llm_unavailable', async () => {
    await withModelFault(() => ok('application/json', '{"output": {"message": '), async ({ rt }) => {
      await expectUnavailable(rt, /Truncated event message|Deserialization/i);
    });
  });

  it('200 with JSON of the wrong shape where an event stream is due: 503 llm_unavailable', async () => {
    await withModelFault(() => ok('application/json', '{"answer": 42, "stream": []}'), async ({ rt }) => {
      await expectUnavailable(rt, /Truncated event message|Deserialization/i);
    });
  });

  it('an event stream that stops between frames, before messageStop: 503 llm_unavailable, not an empty answer', async () => {
    // Bug found here: the partial turn passed as a complete one, so planning silently fell back to
    // the default plan and the run "completed" with a report built on nothing.
    const stream = ok('application/vnd.amazon.eventstream', bytes(...frames.slice(0, 3)));
    await withModelFault(() => byRoute({ stream, converse: ok('application/json', '{"answer": 42}') }), async ({ rt, fault }) => {
      await expectUnavailable(rt, /before messageStop/);
      expect(fault.requests).toHaveLength(1);
    });
  });

  it('an event stream cut inside a frame, the body ended cleanly: 503 llm_unavailable', async () => {
    await withModelFault(() => cutStream(midFrame, 'end'), async ({ rt }) => {
      await expectUnavailable(rt, /Truncated event message/);
    });
  });

  it('an event stream cut inside a frame by a connection reset: 503 llm_unavailable', async () => {
    await withModelFault(() => cutStream(midFrame, 'reset'), async ({ rt }) => {
      await expectUnavailable(rt, /unavailable|failed/);
    });
  });
});

describe('the model endpoint denies access (403)', () => {
  it('answers llm_rejected (HTTP 500, as failureHttpStatus documents) at once, naming model, region and the fix, without retrying', async () => {
    await withModelFault(() => awsError(403, 'AccessDeniedException', "You don't have access to the model with the specified model ID."), async ({ rt, fault }) => {
      const res = await rt.invoke(QUESTION);
      expect(res.status).toBe(500);
      expect(res.headers['content-type']).toBe('application/json');
      const body = res.json();
      expect(body.error.code).toBe('llm_rejected');
      expect(body.error.message).toContain(MODEL);
      expect(body.error.message).toContain('us-east-1');
      expect(body.error.message).toMatch(/Enable access to model/);
      expect(body.error.message).not.toMatch(/\n\s+at /);
      expect(res.ms).toBeLessThan(CALL_TIMEOUT_MS);
      // Retrying cannot fix access: one request only.
      expect(fault.requests).toHaveLength(1);
    });
  });
});
