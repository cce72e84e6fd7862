import type { ClientBase } from 'pg';

/**
 * One forward-only step of the schema. Released migrations are never edited: a change is a new,
 * higher version. `statements` get the quoted schema name, the only identifier spliced into SQL.
 */
export interface PostgresMigration {
  readonly version: number;
  readonly statements: (schema: string) => readonly string[];
}

export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    statements: (s) => [
      // body is text, not jsonb: jsonb reorders keys and drops whitespace, and the canonical JSON
      // (whose hash is the id) must come back byte for byte.
      `CREATE TABLE ${s}.memory_records (
         seq bigserial PRIMARY KEY,
         id text NOT NULL UNIQUE,
         actor text NOT NULL,
         session text,
         kind text NOT NULL,
         namespace text NOT NULL,
         text text NOT NULL,
         body text NOT NULL,
         created_at timestamptz NOT NULL,
         tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED
       )`,
      `CREATE INDEX memory_records_tsv_idx ON ${s}.memory_records USING gin (tsv)`,
      // Serves recall's "latest preferences of an actor" and list's actor/kind filters in seq order.
      `CREATE INDEX memory_records_actor_kind_seq_idx ON ${s}.memory_records (actor, kind, seq)`,
    ],
  },
];

/** Schema names are spliced into SQL, so only plain lower-case identifiers are accepted. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export const quoteSchema = (schema: string): string => {
  if (!SCHEMA_NAME.test(schema)) throw new TypeError(`invalid PostgreSQL schema name ${JSON.stringify(schema)}: use ${SCHEMA_NAME.source}`);
  return `"${schema}"`;
};

/**
 * Brings `schema` up to the latest version in one transaction and returns the versions applied.
 * Replicas starting together queue on a transaction-scoped advisory lock keyed by the schema, so
 * exactly one applies each migration and the others find it recorded. A database already at a
 * newer version (a newer replica migrated first) is left alone: migrations only add.
 */
export async function migratePostgres(client: ClientBase, schema: string, migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS): Promise<number[]> {
  const s = quoteSchema(schema);
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sre-agent:migrations:${schema}`]);
    // CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema exists; a
    // database whose administrator created the schema for us must not need that grant.
    const existing = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (existing.rowCount === 0) await client.query(`CREATE SCHEMA ${s}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await client.query<{ version: number }>(`SELECT version FROM ${s}.schema_migrations`)).rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      for (const sql of m.statements(s)) await client.query(sql);
      await client.query(`INSERT INTO ${s}.schema_migrations (version) VALUES ($1)`, [m.version]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    // The connection is discarded by the caller on error; the rollback is for a connection that survives.
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
