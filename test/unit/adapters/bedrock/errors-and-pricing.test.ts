import { describe, expect, it } from 'vitest';
import { isContextTooLong, toPortError } from '../../../../src/adapters/bedrock/bedrock-errors.js';
import { trimToolOutput } from '../../../../src/adapters/bedrock/context-trim.js';
import { baseModelId, costUsd, supportsPromptCaching } from '../../../../src/adapters/bedrock/usage-pricing.js';

const sdkError = (name: string, status?: number, message = 'boom') => Object.assign(new Error(message), { name, ...(status ? { $metadata: { httpStatusCode: status } } : {}) });
const scope = (over: { signal?: AbortSignal; deadline?: AbortSignal } = {}) => ({
  modelId: 'm-1', region: 'ap-south-1', timeoutMs: 1000, signal: new AbortController().signal, deadline: new AbortController().signal, ...over,
});
const aborted = () => AbortSignal.abort();

describe('SDK errors to port errors', () => {
  it.each([
    ['ThrottlingException', 429, 'LlmUnavailable'], ['ServiceUnavailableException', 503, 'LlmUnavailable'], ['InternalServerException', 500, 'LlmUnavailable'],
    ['ModelNotReadyException', 429, 'LlmUnavailable'], ['ModelTimeoutException', 408, 'LlmUnavailable'], ['TimeoutError', undefined, 'LlmUnavailable'],
    ['AccessDeniedException', 403, 'LlmRejected'], ['ResourceNotFoundException', 404, 'LlmRejected'], ['ValidationException', 400, 'LlmRejected'],
    ['ValidationException', undefined, 'LlmRejected'], ['CredentialsProviderError', undefined, 'LlmRejected'], ['Error', undefined, 'LlmUnavailable'],
  ] as const)('%s (%s) → %s', (name, status, expected) => {
    const error = toPortError(sdkError(name, status), scope());
    expect(error.name).toBe(expected);
    expect(error.message).toContain('m-1');
    expect(error.message).toContain('ap-south-1');
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('treats the caller abort as a cancellation and the deadline as an outage', () => {
    expect(toPortError(sdkError('AbortError'), scope({ signal: aborted(), deadline: aborted() })).name).toBe('OperationCancelled');
    expect(toPortError(sdkError('AbortError'), scope({ deadline: aborted() })).name).toBe('LlmUnavailable');
    expect(toPortError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), scope()).name).toBe('LlmUnavailable');
  });

  it('recognises context-window validation errors', () => {
    expect(isContextTooLong(sdkError('ValidationException', 400, 'Input is too long for requested model.'))).toBe(true);
    expect(isContextTooLong(sdkError('ValidationException', 400, 'prompt is too long: 210000 tokens > 200000 maximum'))).toBe(true);
    expect(isContextTooLong(sdkError('ValidationException', 400, 'messages: field required'))).toBe(false);
    expect(isContextTooLong(sdkError('ThrottlingException', 429, 'too long a queue'))).toBe(false);
  });
});

describe('context trimming', () => {
  it('keeps only the latest tool output, cut, and says when there is nothing to trim', () => {
    const tool = (id: string, content: string) => ({ role: 'tool' as const, results: [{ callId: id, name: 't', ok: true, content }] });
    const trimmed = trimToolOutput([{ role: 'user', content: 'q' }, tool('a', 'y'.repeat(500)), tool('b', 'z'.repeat(5000))]);
    expect(trimmed?.[1]).toEqual(tool('a', '[Older tool output removed to fit the model context window.]'));
    expect((trimmed?.[2] as ReturnType<typeof tool>).results[0]?.content).toMatch(/^z{4000}\n\[Cut/);
    expect(trimToolOutput([{ role: 'user', content: 'q' }, tool('a', 'short')])).toBeUndefined();
  });
});

describe('usage pricing', () => {
  it('estimates cost from the default table through inference-profile prefixes, and from a configured table first', () => {
    expect(baseModelId('global.anthropic.claude-haiku-4-5-20251001-v1:0')).toBe('anthropic.claude-haiku-4-5-20251001-v1:0');
    expect(costUsd({ inputTokens: 1_000_000, outputTokens: 200_000 }, 'global.anthropic.claude-haiku-4-5-20251001-v1:0')).toBeCloseTo(2);
    expect(costUsd({ inputTokens: 1000, outputTokens: 1000 }, 'my-model', { 'my-model': { inputPerMTok: 10, outputPerMTok: 20 } })).toBeCloseTo(0.03);
    expect(costUsd({ inputTokens: 1000, outputTokens: 1000 }, 'unknown.model')).toBe(0);
  });

  it('knows which models accept cache points', () => {
    expect(supportsPromptCaching('global.anthropic.claude-haiku-4-5-20251001-v1:0')).toBe(true);
    expect(supportsPromptCaching('us.amazon.nova-micro-v1:0')).toBe(true);
    expect(supportsPromptCaching('meta.llama3-70b-instruct-v1:0')).toBe(false);
  });
});
