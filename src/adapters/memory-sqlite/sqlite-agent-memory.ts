import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { MemoryFilter, MemoryStore } from '../../application/ports/agent-memory.js';
import { MemoryUnavailable, OperationCancelled } from '../../application/ports/errors.js';
import type { ActorId, SessionId } from '../../domain/ids.js';
import type { MemoryContext, MemoryRecord, StoredMemory } from '../../domain/memory.js';
import { fromRow, matchTerms, type MemoryRow, RECALL_LIMITS, recallFrom, toRow } from '../shared/memory-rows.js';
import { migrate } from './sqlite-schema.js';

export interface SqliteAgentMemoryOptions {
  /** The database file; its directory is created when missing. */
  readonly file: string;
  readonly now?: () => Date;
}

/** Long enough to ride out another process's write; a lock held longer means the store is stuck. */
const BUSY_TIMEOUT_MS = 5_000;

interface StoredRow {
  readonly seq: number;
  readonly id: string;
  readonly actor: string;
  readonly session: string | null;
  readonly namespace: string;
  readonly body: string;
  readonly createdAt: string;
}

const COLUMNS = 'r.seq, r.id, r.actor, r.session, r.namespace, r.body, r.created_at AS createdAt';

const LATEST_PREFERENCES = `SELECT ${COLUMNS} FROM memory_records r
  WHERE r.actor = ? AND r.kind = 'preference' ORDER BY r.seq DESC LIMIT ?`;

// The FTS table drives the join; the actor and kind narrow its matches through the rowid.
const MATCHING_CANDIDATES = `SELECT ${COLUMNS} FROM memory_records_fts f JOIN memory_records r ON r.seq = f.rowid
  WHERE memory_records_fts MATCH ? AND r.actor = ? AND r.kind IN ('infrastructure', 'investigation')
  ORDER BY bm25(memory_records_fts) LIMIT ?`;

const INSERT = `INSERT OR IGNORE INTO memory_records (id, actor, session, kind, namespace, text, body, created_at)
  VALUES (@id, @actor, @session, @kind, @namespace, @text, @body, @createdAt)`;

const FILTER_KEYS = ['actor', 'kind', 'id'] as const;

function where(filter: MemoryFilter): { clause: string; params: string[] } {
  const keys = FILTER_KEYS.filter((k) => filter[k] !== undefined);
  return {
    clause: keys.length === 0 ? '' : `WHERE ${keys.map((k) => `r.${k} = ?`).join(' AND ')}`,
    params: keys.map((k) => filter[k]!),
  };
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Memory in one SQLite file: the embedded default, which survives restarts. Rows are keyed by
 * content (`INSERT OR IGNORE`), so remembering a record twice stores it once; FTS5 narrows the
 * candidates and `recallFrom` ranks them exactly as every other backend does.
 *
 * better-sqlite3 is synchronous and each statement here takes well under a millisecond on an
 * indexed table, so the calls run on the event loop rather than in a worker thread: the thread
 * hop would cost more than the query. The signal is therefore checked once, before each call.
 */
export class SqliteAgentMemory implements MemoryStore {
  private readonly statements = new Map<string, Database.Statement<unknown[], StoredRow>>();
  private readonly insertAll: (rows: readonly MemoryRow[]) => void;
  private closed = false;

  private constructor(private readonly db: Database.Database, private readonly now: () => Date) {
    const insert = db.prepare<[MemoryRow]>(INSERT);
    this.insertAll = db.transaction((rows: readonly MemoryRow[]) => {
      for (const row of rows) insert.run(row);
    });
  }

  /** Opens (creating and migrating as needed) the file; throws `MemoryUnavailable` when it cannot be used. */
  static open(options: SqliteAgentMemoryOptions): SqliteAgentMemory {
    let db: Database.Database | undefined;
    try {
      mkdirSync(dirname(options.file), { recursive: true });
      db = new Database(options.file);
      // Set first: switching to WAL and migrating both need a lock another process may hold.
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      db.pragma('journal_mode = WAL');
      // NORMAL is durable across process crashes in WAL mode; only a power loss can drop the last commits.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db, options.file);
      return new SqliteAgentMemory(db, options.now ?? (() => new Date()));
    } catch (error) {
      db?.close();
      if (error instanceof MemoryUnavailable) throw error;
      throw new MemoryUnavailable(`cannot open memory database ${options.file}: ${messageOf(error)}`, { cause: error });
    }
  }

  async recall(actor: ActorId, _session: SessionId, query: string, signal: AbortSignal): Promise<MemoryContext> {
    return this.run('recall', signal, () => {
      const preferences = this.statement(LATEST_PREFERENCES).all(actor, RECALL_LIMITS.preferences);
      const terms = matchTerms(query);
      // Terms are letters and digits only, so quoting them cannot smuggle FTS syntax in.
      const candidates = terms.length === 0
        ? []
        : this.statement(MATCHING_CANDIDATES).all(terms.map((t) => `"${t}"*`).join(' OR '), actor, RECALL_LIMITS.candidates);
      const oldestFirst = [...preferences, ...candidates].sort((a, b) => a.seq - b.seq);
      return recallFrom(query, oldestFirst.flatMap((row) => fromRow(row) ?? []));
    });
  }

  async remember(actor: ActorId, session: SessionId, records: readonly MemoryRecord[], signal: AbortSignal): Promise<void> {
    this.run('remember', signal, () => {
      const at = this.now().toISOString();
      if (records.length > 0) this.insertAll(records.map((r) => toRow(actor, session, r, at)));
    });
  }

  async list(filter: MemoryFilter, limit: number, signal: AbortSignal): Promise<StoredMemory[]> {
    return this.run('list', signal, () => {
      const out: StoredMemory[] = [];
      if (limit < 1) return out;
      const { clause, params } = where(filter);
      // Rows that fail validation are skipped, so the limit is applied here rather than in SQL.
      for (const row of this.statement(`SELECT ${COLUMNS} FROM memory_records r ${clause} ORDER BY r.seq`).iterate(...params)) {
        const stored = fromRow(row);
        if (stored) out.push(stored);
        if (out.length >= limit) break;
      }
      return out;
    });
  }

  async forget(filter: MemoryFilter, signal: AbortSignal): Promise<number> {
    return this.run('forget', signal, () => {
      const { clause, params } = where(filter);
      return this.statement(`DELETE FROM memory_records AS r ${clause}`).run(...params).changes;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private statement(sql: string): Database.Statement<unknown[], StoredRow> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[], StoredRow>(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private run<T>(op: string, signal: AbortSignal, work: () => T): T {
    if (signal.aborted) throw new OperationCancelled(`${op} cancelled`);
    if (this.closed) throw new MemoryUnavailable(`memory store is closed (${op})`);
    try {
      return work();
    } catch (error) {
      if (error instanceof Database.SqliteError) throw new MemoryUnavailable(`memory ${op} failed: ${error.message}`, { cause: error });
      throw error;
    }
  }
}
