import type { MemoryFilter, MemoryStore } from '../../application/ports/agent-memory.js';
import type { ActorId, SessionId } from '../../domain/ids.js';
import type { MemoryContext, MemoryRecord, StoredMemory } from '../../domain/memory.js';
import { fromRow, matchTerms, type MemoryRow, RECALL_LIMITS, recallFrom, toRow } from '../shared/memory-rows.js';
import { migratePostgres, quoteSchema } from './postgres-migrations.js';
import { PostgresQueryRunner } from './postgres-query-runner.js';

export interface PostgresAgentMemoryOptions {
  readonly connectionString: string;
  /** Where the tables live; created at open when missing. Default `sre_agent`. */
  readonly schema?: string;
  /** Longest a statement may run before it fails with MemoryUnavailable. Default 10 s. */
  readonly queryTimeoutMs?: number;
  /** Longest to wait for a connection (a new one, or a free one from the pool). Default 5 s. */
  readonly connectTimeoutMs?: number;
  /** Connections per replica. Default 10. */
  readonly poolSize?: number;
  readonly now?: () => Date;
}

interface SelectedRow {
  readonly seq: string;
  readonly id: string;
  readonly actor: string;
  readonly session: string | null;
  readonly namespace: string;
  readonly body: string;
  readonly created_at: Date | string;
}

const COLUMNS = 'seq, id, actor, session, namespace, body, created_at';
// list reads in pages so that a huge limit never loads a whole table into one result.
const LIST_PAGE = 500;

// PostgreSQL text cannot hold U+0000. The body is JSON, which escapes it; every other string that
// reaches the server (a session id from a header, search text from tool output) carries U+FFFD instead.
const storable = <T extends string | null>(value: T): T => (value === null ? value : value.replaceAll('\u0000', '\uFFFD') as T);

const stored = (r: SelectedRow): StoredMemory | undefined =>
  fromRow({ id: r.id, actor: r.actor, session: r.session, namespace: r.namespace, body: r.body, createdAt: new Date(r.created_at).toISOString() });

/** `actor = $n AND …` for the filter's fields, appending their values to `params`; TRUE for an empty filter. */
function conditions(filter: MemoryFilter, params: unknown[]): string {
  const parts: string[] = [];
  for (const [column, value] of [['actor', filter.actor], ['kind', filter.kind], ['id', filter.id]] as const) {
    if (value === undefined) continue;
    params.push(storable(value));
    parts.push(`${column} = $${params.length}`);
  }
  return parts.length > 0 ? parts.join(' AND ') : 'TRUE';
}

/**
 * Memory in PostgreSQL, shared by every replica of the runtime. Records are keyed by content
 * hash, so concurrent replicas remembering the same record store it once. Recall narrows facts
 * and past investigations with the server's full-text index, then ranks them like every other
 * backend does (`recallFrom`).
 */
export class PostgresAgentMemory implements MemoryStore {
  private constructor(
    private readonly runner: PostgresQueryRunner,
    private readonly table: string,
    private readonly now: () => Date,
  ) {}

  /** Connects and migrates the schema; rejects with MemoryUnavailable when the server cannot be reached. */
  static async open(options: PostgresAgentMemoryOptions): Promise<PostgresAgentMemory> {
    const schema = options.schema ?? 'sre_agent';
    const table = `${quoteSchema(schema)}.memory_records`;
    const runner = new PostgresQueryRunner({
      connectionString: options.connectionString,
      queryTimeoutMs: options.queryTimeoutMs ?? 10_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
      poolSize: options.poolSize ?? 10,
    });
    try {
      await runner.run('open', new AbortController().signal, (client) => migratePostgres(client, schema));
    } catch (error) {
      await runner.close();
      throw error;
    }
    return new PostgresAgentMemory(runner, table, options.now ?? (() => new Date()));
  }

  recall(actor: ActorId, _session: SessionId, query: string, signal: AbortSignal): Promise<MemoryContext> {
    const terms = matchTerms(query);
    const preferences = `(SELECT ${COLUMNS} FROM ${this.table} WHERE actor = $1 AND kind = 'preference' ORDER BY seq DESC LIMIT $2)`;
    // Terms are letters and digits only, and the whole tsquery still travels as a parameter.
    const candidates = `(SELECT ${COLUMNS} FROM ${this.table}, to_tsquery('english', $3) AS q
      WHERE actor = $1 AND kind IN ('infrastructure', 'investigation') AND tsv @@ q
      ORDER BY ts_rank(tsv, q) DESC, seq DESC LIMIT $4)`;
    const [sql, params] = terms.length > 0
      ? [`SELECT ${COLUMNS} FROM (${preferences} UNION ALL ${candidates}) AS recalled ORDER BY seq`,
        [storable(actor), RECALL_LIMITS.preferences, terms.map((t) => `${t}:*`).join(' | '), RECALL_LIMITS.candidates]]
      : [`SELECT ${COLUMNS} FROM ${preferences} AS recalled ORDER BY seq`, [storable(actor), RECALL_LIMITS.preferences]];
    return this.runner.run('recall', signal, async (client) => {
      const { rows } = await client.query<SelectedRow>(sql, params);
      return recallFrom(query, rows.flatMap((r) => stored(r) ?? []));
    });
  }

  async remember(actor: ActorId, session: SessionId, records: readonly MemoryRecord[], signal: AbortSignal): Promise<void> {
    this.runner.check('remember', signal);
    if (records.length === 0) return;
    const at = this.now().toISOString();
    const rows = records.map((r) => toRow(actor, session, r, at))
      .map((row) => ({ ...row, actor: storable(row.actor), session: storable(row.session), text: storable(row.text) }));
    const column = (key: keyof MemoryRow) => rows.map((r) => r[key]);
    // One statement whatever the number of records (arrays, not a VALUES row per record, so the
    // parameter limit never applies), rows in the order given, so seq follows the caller's order.
    const sql = `INSERT INTO ${this.table} (id, actor, session, kind, namespace, text, body, created_at)
      SELECT id, actor, session, kind, namespace, text, body, created_at
      FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
        WITH ORDINALITY AS r(id, actor, session, kind, namespace, text, body, created_at, ord)
      ORDER BY ord
      ON CONFLICT (id) DO NOTHING`;
    const params = [column('id'), column('actor'), column('session'), column('kind'), column('namespace'), column('text'), column('body'), column('createdAt')];
    await this.runner.run('remember', signal, (client) => client.query(sql, params));
  }

  list(filter: MemoryFilter, limit: number, signal: AbortSignal): Promise<StoredMemory[]> {
    const max = Number.isFinite(limit) ? Math.max(0, Math.floor(limit)) : limit > 0 ? Number.MAX_SAFE_INTEGER : 0;
    return this.runner.run('list', signal, async (client) => {
      const out: StoredMemory[] = [];
      // Keyset pages: invalid rows are skipped, so one LIMIT could return fewer than asked.
      let after = '0';
      while (out.length < max) {
        const want = Math.min(max - out.length, LIST_PAGE);
        const params: unknown[] = [after];
        const where = conditions(filter, params);
        params.push(want);
        const { rows } = await client.query<SelectedRow>(
          `SELECT ${COLUMNS} FROM ${this.table} WHERE seq > $1 AND ${where} ORDER BY seq LIMIT $${params.length}`, params);
        for (const r of rows) {
          const s = stored(r);
          if (s) out.push(s);
        }
        if (rows.length < want) break;
        after = rows[rows.length - 1]!.seq;
      }
      return out;
    });
  }

  forget(filter: MemoryFilter, signal: AbortSignal): Promise<number> {
    const params: unknown[] = [];
    const sql = `DELETE FROM ${this.table} WHERE ${conditions(filter, params)}`;
    return this.runner.run('forget', signal, async (client) => (await client.query(sql, params)).rowCount ?? 0);
  }

  close(): Promise<void> {
    return this.runner.close();
  }
}
