import type { MemoryRecordCreateInput, MemoryRecordSummary } from '@aws-sdk/client-bedrock-agentcore';
import type { StoredMemory } from '../../domain/memory.js';
import { memoryNamespace } from '../../domain/memory.js';
import { fromRow, type MemoryRow } from '../shared/memory-rows.js';

// Who a record belongs to travels as record metadata, not inside the content: the content stays
// the record's own JSON, which is what semantic search embeds and what a person sees in the console.
const ID = 'sre.id';
const ACTOR = 'sre.actor';
const SESSION = 'sre.session';

/** A record as AgentCore stores it, and the AgentCore ids of every copy of it. */
export interface FoundMemory {
  readonly stored: StoredMemory;
  readonly memoryRecordIds: string[];
}

/** One long-term record to create: `body` is the record's canonical JSON, already fitted to the content limit. */
export function recordInput(row: MemoryRow, body: string, at: Date): MemoryRecordCreateInput {
  return {
    // The row id is `[0-9a-f]{32}`: inside requestIdentifier's `[a-zA-Z0-9_-]{1,80}`.
    requestIdentifier: row.id,
    namespaces: [row.namespace],
    content: { text: body },
    timestamp: at,
    metadata: {
      [ID]: { stringValue: row.id },
      [ACTOR]: { stringValue: row.actor },
      ...(row.session !== null ? { [SESSION]: { stringValue: row.session } } : {}),
    },
  };
}

/**
 * A record read back, or undefined when it is not one this adapter wrote: no `sre.*` metadata
 * (what an extraction strategy or another writer left), content that is not a valid record, or
 * a namespace that does not match the record's kind, actor and session. Such records are
 * skipped, never trusted.
 */
export function foundMemory(summary: MemoryRecordSummary): FoundMemory | undefined {
  const namespace = summary.namespaces?.[0];
  const body = summary.content?.text;
  const id = summary.metadata?.[ID]?.stringValue;
  const actor = summary.metadata?.[ACTOR]?.stringValue;
  const session = summary.metadata?.[SESSION]?.stringValue ?? null;
  if (!namespace || body === undefined || !id || !actor || !summary.memoryRecordId || !summary.createdAt) return undefined;
  const stored = fromRow({ id, actor, session, namespace, body, createdAt: summary.createdAt.toISOString() });
  if (!stored) return undefined;
  const kind = stored.record.kind;
  // Preferences belong to the person only; everything else also to a session.
  if ((kind === 'preference') !== (session === null) || memoryNamespace(kind, actor, session) !== namespace) return undefined;
  return { stored, memoryRecordIds: [summary.memoryRecordId] };
}

/** One entry per record id (copies merged, the oldest time kept), oldest first. */
export function oldestFirst(found: readonly FoundMemory[]): FoundMemory[] {
  const byId = new Map<string, FoundMemory>();
  for (const f of found) {
    const seen = byId.get(f.stored.id);
    if (!seen) byId.set(f.stored.id, { stored: f.stored, memoryRecordIds: [...f.memoryRecordIds] });
    else {
      const older = f.stored.createdAt < seen.stored.createdAt ? f.stored : seen.stored;
      byId.set(f.stored.id, { stored: older, memoryRecordIds: [...new Set([...seen.memoryRecordIds, ...f.memoryRecordIds])] });
    }
  }
  // Array#sort is stable: records stamped in the same millisecond keep the order they were read in.
  return [...byId.values()].sort((a, b) => (a.stored.createdAt < b.stored.createdAt ? -1 : a.stored.createdAt > b.stored.createdAt ? 1 : 0));
}
