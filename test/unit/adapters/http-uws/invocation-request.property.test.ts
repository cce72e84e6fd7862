import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PROMPT_CHARS, parseInvocationRequest, toCommand, type InvocationRequestParse } from '../../../../src/adapters/http-uws/invocation-request.js';
import { asSessionId } from '../../../../src/domain/ids.js';
import {
  anyJsonType, DANGEROUS_KEYS, hostileJson, hostileKey, hostileString, hugeString, pollutingJsonText, prototypeIsClean, REQUEST_FIELDS,
} from '../../../support/hostile-arbitraries.js';

// Hostile input for the request parser: whatever arrives, the answer is a request that keeps the
// contract's limits or one short message naming the field; never an exception.

const FIELD_OR_BODY = new RegExp(`^(?:input\\.)?(?:${REQUEST_FIELDS.join('|')}|body) `);
// eslint-disable-next-line no-control-regex -- a header value must not carry control characters.
const CONTROL = /[\u0000-\u001f\u007f]/;

const codePoints = (s: string): number => [...s].length;

/** Parses without letting an exception through, so fast-check reports the input that threw. */
function parse(body: unknown): InvocationRequestParse {
  try {
    return parseInvocationRequest(body);
  } catch (error) {
    throw new Error(`parseInvocationRequest threw ${String(error)}`, { cause: error });
  }
}

/** Every invariant of an answer, whichever way it went. */
function expectWellFormed(parsed: InvocationRequestParse): void {
  if (!parsed.ok) {
    expect(typeof parsed.message).toBe('string');
    // One short sentence naming the field (or the body), never an echo of the input.
    expect(parsed.message.length).toBeLessThanOrEqual(200);
    expect(parsed.message.endsWith('.')).toBe(true);
    expect(parsed.message.startsWith('The body must be a JSON object, not ') || FIELD_OR_BODY.test(parsed.message)).toBe(true);
    return;
  }
  const r = parsed.request;
  expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
  expect(typeof r.prompt).toBe('string');
  expect(r.prompt.length).toBeGreaterThanOrEqual(1);
  // Characters are code points (zod counts them so): at most twice as many UTF-16 units.
  expect(codePoints(r.prompt)).toBeLessThanOrEqual(MAX_PROMPT_CHARS);
  expect(r.prompt.trim().length).toBeGreaterThan(0);
  expect(typeof r.userId).toBe('string');
  expect(r.userId.length).toBeGreaterThanOrEqual(1);
  expect(codePoints(r.userId)).toBeLessThanOrEqual(128);
  if (r.sessionId !== undefined) {
    expect(typeof r.sessionId).toBe('string');
    expect(r.sessionId.length).toBeGreaterThanOrEqual(1);
    expect(codePoints(r.sessionId)).toBeLessThanOrEqual(256);
    // The session id is echoed in a response header.
    expect(r.sessionId).not.toMatch(CONTROL);
  }
  expect([true, false, 'simple']).toContain(r.autoApprovePlan);
  expect(typeof r.stream).toBe('boolean');
  expect(typeof r.background).toBe('boolean');
  if (r.control?.kind === 'status') expect(r.control.investigationId).toEqual(expect.any(String));
  if (r.decision?.action === 'modify') expect(typeof r.decision.plan).toBe('object');
  for (const key of Object.keys(r)) expect(['prompt', 'decision', 'control', 'background', 'sessionId', 'userId', 'autoApprovePlan', 'stream']).toContain(key);
  // What the adapter does next must not throw either.
  const command = toCommand(r, asSessionId(r.sessionId ?? 'session'), 'inv-1');
  expect(command.prompt).toBe(r.prompt);
  expect(() => JSON.stringify(command)).not.toThrow();
}

describe('parseInvocationRequest: properties over hostile bodies', () => {
  it('answers any JSON value with a valid request or a message, never an exception', () => {
    fc.assert(fc.property(hostileJson, (body) => expectWellFormed(parse(body))), { numRuns: 1_000 });
  });

  it('answers any JavaScript value (dates, maps, bigints, null prototypes, sparse arrays) the same way', () => {
    const anything = fc.anything({
      withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true,
      withSparseArray: true, withBoxedValues: true, withObjectString: true, withUnicodeString: true,
    });
    fc.assert(fc.property(anything, (body) => expectWellFormed(parse(body))), { numRuns: 500 });
    fc.assert(fc.property(anything, (body) => expectWellFormed(parse({ input: body }))), { numRuns: 200 });
  });

  it('names the field when every field may hold a value of the wrong type, flat or inside input', () => {
    const fields = fc.dictionary(fc.constantFrom(...REQUEST_FIELDS), anyJsonType, { minKeys: 1, maxKeys: REQUEST_FIELDS.length });
    fc.assert(fc.property(fields, fc.boolean(), (body, wrapped) => {
      const parsed = parse(wrapped ? { input: body } : body);
      expectWellFormed(parsed);
      if (!parsed.ok && wrapped && typeof body === 'object') expect(parsed.message).toMatch(/^input\./);
    }), { numRuns: 1_000 });
  });

  it('takes a prompt of any code points, lone surrogates included, exactly when the contract allows it', () => {
    fc.assert(fc.property(fc.oneof(hostileString(60), hugeString(19_990, 20_010)), fc.boolean(), (prompt, wrapped) => {
      const body = { prompt, user_id: 'u' };
      const parsed = parse(wrapped ? { input: body } : body);
      expectWellFormed(parsed);
      const allowed = prompt.length >= 1 && codePoints(prompt) <= MAX_PROMPT_CHARS && prompt.trim().length > 0;
      expect(parsed.ok).toBe(allowed);
      // Taken as sent: no normalisation, no replacement of lone surrogates.
      if (parsed.ok) expect(parsed.request.prompt).toBe(prompt);
    }), { numRuns: 500 });
  });

  it('refuses huge strings in every string field with a short message', () => {
    const field = fc.constantFrom('prompt', 'session_id', 'user_id', 'investigation_id');
    fc.assert(fc.property(field, hugeString(20_001, 300_000), (name, value) => {
      const parsed = parse({ prompt: 'why?', action: name === 'investigation_id' ? 'status' : undefined, [name]: value, investigation_id: name === 'investigation_id' ? value : 'inv' });
      expect(parsed.ok).toBe(false);
      expectWellFormed(parsed);
      expect(parsed).toMatchObject({ message: expect.stringMatching(new RegExp(`^${name} must be at most \\d+ characters\\.$`)) });
    }), { numRuns: 60 });
  });

  it('refuses a session id with control characters: it is echoed in a response header', () => {
    const injected = fc.tuple(hostileString(10), fc.constantFrom('\r\n', '\n', '\r', '\u0000', '\u007f'), hostileString(10)).map(([a, c, b]) => `${a}${c}Set-Cookie: x=1${b}`);
    fc.assert(fc.property(injected, (sessionId) => {
      expect(parse({ prompt: 'why?', session_id: sessionId })).toEqual({ ok: false, message: 'session_id must not contain control characters.' });
    }), { numRuns: 200 });
    expect(parse({ prompt: 'why?', session_id: 'runtime-é漢🚀-20250122143052' })).toMatchObject({ ok: true, request: { sessionId: 'runtime-é漢🚀-20250122143052' } });
  });

  it('never writes to Object.prototype, whatever __proto__, constructor or prototype keys the body carries', () => {
    fc.assert(fc.property(pollutingJsonText, (text) => {
      const body: unknown = JSON.parse(text);
      const parsed = parse(body);
      expectWellFormed(parsed);
      expect(prototypeIsClean()).toBe(true);
      if (parsed.ok) {
        // The request carries only its own fields: nothing reachable through a smuggled prototype.
        expect((parsed.request as unknown as Record<string, unknown>)['polluted']).toBeUndefined();
        const plan = parsed.request.decision?.action === 'modify' ? parsed.request.decision.plan as Record<string, unknown> : undefined;
        if (plan) {
          expect([Object.prototype, null]).toContain(Object.getPrototypeOf(plan));
          // The body may name a key "polluted" itself (a duplicate "plan" key wins in JSON.parse); only an inherited one is pollution.
          if (!Object.hasOwn(plan, 'polluted')) expect(plan['polluted']).toBeUndefined();
        }
      }
    }), { numRuns: 1_000 });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('ignores dangerous keys in a body that is otherwise valid', () => {
    for (const key of DANGEROUS_KEYS) {
      const parsed = parse(JSON.parse(`{"prompt":"why?","${key}":{"prompt":7,"user_id":7}}`));
      expect(parsed).toMatchObject({ ok: true, request: { prompt: 'why?', userId: 'default_user' } });
    }
  });

  it('answers bodies nested 100,000 levels deep without overflowing the stack', () => {
    const depth = 100_000;
    const arrays: unknown = JSON.parse('['.repeat(depth) + ']'.repeat(depth));
    const objects: unknown = JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
    expect(parse(arrays)).toEqual({ ok: false, message: 'The body must be a JSON object, not an array.' });
    expect(parse(objects)).toMatchObject({ ok: false, message: 'prompt is required.' });
    expect(parse({ prompt: arrays })).toEqual({ ok: false, message: 'prompt must be a string.' });
    expect(parse({ input: objects })).toMatchObject({ ok: false, message: 'input.prompt is required.' });
    // A plan is passed on as sent: a deep one overflowed the checkpoint's serialiser (a 500).
    expect(parse({ action: 'modify', plan: { steps: [{ agent: 'logs', goal: 'g', x: objects }] } })).toEqual({ ok: false, message: 'plan must be nested at most 16 levels deep.' });
    expect(parse({ input: { action: 'modify', plan: objects } })).toEqual({ ok: false, message: 'input.plan must be nested at most 16 levels deep.' });
    expect(parse({ action: 'modify', plan: { steps: [{ agent: 'logs', goal: 'g', depends_on: [1] }] } })).toMatchObject({ ok: true });
  });

  it('is deterministic: the same body gets the same answer', () => {
    fc.assert(fc.property(fc.dictionary(hostileKey, hostileJson, { maxKeys: 6 }), (body) => {
      expect(parse(structuredClone(body))).toEqual(parse(body));
    }), { numRuns: 300 });
  });
});
