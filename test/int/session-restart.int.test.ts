/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies read from the wire are untyped. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonLogger } from '../../src/adapters/shared/logger.js';
import { loadConfig } from '../../src/bootstrap/config.js';
import { type RunningServer, startServer } from '../../src/bootstrap/server.js';

// Two runtimes, one after the other, over the same DATA_DIR: what a session holds (a plan waiting
// for approval, earlier turns) lives in the SQLite checkpointer, not in the process.
let dataDir: string;
const quiet = { logger: new JsonLogger({ level: 'error', write: () => {} }) };
const start = (): Promise<RunningServer> => startServer(loadConfig({ MEMORY_BACKEND: 'sqlite', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' }), quiet);
const DATABASE_URL = process.env['TEST_DATABASE_URL'];
const invoke = async (server: RunningServer, body: unknown): Promise<{ status: number; json: any }> => {
  const res = await fetch(`http://127.0.0.1:${server.port}/invocations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
};

beforeAll(async () => { dataDir = await mkdtemp(join(tmpdir(), 'session-restart-')); });
afterAll(async () => { await rm(dataDir, { recursive: true, force: true }); });

describe('sessions across a restart (SQLite checkpointer)', () => {
  it('resumes a plan approved after the runtime restarted, as the same investigation, then answers a follow-up from it', async () => {
    const session = 'restart-session-0123456789abcdefghijklmnop';
    const first = await start();
    let planned: any;
    try {
      planned = (await invoke(first, { prompt: 'Why is the database pod restarting?', session_id: session, user_id: 'alice', auto_approve_plan: false })).json.output;
      expect(planned.status).toBe('awaiting_approval');
    } finally {
      await first.stop();
    }
    const second = await start();
    try {
      const approved = await invoke(second, { action: 'approve', session_id: session, user_id: 'alice' });
      expect(approved.status).toBe(200);
      expect(approved.json.output).toMatchObject({ status: 'completed', investigation_id: planned.investigation_id });
      expect(approved.json.output.plan.agents).toEqual(planned.plan.agents);
      expect(approved.json.output.message).toContain('database-config');
      const follow = await invoke(second, { prompt: 'What should I do first?', session_id: session, user_id: 'alice' });
      expect(follow.json.output.usage.tool_calls).toBe(0);
      expect(follow.json.output.message).toContain(planned.investigation_id);
    } finally {
      await second.stop();
    }
  }, 60_000);
});

// Two replicas at once over one PostgreSQL database: the plan made on one is approved on the other.
describe.skipIf(!DATABASE_URL && !process.env['CI'])('sessions across replicas (PostgreSQL checkpointer)', () => {
  it('lets a second replica resume a plan the first one made, and recall what the first one remembered', async () => {
    expect(DATABASE_URL, 'CI must provide TEST_DATABASE_URL (scripts/postgres-test-server.sh)').toBeDefined();
    const schema = `sre_replicas_${Math.random().toString(36).slice(2, 10)}`;
    const replica = (): Promise<RunningServer> => startServer(loadConfig({
      MEMORY_BACKEND: 'postgres', DATABASE_URL, DATABASE_SCHEMA: schema, PORT: '0', HOST: '127.0.0.1',
    }), quiet);
    const [a, b] = await Promise.all([replica(), replica()]);
    try {
      const session = 'replica-session-0123456789abcdefghijklmnopq';
      const planned = (await invoke(a, { prompt: 'Why is the database pod restarting?', session_id: session, user_id: 'alice', auto_approve_plan: false })).json.output;
      expect(planned.status).toBe('awaiting_approval');
      const approved = await invoke(b, { action: 'approve', session_id: session, user_id: 'alice' });
      expect(approved.json.output).toMatchObject({ status: 'completed', investigation_id: planned.investigation_id });
      await b.container.get((await import('../../src/bootstrap/tokens.js')).TOKENS.AgentMemory).flush(10_000);
      const later = await invoke(a, { prompt: 'The database pod keeps restarting, what happened before?', session_id: 'replica-session-2-0123456789abcdefghijk', user_id: 'alice' });
      expect(later.json.output.message).toContain('### Related past investigations');
      expect(later.json.output.message).toContain(planned.investigation_id);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      const pg = (await import('pg')).default;
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  }, 60_000);
});
