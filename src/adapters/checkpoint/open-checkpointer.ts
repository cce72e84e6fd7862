import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type BaseCheckpointSaver, MemorySaver } from '@langchain/langgraph';
import type { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import type { Pool } from 'pg';

export type CheckpointerKind = 'memory' | 'sqlite' | 'postgres';

export interface CheckpointerOptions {
  readonly kind: CheckpointerKind;
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly schema: string;
  readonly connectTimeoutMs: number;
}

export interface OpenCheckpointer {
  readonly saver: BaseCheckpointSaver;
  readonly kind: CheckpointerKind;
  close(): Promise<void>;
}

/**
 * LangGraph's own checkpointer for the memory backend in use, so a session (its earlier turns, a
 * plan waiting for approval) survives a restart with SQLite and is shared by replicas with
 * PostgreSQL. Opening fails loudly; the caller decides whether to fall back to `MemorySaver`.
 * Each kind imports its own driver and saver when opened, so the others are never loaded.
 */
export async function openCheckpointer(options: CheckpointerOptions): Promise<OpenCheckpointer> {
  if (options.kind === 'sqlite') {
    const [{ default: Database }, { SqliteSaver }] = await Promise.all([import('better-sqlite3'), import('@langchain/langgraph-checkpoint-sqlite')]);
    mkdirSync(options.dataDir, { recursive: true });
    const db = new Database(join(options.dataDir, 'checkpoints.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    return { saver: new SqliteSaver(db), kind: 'sqlite', close: async () => { db.close(); } };
  }
  if (options.kind === 'postgres') {
    if (!options.databaseUrl) throw new Error('a PostgreSQL checkpointer needs DATABASE_URL');
    const [{ default: pg }, { PostgresSaver }] = await Promise.all([import('pg'), import('@langchain/langgraph-checkpoint-postgres')]);
    // Our own pool: the saver's default one has no connect timeout, and a down database would hang start-up.
    const pool = new pg.Pool({ connectionString: options.databaseUrl, connectionTimeoutMillis: options.connectTimeoutMs, max: 10, application_name: 'sre-agent-checkpoints' });
    // An idle connection dropped by the server must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    const saver = new PostgresSaver(pool, undefined, { schema: options.schema });
    try {
      await setUpOnce(pool, saver, options.schema);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    return { saver, kind: 'postgres', close: async () => { await pool.end(); } };
  }
  return { saver: new MemorySaver(), kind: 'memory', close: async () => {} };
}

/**
 * The saver's `setup()` creates its schema and applies its migrations without a lock, so replicas
 * starting together race on them; a session advisory lock, keyed by the schema, takes them in turn.
 */
async function setUpOnce(pool: Pool, saver: PostgresSaver, schema: string): Promise<void> {
  const lock = await pool.connect();
  try {
    await lock.query("SELECT pg_advisory_lock(hashtext('sre-agent-checkpoints:' || $1))", [schema]);
    try {
      await saver.setup();
    } finally {
      await lock.query("SELECT pg_advisory_unlock(hashtext('sre-agent-checkpoints:' || $1))", [schema]);
    }
  } finally {
    lock.release();
  }
}
