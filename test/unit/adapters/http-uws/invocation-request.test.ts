import { describe, expect, it } from 'vitest';
import { parseInvocationRequest } from '../../../../src/adapters/http-uws/invocation-request.js';

describe('parseInvocationRequest', () => {
  it('reads the flat AgentCore shape and applies the defaults', () => {
    expect(parseInvocationRequest({ prompt: 'Why is the API pod restarting?' })).toEqual({
      ok: true, request: { prompt: 'Why is the API pod restarting?', userId: 'default_user', autoApprovePlan: true, stream: false, background: false },
    });
  });

  it('reads the original {"input": {...}} shape with every field', () => {
    const body = { input: { prompt: 'hi', session_id: 'runtime-20250122143052', user_id: 'Alice', auto_approve_plan: false, stream: true } };
    expect(parseInvocationRequest(body)).toEqual({
      ok: true, request: { prompt: 'hi', sessionId: 'runtime-20250122143052', userId: 'Alice', autoApprovePlan: false, stream: true, background: false },
    });
  });

  it('accepts "simple" as an approval mode', () => {
    expect(parseInvocationRequest({ prompt: 'hi', auto_approve_plan: 'simple' })).toMatchObject({ ok: true, request: { autoApprovePlan: 'simple' } });
  });

  it('ignores unknown fields', () => {
    const parsed = parseInvocationRequest({ prompt: 'hi', temperature: 2, messages: [] });
    expect(parsed).toEqual({ ok: true, request: { prompt: 'hi', userId: 'default_user', autoApprovePlan: true, stream: false, background: false } });
  });

  it('treats a non-object input field as a flat body field', () => {
    expect(parseInvocationRequest({ input: 'hi', prompt: 'real' })).toMatchObject({ ok: true, request: { prompt: 'real' } });
  });

  it('accepts a prompt of exactly 20,000 characters', () => {
    expect(parseInvocationRequest({ prompt: 'x'.repeat(20_000) }).ok).toBe(true);
  });

  it.each([
    [{}, 'prompt is required.'],
    [{ prompt: 7 }, 'prompt must be a string.'],
    [{ prompt: [{ text: 'hi' }] }, 'prompt must be a string.'],
    [{ input: { prompt: { toolUse: {} } } }, 'input.prompt must be a string.'],
    [{ prompt: '' }, 'prompt must not be empty.'],
    [{ prompt: '  \n ' }, 'prompt must not be blank.'],
    [{ prompt: 'x'.repeat(20_001) }, 'prompt must be at most 20000 characters.'],
    [{ prompt: 'hi', session_id: '' }, 'session_id must not be empty.'],
    [{ prompt: 'hi', session_id: 's'.repeat(257) }, 'session_id must be at most 256 characters.'],
    [{ prompt: 'hi', session_id: 12 }, 'session_id must be a string.'],
    [{ prompt: 'hi', user_id: 'u'.repeat(129) }, 'user_id must be at most 128 characters.'],
    [{ prompt: 'hi', auto_approve_plan: 'yes' }, 'auto_approve_plan must be true, false or "simple".'],
    [{ prompt: 'hi', stream: 'true' }, 'stream must be a boolean.'],
  ])('rejects %j with "%s"', (body, message) => {
    expect(parseInvocationRequest(body)).toEqual({ ok: false, message });
  });

  it.each([
    [[{ prompt: 'hi' }], 'an array'],
    ['hi', 'a string'],
    [42, 'a number'],
    [true, 'a boolean'],
    [null, 'null'],
  ])('rejects the non-object body %j', (body, what) => {
    expect(parseInvocationRequest(body)).toEqual({ ok: false, message: `The body must be a JSON object, not ${what}.` });
  });
});

describe('parseInvocationRequest: answers to a plan awaiting approval', () => {
  it('takes an action without a prompt', () => {
    const parsed = parseInvocationRequest({ input: { action: 'approve', session_id: 's' } });
    expect(parsed).toMatchObject({ ok: true, request: { decision: { action: 'approve' }, sessionId: 's' } });
  });

  it('requires a plan with modify, and a prompt when there is no action', () => {
    expect(parseInvocationRequest({ action: 'modify' })).toMatchObject({ ok: false, message: expect.stringContaining('plan is required') });
    expect(parseInvocationRequest({ action: 'modify', plan: { steps: [{ agent: 'logs', goal: 'g' }] } })).toMatchObject({ ok: true, request: { decision: { action: 'modify', plan: { steps: [{ agent: 'logs', goal: 'g' }] } } } });
    expect(parseInvocationRequest({ user_id: 'a' })).toMatchObject({ ok: false, message: expect.stringContaining('prompt is required') });
    expect(parseInvocationRequest({ action: 'delete_everything' })).toMatchObject({ ok: false, message: expect.stringContaining('action must be') });
  });
});

describe('parseInvocationRequest: background work and control actions', () => {
  it('reads async, status and cancel', () => {
    expect(parseInvocationRequest({ prompt: 'why?', async: true })).toMatchObject({ ok: true, request: { background: true } });
    expect(parseInvocationRequest({ action: 'status', investigation_id: 'inv-1' })).toMatchObject({ ok: true, request: { control: { kind: 'status', investigationId: 'inv-1' } } });
    expect(parseInvocationRequest({ action: 'cancel' })).toMatchObject({ ok: true, request: { control: { kind: 'cancel' } } });
    expect(parseInvocationRequest({ action: 'status' })).toMatchObject({ ok: false, message: expect.stringContaining('investigation_id is required') });
    expect(parseInvocationRequest({ prompt: 'x', async: 'yes' })).toMatchObject({ ok: false, message: expect.stringContaining('async must be a boolean') });
  });
});
