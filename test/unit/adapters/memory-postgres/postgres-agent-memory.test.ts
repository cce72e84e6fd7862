import { type AddressInfo, createServer, type Socket } from 'node:net';
import fc from 'fast-check';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryAgentMemory } from '../../../../src/adapters/memory-in-memory/in-memory-agent-memory.js';
import { PostgresAgentMemory, type PostgresAgentMemoryOptions } from '../../../../src/adapters/memory-postgres/postgres-agent-memory.js';
import { POSTGRES_MIGRATIONS } from '../../../../src/adapters/memory-postgres/postgres-migrations.js';
import { asActorId, asSessionId } from '../../../../src/domain/ids.js';
import type { InvestigationSummary, MemoryRecord } from '../../../../src/domain/memory.js';
import { hostileString } from '../../../support/hostile-arbitraries.js';
import { describeWithPostgres, TestSchemas, withClient } from '../../../support/postgres-test-database.js';
import { freePort } from '../../../support/processes.js';

const live = () => new AbortController().signal;
const alice = asActorId('alice');
const summary: InvestigationSummary = {
  investigationId: 'i-1', question: 'Why does the database pod restart?', rootCause: 'ConfigMap deleted', severity: 'high',
  evidence: ['CrashLoopBackOff'], actions: ['restore the ConfigMap'], status: 'completed', at: '2024-01-15T14:30:00.000Z',
};
const restart: MemoryRecord = { kind: 'investigation', summary };

async function eventually(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('PostgresAgentMemory without a reachable server', () => {
  it('rejects with MemoryUnavailable at once when the port refuses connections', async () => {
    const port = await freePort();
    const started = Date.now();
    const opening = PostgresAgentMemory.open({ connectionString: `postgres://u:p@127.0.0.1:${port}/db`, connectTimeoutMs: 2_000 });
    await expect(opening).rejects.toMatchObject({ name: 'MemoryUnavailable', cause: expect.objectContaining({ code: 'ECONNREFUSED' }) });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('gives up after the connect timeout when the server accepts but never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const started = Date.now();
      await expect(PostgresAgentMemory.open({ connectionString: `postgres://u:p@127.0.0.1:${port}/db`, connectTimeoutMs: 300 }))
        .rejects.toMatchObject({ name: 'MemoryUnavailable' });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('refuses a schema name that would have to be spliced into SQL unchecked', async () => {
    await expect(PostgresAgentMemory.open({ connectionString: 'postgres://u:p@127.0.0.1:1/db', schema: 'x"; DROP TABLE y; --' }))
      .rejects.toThrow(/invalid PostgreSQL schema name/);
  });
});

describeWithPostgres('PostgresAgentMemory on a real server', (url) => {
  const schemas = new TestSchemas(url);
  const stores: PostgresAgentMemory[] = [];
  const open = async (schema: string, options: Partial<PostgresAgentMemoryOptions> = {}) => {
    const store = await PostgresAgentMemory.open({ connectionString: url, schema, ...options });
    stores.push(store);
    return store;
  };
  const admin = <T>(fn: (client: pg.Client) => Promise<T>) => withClient(url, fn);
  // Our statements name the test's schema, which tells them apart from anyone else's on the server.
  const waitingOnLock = (schema: string) => admin(async (c) => (await c.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'sre-agent' AND wait_event_type = 'Lock' AND position($1 in query) > 0`, [schema])).rows[0]!.n);

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await schemas.dropAll();
  });

  /** Holds an ACCESS EXCLUSIVE lock on the memory table until the returned function is called. */
  async function lockTable(schema: string): Promise<() => Promise<void>> {
    const locker = new pg.Client({ connectionString: url, application_name: 'sre-agent-tests' });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query(`LOCK TABLE "${schema}".memory_records IN ACCESS EXCLUSIVE MODE`);
    return async () => {
      await locker.query('ROLLBACK');
      await locker.end();
    };
  }

  it('migrates a fresh schema once when several replicas open it together', async () => {
    const schema = schemas.next();
    const replicas = await Promise.all([open(schema), open(schema), open(schema)]);
    const { rows } = await admin((c) => c.query(`SELECT version, count(*)::int AS n FROM "${schema}".schema_migrations GROUP BY version ORDER BY version`));
    expect(rows).toEqual(POSTGRES_MIGRATIONS.map((m) => ({ version: m.version, n: 1 })));
    await replicas[0]!.remember(alice, asSessionId('s1'), [restart], live());
    expect(await replicas[2]!.list({ actor: alice }, 10, live())).toHaveLength(1);
  });

  it('cancels a statement stuck behind a lock when the signal aborts, and the pool stays usable', async () => {
    const schema = schemas.next();
    const memory = await open(schema, { poolSize: 1, queryTimeoutMs: 30_000 });
    const unlock = await lockTable(schema);
    try {
      const controller = new AbortController();
      const recalling = memory.recall(alice, asSessionId('s'), 'database pod', controller.signal);
      await eventually(async () => (await waitingOnLock(schema)) === 1);
      // A second caller waits for the only connection; aborting it must not wait for the first.
      const second = new AbortController();
      const listing = memory.list({}, 10, second.signal);
      second.abort();
      await expect(listing).rejects.toMatchObject({ name: 'OperationCancelled' });
      const started = Date.now();
      controller.abort();
      await expect(recalling).rejects.toMatchObject({ name: 'OperationCancelled' });
      expect(Date.now() - started).toBeLessThan(1_000);
      // The server stopped waiting too, while the lock is still held: the statement was cancelled, not orphaned.
      await eventually(async () => (await waitingOnLock(schema)) === 0);
    } finally {
      await unlock();
    }
    await memory.remember(alice, asSessionId('s'), [restart], live());
    expect(await memory.list({}, 10, live())).toHaveLength(1);
  });

  it('turns a statement timeout into MemoryUnavailable', async () => {
    const schema = schemas.next();
    const memory = await open(schema, { queryTimeoutMs: 300 });
    const unlock = await lockTable(schema);
    try {
      await expect(memory.list({}, 10, live())).rejects.toMatchObject({ name: 'MemoryUnavailable', cause: expect.objectContaining({ code: '57014' }) });
    } finally {
      await unlock();
    }
    expect(await memory.list({}, 10, live())).toEqual([]);
  });

  it('survives the server dropping its idle connections', async () => {
    const schema = schemas.next();
    const memory = await open(schema);
    await memory.list({}, 1, live());
    await admin((c) => c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'sre-agent' AND position($1 in query) > 0`, [schema]));
    // The process must not crash on the idle client's error; at worst one call reports the loss.
    await new Promise((r) => setTimeout(r, 100));
    const first = await memory.list({}, 1, live()).catch((error: unknown) => error);
    if (first instanceof Error) expect(first.name).toBe('MemoryUnavailable');
    expect(await memory.list({}, 1, live())).toEqual([]);
  });

  it('skips rows whose body is not a valid record', async () => {
    const schema = schemas.next();
    const memory = await open(schema);
    await admin((c) => c.query(`INSERT INTO "${schema}".memory_records (id, actor, session, kind, namespace, text, body, created_at) VALUES
      ('bad-json', 'alice', 's1', 'investigation', '/sre/investigations/alice/s1', 'database pod restart', '{not json', now()),
      ('bad-shape', 'alice', 's1', 'investigation', '/sre/investigations/alice/s1', 'database pod restart', '{"kind":"investigation","summary":{"question":42}}', now()),
      ('bad-preference', 'alice', NULL, 'preference', '/sre/users/alice/preferences', 'style', '{"kind":"preference"}', now())`));
    await memory.remember(alice, asSessionId('s1'), [restart], live());
    const ctx = await memory.recall(alice, asSessionId('s2'), 'database pod restarting', live());
    expect(ctx).toEqual({ preferences: [], infrastructure: [], pastInvestigations: [summary] });
    // The limit counts records returned, not rows read: the invalid rows come first and are passed over.
    expect((await memory.list({ actor: alice }, 1, live())).map((m) => m.record)).toEqual([restart]);
  });

  it('recalls without error whatever full-text syntax the question contains', async () => {
    const schema = schemas.next();
    const memory = await open(schema);
    await memory.remember(alice, asSessionId('s1'), [restart], live());
    const hostile = ["'&|!:*()<->", '!!!', 'a & b | !c', 'database:* & (pod', "' OR 1=1; --", '\\', '<-> <2> :A', 'pod:*B', '"quoted"', '', '   ',
      'ünïcødé 🚨', '\u0000database\u0000', 'x'.repeat(20_000), Array.from({ length: 200 }, (_, i) => `term${i}`).join(' ')];
    for (const q of hostile) await expect(memory.recall(alice, asSessionId('s'), q, live())).resolves.toBeDefined();
    const ctx = await memory.recall(alice, asSessionId('s'), "database) & !(pod' <-> restarting:*", live());
    expect(ctx.pastInvestigations.map((i) => i.investigationId)).toEqual(['i-1']);
    await fc.assert(fc.asyncProperty(hostileString(60), async (q) => {
      await memory.recall(alice, asSessionId('s'), q, live());
    }), { numRuns: 100 });
  });

  it('stores and returns hostile text exactly as the in-memory store does', async () => {
    const schema = schemas.next();
    const memory = await open(schema);
    await fc.assert(fc.asyncProperty(hostileString(), hostileString(), hostileString(), async (session, question, evidence) => {
      const record: MemoryRecord = { kind: 'investigation', summary: { ...summary, question, evidence: [evidence] } };
      const reference = new InMemoryAgentMemory();
      for (const store of [memory, reference]) await store.remember(alice, asSessionId(session), [record], live());
      const [ours, theirs] = await Promise.all([memory, reference].map((s) => s.list({ actor: alice }, 1_000, live())));
      expect(ours!.map((m) => [m.id, m.record])).toEqual(theirs!.map((m) => [m.id, m.record]));
      await memory.forget({ actor: alice }, live());
    }), { numRuns: 60 });
  });

  it('lets work in flight finish on close, then rejects every call', async () => {
    const schema = schemas.next();
    const memory = await open(schema);
    const writing = memory.remember(alice, asSessionId('s1'), [restart], live());
    await memory.close();
    await expect(writing).resolves.toBeUndefined();
    await expect(memory.recall(alice, asSessionId('s'), 'database', live())).rejects.toThrow(/closed/);
    await expect(memory.remember(alice, asSessionId('s'), [], live())).rejects.toThrow(/closed/);
    const again = await open(schema);
    expect(await again.list({ actor: alice }, 10, live())).toHaveLength(1);
  });
});
