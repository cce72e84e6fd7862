import { InMemoryAgentMemory } from '../../src/adapters/memory-in-memory/in-memory-agent-memory.js';
import { agentMemoryContract } from './agent-memory.contract.js';

agentMemoryContract('InMemoryAgentMemory', async () => ({ memory: new InMemoryAgentMemory() }));
