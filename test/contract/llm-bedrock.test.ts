import { afterAll, beforeAll } from 'vitest';
import { BedrockLlm } from '../../src/adapters/bedrock/bedrock-llm.js';
import { PLAN_TOOL_NAME } from '../../src/domain/plan.js';
import { FakeBedrock, fakeBedrockClient, type FakeReply, type RecordedRequest, text, toolUse } from '../support/fake-bedrock.js';
import { llmContract } from './llm.contract.js';

const VALID_PLAN = { steps: [{ agent: 'kubernetes', goal: 'check pods' }], complexity: 'simple', auto_execute: true, reasoning: 'pods first' };

/** The fake's stand-in for a cooperative model: it calls a forced tool, else it talks. */
const cooperative = (request: RecordedRequest): FakeReply => {
  const forced: string | undefined = request.body.toolConfig?.toolChoice?.tool?.name;
  if (forced) return toolUse(forced, forced === PLAN_TOOL_NAME ? VALID_PLAN : {}, `tooluse_${request.body.messages.length}`);
  return text('A scripted answer from the fake Bedrock.');
};

let fake: FakeBedrock;
beforeAll(async () => {
  fake = (await FakeBedrock.start()).otherwise(cooperative);
});
afterAll(async () => {
  await fake.close();
});

llmContract('BedrockLlm against the fake Bedrock', () => new BedrockLlm(fakeBedrockClient(fake), {
  modelId: 'global.anthropic.claude-haiku-4-5-20251001-v1:0', region: 'us-east-1', temperature: 0, maxTokens: 2048, promptCaching: false, callTimeoutMs: 5_000,
}));
