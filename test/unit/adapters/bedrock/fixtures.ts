// Requests and options shared by the BedrockLlm tests.
import { BedrockLlm, type BedrockLlmOptions } from '../../../../src/adapters/bedrock/bedrock-llm.js';
import type { LlmRequest, LlmStreamChunk } from '../../../../src/application/ports/llm.js';
import { FINDING_TOOL_NAME, FINDING_TOOL_SCHEMA } from '../../../../src/domain/finding.js';
import type { AgentMessage } from '../../../../src/domain/messages.js';
import { PLAN_TOOL_NAME, PLAN_TOOL_SCHEMA } from '../../../../src/domain/plan.js';
import { type FakeBedrock, fakeBedrockClient } from '../../../support/fake-bedrock.js';

export const MODEL = 'global.anthropic.claude-haiku-4-5-20251001-v1:0';
export const OPTIONS: BedrockLlmOptions = { modelId: MODEL, region: 'us-east-1', temperature: 0.2, maxTokens: 2048, promptCaching: false, callTimeoutMs: 5_000 };
export const VALID_PLAN = { steps: [{ agent: 'kubernetes', goal: 'check pods' }, { agent: 'runbooks', goal: 'find the playbook', depends_on: [1] }], complexity: 'simple', auto_execute: true, reasoning: 'pods first' };

export const planRequest: LlmRequest = {
  purpose: 'plan', system: 'Plan the investigation.', messages: [{ role: 'user', content: 'Question: why is the API slow?' }],
  tools: [{ name: PLAN_TOOL_NAME, description: 'Submit the plan.', inputSchema: PLAN_TOOL_SCHEMA }], toolChoice: { name: PLAN_TOOL_NAME },
  maxTokens: 1024, context: { question: 'why is the API slow?' },
};
export const specialist = (messages: AgentMessage[], last = false): LlmRequest => ({
  purpose: 'investigate', agent: 'kubernetes', system: 'You are the Kubernetes agent.', messages,
  tools: [{ name: 'k8s-api___get_pod_status', description: 'Pod status.', inputSchema: { type: 'object', properties: { namespace: { type: 'string' } } } },
    { name: FINDING_TOOL_NAME, description: 'Submit your finding.', inputSchema: FINDING_TOOL_SCHEMA }],
  toolChoice: last ? { name: FINDING_TOOL_NAME } : 'auto', maxTokens: 4096, context: { question: 'q' },
});

export async function collect(stream: AsyncIterable<LlmStreamChunk>): Promise<LlmStreamChunk[]> {
  const out: LlmStreamChunk[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}
export const signal = (): AbortSignal => new AbortController().signal;

export const llmOn = (fake: FakeBedrock, options: Partial<BedrockLlmOptions> = {}, maxAttempts = 1): BedrockLlm =>
  new BedrockLlm(fakeBedrockClient(fake, { maxAttempts }), { ...OPTIONS, ...options });
