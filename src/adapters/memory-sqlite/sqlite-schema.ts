import type Database from 'better-sqlite3';
import { MemoryUnavailable } from '../../application/ports/errors.js';

/**
 * Forward-only migrations: entry `i` takes a file from `user_version` i to i + 1. Shipped entries
 * are never edited, because files already past them would not see the change; add a new one.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE memory_records (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    actor TEXT NOT NULL,
    session TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('preference', 'infrastructure', 'investigation')),
    namespace TEXT NOT NULL,
    text TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX memory_records_actor_kind_seq ON memory_records (actor, kind, seq);
  -- External content: the words are stored once, in memory_records; the index only points at seq.
  -- No porter stemmer: FTS5 stems prefix queries too, and porter's stem of the shared ranking's
  -- term ('terminat' stays 'terminat') is not a prefix of its stem of the word ('terminated' is
  -- 'termin'), so records the ranking would score were never candidates. Unstemmed, every
  -- ranking term is a literal prefix of the word it came from.
  CREATE VIRTUAL TABLE memory_records_fts USING fts5(
    text, content = 'memory_records', content_rowid = 'seq', tokenize = 'unicode61'
  );
  CREATE TRIGGER memory_records_fts_insert AFTER INSERT ON memory_records BEGIN
    INSERT INTO memory_records_fts (rowid, text) VALUES (new.seq, new.text);
  END;
  CREATE TRIGGER memory_records_fts_delete AFTER DELETE ON memory_records BEGIN
    INSERT INTO memory_records_fts (memory_records_fts, rowid, text) VALUES ('delete', old.seq, old.text);
  END;
  CREATE TRIGGER memory_records_fts_update AFTER UPDATE OF seq, text ON memory_records BEGIN
    INSERT INTO memory_records_fts (memory_records_fts, rowid, text) VALUES ('delete', old.seq, old.text);
    INSERT INTO memory_records_fts (rowid, text) VALUES (new.seq, new.text);
  END;
  `,
];

/** The `user_version` this code writes and understands. */
export const SCHEMA_VERSION = MIGRATIONS.length;

const versionOf = (db: Database.Database): number => db.pragma('user_version', { simple: true }) as number;

/**
 * Brings the file up to `SCHEMA_VERSION`. A file already there costs one read and no write lock;
 * one written by a newer release is refused rather than guessed at.
 */
export function migrate(db: Database.Database, file: string): void {
  const refuseNewer = (found: number): void => {
    if (found > SCHEMA_VERSION) {
      throw new MemoryUnavailable(
        `memory database ${file} has schema version ${found}, newer than this release understands (${SCHEMA_VERSION}); run a newer sre-agent or use another file`,
      );
    }
  };
  const current = versionOf(db);
  refuseNewer(current);
  if (current === SCHEMA_VERSION) return;
  // IMMEDIATE takes the write lock before re-reading, so two processes opening a new file at once
  // cannot both apply the same migration.
  db.transaction(() => {
    const from = versionOf(db);
    refuseNewer(from);
    for (let v = from; v < SCHEMA_VERSION; v += 1) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
