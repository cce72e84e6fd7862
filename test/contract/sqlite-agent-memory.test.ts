import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { SqliteAgentMemory } from '../../src/adapters/memory-sqlite/sqlite-agent-memory.js';
import { agentMemoryContract } from './agent-memory.contract.js';

const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

agentMemoryContract('SqliteAgentMemory', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sre-agent-memory-'));
  dirs.push(dir);
  const file = join(dir, 'memory.db');
  return { memory: SqliteAgentMemory.open({ file }), reopen: async () => SqliteAgentMemory.open({ file }) };
});
