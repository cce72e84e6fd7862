import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteAgentMemory } from '../../../../src/adapters/memory-sqlite/sqlite-agent-memory.js';
import { SCHEMA_VERSION } from '../../../../src/adapters/memory-sqlite/sqlite-schema.js';
import { asActorId, asSessionId } from '../../../../src/domain/ids.js';
import type { MemoryRecord } from '../../../../src/domain/memory.js';

const live = () => new AbortController().signal;
const alice = asActorId('alice');
const s1 = asSessionId('s1');

const investigation = (id: string, question: string, rootCause: string): MemoryRecord => ({
  kind: 'investigation',
  summary: { investigationId: id, question, rootCause, severity: 'high', evidence: [], actions: [], status: 'completed', at: '2024-01-15T14:30:00.000Z' },
});
const preference = (text: string): MemoryRecord => ({ kind: 'preference', preference: { category: 'notification', text, values: { channel: text } } });

let dir: string;
let file: string;
const open = () => SqliteAgentMemory.open({ file, now: () => new Date('2024-02-01T00:00:00.000Z') });

/** A second connection, as an operator or another process would have. */
function raw<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
const schemaOf = (db: Database.Database) => db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sre-agent-memory-'));
  file = join(dir, 'memory.db');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('SqliteAgentMemory', () => {
  it('creates the schema once: a second open of the same file changes nothing', async () => {
    const first = open();
    await first.remember(alice, s1, [investigation('i1', 'database pod restarting', 'configmap deleted')], live());
    await first.close();
    const before = raw((db) => ({ version: db.pragma('user_version', { simple: true }), mode: db.pragma('journal_mode', { simple: true }), schema: schemaOf(db) }));
    expect(before.version).toBe(SCHEMA_VERSION);
    expect(before.mode).toBe('wal');

    const second = open();
    try {
      expect(raw((db) => schemaOf(db))).toEqual(before.schema);
      const [stored] = await second.list({ actor: alice }, 10, live());
      expect(stored).toMatchObject({ actor: 'alice', session: 's1', createdAt: '2024-02-01T00:00:00.000Z' });
    } finally {
      await second.close();
    }
  });

  it('refuses a file written by a newer schema, and leaves it as it was', async () => {
    await open().close();
    raw((db) => db.pragma(`user_version = ${SCHEMA_VERSION + 1}`));
    expect(() => open()).toThrow(expect.objectContaining({
      name: 'MemoryUnavailable',
      message: expect.stringMatching(new RegExp(`schema version ${SCHEMA_VERSION + 1}, newer than this release understands \\(${SCHEMA_VERSION}\\)`)),
    }));
    expect(raw((db) => db.pragma('user_version', { simple: true }))).toBe(SCHEMA_VERSION + 1);
  });

  it('skips rows whose body is not a valid record in recall and list', async () => {
    const memory = open();
    try {
      raw((db) => {
        const insert = db.prepare(`INSERT INTO memory_records (id, actor, session, kind, namespace, text, body, created_at)
          VALUES (?, 'alice', ?, ?, '/x', 'database pod restarting notify', ?, '2024-01-01T00:00:00.000Z')`);
        insert.run('bad-json', 's1', 'investigation', '{not json');
        insert.run('bad-shape', 's1', 'investigation', '{"kind":"investigation","summary":{"question":"database pod restarting"}}');
        insert.run('bad-pref', null, 'preference', '{"kind":"preference"}');
      });
      await memory.remember(alice, s1, [investigation('i-ok', 'database pod restarting', 'configmap deleted'), preference('#ops')], live());
      const ctx = await memory.recall(alice, s1, 'database pod restarting', live());
      expect(ctx.pastInvestigations.map((i) => i.investigationId)).toEqual(['i-ok']);
      expect(ctx.preferences.map((p) => p.text)).toEqual(['#ops']);
      expect((await memory.list({ actor: alice }, 100, live())).map((m) => m.record.kind)).toEqual(['investigation', 'preference']);
      expect((await memory.list({}, 1, live())).map((m) => m.record.kind)).toEqual(['investigation']);
    } finally {
      await memory.close();
    }
  });

  it('treats FTS syntax in a query as plain words', async () => {
    const memory = open();
    try {
      await memory.remember(alice, s1, [investigation('i1', 'database pod restarting', 'configmap deleted'), preference('#ops')], live());
      const hostile = await memory.recall(alice, s1, `"AND OR NEAR( * ^ -- ' ;`, live());
      expect(hostile).toEqual({ preferences: [expect.objectContaining({ text: '#ops' })], infrastructure: [], pastInvestigations: [] });
      const mixed = await memory.recall(alice, s1, `database" OR NEAR(restart* ^pod -- ';`, live());
      expect(mixed.pastInvestigations.map((i) => i.investigationId)).toEqual(['i1']);
    } finally {
      await memory.close();
    }
  });

  it('finds every record the shared ranking would score, whatever the word endings', async () => {
    const memory = open();
    try {
      const words = ['terminated', 'deprecated', 'allocated', 'generated', 'operating', 'evicted', 'throttled', 'caches', 'hopes', 'sizing'];
      await memory.remember(alice, s1, words.map((w) => investigation(w, `pods ${w}`, 'unknown')), live());
      for (const w of words) {
        const ctx = await memory.recall(alice, s1, w, live());
        expect(ctx.pastInvestigations.map((i) => i.investigationId)).toEqual([w]);
      }
    } finally {
      await memory.close();
    }
  });

  it('keeps the full-text index in step with the records through remember and forget', async () => {
    const memory = open();
    try {
      await memory.remember(alice, s1, [investigation('i1', 'database pod restarting', 'configmap'), investigation('i2', 'disk full', 'log rotation')], live());
      expect(await memory.forget({ actor: alice, kind: 'investigation' }, live())).toBe(2);
      await memory.remember(alice, s1, [investigation('i3', 'database slow', 'index missing')], live());
      raw((db) => db.exec(`INSERT INTO memory_records_fts (memory_records_fts) VALUES ('integrity-check')`));
      const ctx = await memory.recall(alice, s1, 'database pod restarting disk', live());
      expect(ctx.pastInvestigations.map((i) => i.investigationId)).toEqual(['i3']);
    } finally {
      await memory.close();
    }
  });

  it('creates the parent directory of the file', async () => {
    file = join(dir, 'data', 'nested', 'memory.db');
    await open().close();
    expect(existsSync(file)).toBe(true);
  });

  it('gives MemoryUnavailable, with the cause, when the location cannot hold a database', () => {
    writeFileSync(join(dir, 'a-file'), 'x');
    file = join(dir, 'a-file', 'sub', 'memory.db');
    expect(() => open()).toThrow(expect.objectContaining({ name: 'MemoryUnavailable', cause: expect.objectContaining({ code: 'ENOTDIR' }) }));

    file = join(dir, 'a-directory');
    mkdirSync(file);
    expect(() => open()).toThrow(expect.objectContaining({ name: 'MemoryUnavailable', cause: expect.objectContaining({ code: 'SQLITE_CANTOPEN' }) }));

    file = join(dir, 'not-a-database');
    writeFileSync(file, 'plain text, not SQLite. '.repeat(100));
    expect(() => open()).toThrow(expect.objectContaining({ name: 'MemoryUnavailable', cause: expect.objectContaining({ code: 'SQLITE_NOTADB' }) }));
  });

  it('translates a failing statement into MemoryUnavailable', async () => {
    const memory = open();
    try {
      raw((db) => db.exec('DROP TABLE memory_records_fts; DROP TABLE memory_records'));
      await expect(memory.recall(alice, s1, 'database', live())).rejects.toMatchObject({ name: 'MemoryUnavailable', cause: expect.objectContaining({ code: 'SQLITE_ERROR' }) });
    } finally {
      await memory.close();
    }
  });

  it('rejects every call with MemoryUnavailable once closed', async () => {
    const memory = open();
    await memory.close();
    await memory.close();
    await expect(memory.recall(alice, s1, 'q', live())).rejects.toMatchObject({ name: 'MemoryUnavailable' });
    await expect(memory.remember(alice, s1, [preference('#ops')], live())).rejects.toMatchObject({ name: 'MemoryUnavailable' });
    await expect(memory.list({}, 1, live())).rejects.toMatchObject({ name: 'MemoryUnavailable' });
    await expect(memory.forget({}, live())).rejects.toMatchObject({ name: 'MemoryUnavailable' });
  });

  it('recalls from 2,000 records of one actor: the matching investigation first, the latest 50 preferences', async () => {
    const memory = open();
    try {
      const investigations = Array.from({ length: 2_000 }, (_, i) => investigation(`i-${i}`, `why is checkout slow on node-${i}`, 'connection pool exhausted'));
      const preferences = Array.from({ length: 60 }, (_, i) => preference(`#channel-${i}`));
      await memory.remember(alice, s1, [...investigations, ...preferences], live());
      const ctx = await memory.recall(alice, asSessionId('s2'), 'checkout slow on node-1234', live());
      expect(ctx.pastInvestigations).toHaveLength(5);
      expect(ctx.pastInvestigations[0]?.investigationId).toBe('i-1234');
      expect(ctx.preferences.map((p) => p.text)).toEqual(Array.from({ length: 50 }, (_, i) => `#channel-${i + 10}`));
    } finally {
      await memory.close();
    }
  });
});
