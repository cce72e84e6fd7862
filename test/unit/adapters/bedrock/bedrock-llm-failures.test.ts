import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LlmStreamChunk } from '../../../../src/application/ports/llm.js';
import { PLAN_TOOL_NAME } from '../../../../src/domain/plan.js';
import { accessDenied, FakeBedrock, failure, text, throttled, tooLong, toolUse, turn } from '../../../support/fake-bedrock.js';
import { collect, llmOn, MODEL, planRequest, signal, specialist, VALID_PLAN } from './fixtures.js';

let fake: FakeBedrock;
beforeEach(async () => {
  fake = await FakeBedrock.start();
});
afterEach(async () => {
  await fake.close();
});

describe('BedrockLlm failures', () => {
  it('retries throttling through the SDK adaptive strategy and succeeds', async () => {
    fake.script(throttled(), toolUse(PLAN_TOOL_NAME, VALID_PLAN));
    const response = await llmOn(fake, {}, 3).complete(planRequest, signal());
    expect(response.toolCalls[0]?.name).toBe(PLAN_TOOL_NAME);
    expect(fake.requests).toHaveLength(2);
  });

  it('gives LlmUnavailable (HTTP 503 llm_unavailable upstream) once throttling exhausts the attempts', async () => {
    fake.script(throttled(), throttled(), throttled());
    await expect(llmOn(fake, {}, 2).complete(planRequest, signal())).rejects.toMatchObject({ name: 'LlmUnavailable', message: expect.stringContaining('ThrottlingException') });
    expect(fake.requests).toHaveLength(2);
    fake.script(failure(503, 'ServiceUnavailableException', 'busy'), failure(503, 'ServiceUnavailableException', 'busy'));
    await expect(collect(llmOn(fake, {}, 2).stream(planRequest, signal()))).rejects.toMatchObject({ name: 'LlmUnavailable' });
  });

  it('rejects access denied with LlmRejected naming the model and the region, without retrying', async () => {
    fake.script(accessDenied());
    const error = await llmOn(fake, { region: 'eu-west-1' }, 3).complete(planRequest, signal()).then(() => new Error('resolved'), (e: unknown) => e as Error);
    expect(error).toMatchObject({ name: 'LlmRejected' });
    expect(error.message).toContain(MODEL);
    expect(error.message).toContain('eu-west-1');
    expect(error.message).toContain('AccessDeniedException');
    expect(fake.requests).toHaveLength(1);
    fake.script(failure(404, 'ResourceNotFoundException', 'Model not found'));
    await expect(collect(llmOn(fake).stream(planRequest, signal()))).rejects.toMatchObject({ name: 'LlmRejected', message: expect.stringContaining(MODEL) });
  });

  it('maps an exception frame in the middle of a stream to LlmUnavailable', async () => {
    fake.script(turn({ text: 'partial answer' }, { exception: { type: 'throttlingException', message: 'slow down' } }));
    await expect(collect(llmOn(fake).stream(specialist([{ role: 'user', content: 'go' }]), signal()))).rejects.toMatchObject({ name: 'LlmUnavailable' });
  });

  it('trims older tool output and retries once when the input is too long', async () => {
    const big = 'x'.repeat(10_000);
    const messages = [
      { role: 'user' as const, content: 'go' },
      { role: 'assistant' as const, toolCalls: [{ id: 't1', name: 'k8s-api___get_pod_status', args: {} }] },
      { role: 'tool' as const, results: [{ callId: 't1', name: 'k8s-api___get_pod_status', ok: true, content: big }] },
      { role: 'assistant' as const, toolCalls: [{ id: 't2', name: 'k8s-api___get_pod_status', args: {} }] },
      { role: 'tool' as const, results: [{ callId: 't2', name: 'k8s-api___get_pod_status', ok: true, content: big }] },
    ];
    fake.script(tooLong(), text('fits now'));
    const response = await llmOn(fake).complete(specialist(messages), signal());
    expect(response.text).toBe('fits now');
    const results = (i: number) => fake.requests[1]?.body.messages[i].content[0].toolResult.content[0].text as string;
    expect(results(2)).toMatch(/^\[Older tool output removed/);
    expect(results(4).length).toBeLessThan(4_100);
    fake.script(tooLong(), tooLong());
    await expect(llmOn(fake).complete(specialist(messages), signal())).rejects.toMatchObject({ name: 'LlmRejected', message: expect.stringContaining('too long') });
    expect(fake.requests).toHaveLength(4);
  });

  it('gives LlmUnavailable when the call passes its deadline', async () => {
    fake.script({ hang: true });
    await expect(llmOn(fake, { callTimeoutMs: 150 }).complete(planRequest, signal())).rejects.toMatchObject({ name: 'LlmUnavailable', message: expect.stringContaining('150 ms') });
  });
});

describe('BedrockLlm plan repair', () => {
  it('repairs a plan whose streamed JSON is malformed by sending the validation error back once', async () => {
    fake.script(turn({ toolUses: [{ id: 'tu_bad', name: PLAN_TOOL_NAME, rawInput: '{"steps": [{"agent": "kubernetes", "goal": ' }] }), toolUse(PLAN_TOOL_NAME, VALID_PLAN, 'tu_good'));
    const chunks = await collect(llmOn(fake).stream(planRequest, signal()));
    const done = chunks.at(-1) as Extract<LlmStreamChunk, { kind: 'done' }>;
    expect(done.response.toolCalls).toEqual([{ id: 'tu_good', name: PLAN_TOOL_NAME, args: VALID_PLAN }]);
    // Both calls count; Haiku 4.5 at $1 / $5 per million tokens.
    expect(done.response.usage).toEqual({ inputTokens: 22, outputTokens: 14, costUsd: expect.closeTo(0.000092, 9) });
    const repair = fake.requests[1]?.body;
    expect(repair.toolConfig.toolChoice).toEqual({ tool: { name: PLAN_TOOL_NAME } });
    expect(repair.messages[1]).toEqual({ role: 'assistant', content: [{ toolUse: { toolUseId: 'tu_bad', name: PLAN_TOOL_NAME, input: {} } }] });
    const result = repair.messages[2].content[0].toolResult;
    expect(result).toMatchObject({ toolUseId: 'tu_bad', status: 'error' });
    expect(result.content[0].text).toContain('was not a JSON object');
  });

  it('drops a plan still invalid after the repair, so that the graph uses its default plan', async () => {
    fake.script(
      toolUse(PLAN_TOOL_NAME, { steps: [{ agent: 'dba', goal: 'x' }], complexity: 'simple', auto_execute: true, reasoning: '' }),
      toolUse(PLAN_TOOL_NAME, { steps: [], complexity: 'weird' }),
    );
    const response = await llmOn(fake).complete(planRequest, signal());
    expect(response.toolCalls).toEqual([]);
    expect(response.stopReason).toBe('end_turn');
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]?.body.messages[2].content[0].toolResult.content[0].text).toMatch(/does not match its schema[\s\S]*steps/);
  });

  it('does not validate tools other than a forced submit_plan', async () => {
    fake.script(toolUse('submit_finding', { anything: 1 }));
    const response = await llmOn(fake).complete(specialist([{ role: 'user', content: 'go' }], true), signal());
    expect(response.toolCalls[0]?.args).toEqual({ anything: 1 });
    expect(fake.requests).toHaveLength(1);
  });
});

describe('BedrockLlm cancellation', () => {
  it('aborts in the middle of a stream with OperationCancelled and closes the connection', async () => {
    fake.script(turn({ text: 'The first words arrive, then the model stalls forever.' }, { hangAfterFrames: 3 }));
    const controller = new AbortController();
    const seen: string[] = [];
    const run = (async () => {
      for await (const chunk of llmOn(fake).stream(specialist([{ role: 'user', content: 'go' }]), controller.signal)) {
        if (chunk.kind === 'text') seen.push(chunk.delta);
        if (seen.length === 2) controller.abort();
      }
    })();
    await expect(run).rejects.toMatchObject({ name: 'OperationCancelled' });
    expect(seen).toHaveLength(2);
    await expect.poll(() => fake.abandonedStreams).toBe(1);
  });

  it('aborts a request that is waiting for its response', async () => {
    fake.script({ hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(llmOn(fake).complete(planRequest, controller.signal)).rejects.toMatchObject({ name: 'OperationCancelled' });
  });
});
