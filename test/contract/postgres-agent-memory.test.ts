import { afterEach } from 'vitest';
import { PostgresAgentMemory } from '../../src/adapters/memory-postgres/postgres-agent-memory.js';
import { describeWithPostgres, TestSchemas } from '../support/postgres-test-database.js';
import { agentMemoryContract } from './agent-memory.contract.js';

describeWithPostgres('PostgresAgentMemory', (url) => {
  const schemas = new TestSchemas(url);
  afterEach(() => schemas.dropAll());

  // A schema per test is a fresh, empty store; reopening the same schema is a restart (or a second replica).
  agentMemoryContract('PostgresAgentMemory', async () => {
    const schema = schemas.next();
    const open = () => PostgresAgentMemory.open({ connectionString: url, schema, poolSize: 4 });
    return { memory: await open(), reopen: open };
  });
});
