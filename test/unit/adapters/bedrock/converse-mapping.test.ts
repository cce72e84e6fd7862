import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { fromContent, readToolInput, toConverseMessages, toStopReason, toSystem } from '../../../../src/adapters/bedrock/converse-mapping.js';
import { StreamAssembly } from '../../../../src/adapters/bedrock/stream-assembly.js';

describe('domain messages to Converse messages', () => {
  it('merges consecutive same-role turns and replaces blank text, which Bedrock rejects', () => {
    expect(toConverseMessages([
      { role: 'user', content: 'first' },
      { role: 'user', content: '  ' },
      { role: 'assistant', toolCalls: [] },
      { role: 'tool', results: [{ callId: 'a', name: 't', ok: true, content: '' }] },
      { role: 'user', content: 'and then?' },
    ])).toEqual([
      { role: 'user', content: [{ text: 'first' }, { text: '(empty)' }] },
      { role: 'assistant', content: [{ text: '(empty)' }] },
      { role: 'user', content: [{ toolResult: { toolUseId: 'a', content: [{ text: '(empty)' }], status: 'success' } }, { text: 'and then?' }] },
    ]);
  });

  it('puts the adapter preamble before the graph system prompt and a cache point last when asked', () => {
    expect(toSystem('pre', 'sys', true)).toEqual([{ text: 'pre' }, { text: 'sys' }, { cachePoint: { type: 'default' } }]);
    expect(toSystem('pre', '', false)).toEqual([{ text: 'pre' }]);
  });

  it('reads Converse content and stop reasons into the port shape', () => {
    expect(fromContent([{ text: 'a' }, { toolUse: { toolUseId: 'x', name: 'n', input: { k: 1 } } }, { text: 'b' }]))
      .toEqual({ text: 'ab', toolCalls: [{ id: 'x', name: 'n', args: { k: 1 } }] });
    expect(['end_turn', 'stop_sequence', 'tool_use', 'max_tokens', 'guardrail_intervened', undefined].map(toStopReason))
      .toEqual(['end_turn', 'end_turn', 'tool_use', 'max_tokens', 'other', 'other']);
    expect(readToolInput('{"a":1}')).toEqual({ args: { a: 1 } });
    expect(readToolInput('')).toEqual({ args: {} });
    expect(readToolInput('{"a":')).toEqual({ args: {}, invalidJson: '{"a":' });
    expect(readToolInput([1])).toEqual({ args: {}, invalidJson: '[1]' });
  });
});

describe('ConverseStream assembly', () => {
  it('assembles interleaved tool blocks from partial JSON and finishes blocks the stream never stopped', () => {
    const a = new StreamAssembly();
    const deltas = [
      a.accept({ messageStart: { role: 'assistant' } }),
      a.accept({ contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'Hi' } } }),
      a.accept({ contentBlockStart: { contentBlockIndex: 1, start: { toolUse: { toolUseId: 't1', name: 'one' } } } }),
      a.accept({ contentBlockStart: { contentBlockIndex: 2, start: { toolUse: { toolUseId: 't2', name: 'two' } } } }),
      a.accept({ contentBlockDelta: { contentBlockIndex: 2, delta: { toolUse: { input: '{"b":' } } } }),
      a.accept({ contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input: '{"a":[1,' } } } }),
      a.accept({ contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input: '2]}' } } } }),
      a.accept({ contentBlockDelta: { contentBlockIndex: 2, delta: { toolUse: { input: '"x"}' } } } }),
      a.accept({ contentBlockStop: { contentBlockIndex: 2 } }),
      a.accept({ metadata: { usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7 }, metrics: { latencyMs: 1 } } }),
    ];
    expect(deltas.filter(Boolean)).toEqual(['Hi']);
    expect(a.result()).toEqual({
      text: 'Hi', stopReason: 'tool_use', usage: { inputTokens: 3, outputTokens: 4 },
      toolCalls: [{ id: 't1', name: 'one', args: { a: [1, 2] } }, { id: 't2', name: 'two', args: { b: 'x' } }],
    });
  });

  it('flags malformed tool JSON and throws exception events by their error name', () => {
    const a = new StreamAssembly();
    a.accept({ contentBlockStart: { contentBlockIndex: 0, start: { toolUse: { toolUseId: 't', name: 'submit_plan' } } } });
    a.accept({ contentBlockDelta: { contentBlockIndex: 0, delta: { toolUse: { input: '{"steps": [' } } } });
    a.accept({ contentBlockStop: { contentBlockIndex: 0 } });
    expect(a.result().toolCalls).toEqual([{ id: 't', name: 'submit_plan', args: {}, invalidJson: '{"steps": [' }]);
    expect(() => a.accept({ throttlingException: { message: 'slow' } } as unknown as ConverseStreamOutput)).toThrow(expect.objectContaining({ name: 'ThrottlingException', message: 'slow' }));
  });
});
