import { afterAll, beforeAll } from 'vitest';
import { AgentCoreAgentMemory } from '../../src/adapters/memory-agentcore/agentcore-agent-memory.js';
import { FakeAgentCoreMemory, fakeAgentCoreMemoryClient } from '../support/fake-agentcore-memory.js';
import { agentMemoryContract } from './agent-memory.contract.js';

// One fake for the file, emptied for each test: the suite runs its tests one after another.
let fake: FakeAgentCoreMemory;
beforeAll(async () => {
  fake = await FakeAgentCoreMemory.start();
});
afterAll(async () => {
  await fake.close();
});

const open = () => new AgentCoreAgentMemory(fakeAgentCoreMemoryClient(fake), { memoryId: FakeAgentCoreMemory.MEMORY_ID, region: 'us-east-1', callTimeoutMs: 5_000 });

agentMemoryContract('AgentCoreAgentMemory against the fake AgentCore Memory', async () => {
  fake.reset();
  // Small pages, so that every listing in the contract also exercises pagination.
  fake.pageSize = 3;
  return { memory: open(), reopen: async () => open() };
});
