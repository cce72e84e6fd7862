import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BedrockLlm } from '../../../../src/adapters/bedrock/bedrock-llm.js';
import { FINDING_TOOL_NAME } from '../../../../src/domain/finding.js';
import type { AgentMessage } from '../../../../src/domain/messages.js';
import { PLAN_TOOL_NAME, PLAN_TOOL_SCHEMA } from '../../../../src/domain/plan.js';
import { FakeBedrock, fakeBedrockClient, text, toolUse, turn } from '../../../support/fake-bedrock.js';
import { collect, MODEL, OPTIONS, planRequest, signal, specialist, VALID_PLAN } from './fixtures.js';

let fake: FakeBedrock;
beforeEach(async () => {
  fake = await FakeBedrock.start();
});
afterEach(async () => {
  await fake.close();
});

describe('BedrockLlm over Converse', () => {
  it('asks for a plan through the forced submit_plan tool and returns the validated call', async () => {
    fake.script(toolUse(PLAN_TOOL_NAME, VALID_PLAN, 'tooluse_plan', { inputTokens: 120, outputTokens: 40 }));
    const response = await new BedrockLlm(fakeBedrockClient(fake), OPTIONS).complete(planRequest, signal());
    expect(response).toEqual({ toolCalls: [{ id: 'tooluse_plan', name: PLAN_TOOL_NAME, args: VALID_PLAN }], stopReason: 'tool_use', usage: { inputTokens: 120, outputTokens: 40, costUsd: expect.closeTo(0.00032, 9) } });
    const [sent] = fake.requests;
    expect(sent?.op).toBe('converse');
    expect(sent?.modelId).toBe(MODEL);
    expect(sent?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDFAKE\/\d{8}\/us-east-1\/bedrock\/aws4_request/);
    expect(sent?.body.toolConfig).toEqual({ tools: [{ toolSpec: { name: PLAN_TOOL_NAME, description: 'Submit the plan.', inputSchema: { json: PLAN_TOOL_SCHEMA } } }], toolChoice: { tool: { name: PLAN_TOOL_NAME } } });
    expect(sent?.body.system).toHaveLength(2);
    expect(sent?.body.system[0].text).toContain('submit_plan');
    expect(sent?.body.system[1]).toEqual({ text: 'Plan the investigation.' });
    expect(sent?.body.inferenceConfig).toEqual({ maxTokens: 1024, temperature: 0.2 });
    expect(sent?.body.messages).toEqual([{ role: 'user', content: [{ text: 'Question: why is the API slow?' }] }]);
  });

  it('runs a specialist tool loop: toolUse turns, then tool results (a failed one with status error), then the finding', async () => {
    fake.script(
      turn({ text: 'Checking pods.', toolUses: [{ id: 'tu_1', name: 'k8s-api___get_pod_status', input: { namespace: 'production' } }, { id: 'tu_2', name: 'k8s-api___get_pod_status', input: { namespace: 'nope' } }] }),
      toolUse(FINDING_TOOL_NAME, { summary: 'database-pod crash-loops' }, 'tu_3'),
    );
    const llm = new BedrockLlm(fakeBedrockClient(fake), OPTIONS);
    const messages: AgentMessage[] = [{ role: 'user', content: 'Your step (1): check pods' }];
    const first = await llm.complete(specialist(messages), signal());
    expect(first).toMatchObject({ text: 'Checking pods.', stopReason: 'tool_use' });
    expect(first.toolCalls.map((c) => [c.id, c.args])).toEqual([['tu_1', { namespace: 'production' }], ['tu_2', { namespace: 'nope' }]]);
    messages.push({ role: 'assistant', text: first.text ?? '', toolCalls: first.toolCalls }, {
      role: 'tool', results: [
        { callId: 'tu_1', name: 'k8s-api___get_pod_status', ok: true, content: '{"pods":[{"name":"database-pod","status":"CrashLoopBackOff"}]}' },
        { callId: 'tu_2', name: 'k8s-api___get_pod_status', ok: false, content: 'namespace not found' },
      ],
    });
    const second = await llm.complete(specialist(messages, true), signal());
    expect(second.toolCalls).toEqual([{ id: 'tu_3', name: FINDING_TOOL_NAME, args: { summary: 'database-pod crash-loops' } }]);
    const body = fake.requests[1]?.body;
    expect(body.toolConfig.toolChoice).toEqual({ tool: { name: FINDING_TOOL_NAME } });
    expect(fake.requests[0]?.body.toolConfig.toolChoice).toEqual({ auto: {} });
    expect(body.messages).toEqual([
      { role: 'user', content: [{ text: 'Your step (1): check pods' }] },
      { role: 'assistant', content: [{ text: 'Checking pods.' }, { toolUse: { toolUseId: 'tu_1', name: 'k8s-api___get_pod_status', input: { namespace: 'production' } } }, { toolUse: { toolUseId: 'tu_2', name: 'k8s-api___get_pod_status', input: { namespace: 'nope' } } }] },
      { role: 'user', content: [
        { toolResult: { toolUseId: 'tu_1', content: [{ text: '{"pods":[{"name":"database-pod","status":"CrashLoopBackOff"}]}' }], status: 'success' } },
        { toolResult: { toolUseId: 'tu_2', content: [{ text: 'namespace not found' }], status: 'error' } },
      ] },
    ]);
  });

  it('uses the per-purpose model id in the URL and caps max tokens at the configured limit', async () => {
    fake.script(text('report'), text('plan'));
    const llm = new BedrockLlm(fakeBedrockClient(fake), { ...OPTIONS, maxTokens: 512, modelIds: { summarize: 'us.amazon.nova-micro-v1:0' } });
    await llm.complete({ ...planRequest, purpose: 'summarize', tools: [], toolChoice: 'auto' }, signal());
    await llm.complete({ ...planRequest, tools: [], toolChoice: 'auto' }, signal());
    expect(fake.requests.map((r) => r.modelId)).toEqual(['us.amazon.nova-micro-v1:0', MODEL]);
    expect(fake.requests[0]?.body.inferenceConfig.maxTokens).toBe(512);
    expect(fake.requests[0]?.body.toolConfig).toBeUndefined();
  });

  it('adds cachePoint blocks after the system prompt and the tools when prompt caching is on', async () => {
    fake.script(toolUse(PLAN_TOOL_NAME, VALID_PLAN), toolUse(PLAN_TOOL_NAME, VALID_PLAN));
    await new BedrockLlm(fakeBedrockClient(fake), { ...OPTIONS, promptCaching: true }).complete(planRequest, signal());
    await new BedrockLlm(fakeBedrockClient(fake), OPTIONS).complete(planRequest, signal());
    const [on, off] = fake.requests;
    expect(on?.body.system.at(-1)).toEqual({ cachePoint: { type: 'default' } });
    expect(on?.body.toolConfig.tools.at(-1)).toEqual({ cachePoint: { type: 'default' } });
    expect(JSON.stringify(off?.body)).not.toContain('cachePoint');
  });
});

describe('BedrockLlm over ConverseStream', () => {
  it('streams text deltas as they arrive, then one done chunk with the usage from metadata', async () => {
    fake.script(text('The database pod is crash-looping because its ConfigMap is missing.', { inputTokens: 50, outputTokens: 20 }));
    const chunks = await collect(new BedrockLlm(fakeBedrockClient(fake), OPTIONS).stream(specialist([{ role: 'user', content: 'go' }]), signal()));
    const deltas = chunks.flatMap((c) => (c.kind === 'text' ? [c.delta] : []));
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toBe('The database pod is crash-looping because its ConfigMap is missing.');
    expect(chunks.at(-1)).toEqual({ kind: 'done', response: { text: deltas.join(''), toolCalls: [], stopReason: 'end_turn', usage: { inputTokens: 50, outputTokens: 20, costUsd: expect.closeTo(0.00015, 9) } } });
    expect(fake.requests[0]?.op).toBe('converse-stream');
  });

  it('assembles streamed tool input from partial JSON deltas', async () => {
    fake.script(turn({ text: 'Looking.', toolUses: [
      { id: 'tu_a', name: 'k8s-api___get_pod_status', input: { namespace: 'production', labels: { app: 'web' } } },
      { id: 'tu_b', name: 'k8s-api___get_pod_status', input: { namespace: 'kube-system' } },
    ] }));
    const chunks = await collect(new BedrockLlm(fakeBedrockClient(fake), OPTIONS).stream(specialist([{ role: 'user', content: 'go' }]), signal()));
    const done = chunks.at(-1);
    if (done?.kind !== 'done') throw new Error('no done chunk');
    expect(done.response.toolCalls).toEqual([
      { id: 'tu_a', name: 'k8s-api___get_pod_status', args: { namespace: 'production', labels: { app: 'web' } } },
      { id: 'tu_b', name: 'k8s-api___get_pod_status', args: { namespace: 'kube-system' } },
    ]);
    expect(done.response.stopReason).toBe('tool_use');
  });
});
