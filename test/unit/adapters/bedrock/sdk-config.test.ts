import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BedrockLlm } from '../../../../src/adapters/bedrock/bedrock-llm.js';
import { FAKE_CREDENTIALS, FakeBedrock, text } from '../../../support/fake-bedrock.js';
import { OPTIONS, planRequest, signal } from './fixtures.js';

// How bootstrap's client picks up the environment: these are the SDK's own settings, not ours.

const saved = { ...process.env };
let fake: FakeBedrock;
beforeEach(async () => {
  fake = await FakeBedrock.start();
});
afterEach(async () => {
  process.env = { ...saved };
  await fake.close();
});

const ask = (client: BedrockRuntimeClient) => new BedrockLlm(client, OPTIONS).complete({ ...planRequest, tools: [], toolChoice: 'auto' }, signal());

describe('the Bedrock Runtime client as bootstrap builds it', () => {
  it('honours AWS_ENDPOINT_URL_BEDROCK_RUNTIME without an explicit endpoint', async () => {
    process.env['AWS_ENDPOINT_URL_BEDROCK_RUNTIME'] = fake.url;
    fake.script(text('via the environment'));
    const client = new BedrockRuntimeClient({ region: 'us-west-2', credentials: FAKE_CREDENTIALS, maxAttempts: 1, retryMode: 'adaptive', requestHandler: new NodeHttpHandler() });
    expect((await ask(client)).text).toBe('via the environment');
    expect(fake.requests[0]?.headers.authorization).toContain('/us-west-2/bedrock/aws4_request');
  });

  it('signs with a bearer token from AWS_BEARER_TOKEN_BEDROCK when it is set', async () => {
    process.env['AWS_BEARER_TOKEN_BEDROCK'] = 'bedrock-api-key-xyz';
    fake.script(text('bearer'));
    const client = new BedrockRuntimeClient({ region: 'us-east-1', endpoint: fake.url, maxAttempts: 1, requestHandler: new NodeHttpHandler() });
    expect((await ask(client)).text).toBe('bearer');
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer bedrock-api-key-xyz');
  });
});
