import { createHash } from 'node:crypto';
import type { CreateEventInput, MemoryJsonData } from '@aws-sdk/client-bedrock-agentcore';
import type { MemoryKind } from '../../domain/memory.js';
import { agentCoreActorId, agentCoreSessionId } from './agentcore-ids.js';

/** Documented CreateEvent limits: payload items per event, and bytes of one `json` payload. */
const MAX_PAYLOADS = 100;
const MAX_EVENT_BYTES = 100 * 1024;

/** A record as the session's history holds it: its id and its (fitted) canonical JSON. */
export interface HistoryEntry {
  readonly kind: MemoryKind;
  readonly id: string;
  readonly body: string;
}

export interface EventScope {
  readonly memoryId: string;
  readonly actor: string;
  readonly session: string;
  readonly at: Date;
  /** Whether the memory's extraction strategies may read these events (see `extractionMode`). */
  readonly extract: boolean;
}

/**
 * The short-term history of one `remember`: one event per kind (its `metadata.kind` lets
 * ListEvents filter by it), split so that no event has more than 100 payload items or 100 KB of
 * JSON in all. Each item is a `json` payload `{id, record}`. The client token is derived from the
 * content, so remembering the same records again in the session is one event, not two (AgentCore
 * ignores a repeated token without an error).
 */
export function eventInputs(scope: EventScope, entries: readonly HistoryEntry[]): CreateEventInput[] {
  const actorId = agentCoreActorId(scope.actor);
  const sessionId = agentCoreSessionId(scope.session);
  const events: CreateEventInput[] = [];
  for (const kind of [...new Set(entries.map((e) => e.kind))]) {
    let chunk: string[] = [];
    let bytes = 0;
    const flush = () => {
      if (chunk.length === 0) return;
      const clientToken = createHash('sha256').update([actorId, sessionId, kind, ...chunk].join('\n')).digest('hex');
      events.push({
        memoryId: scope.memoryId, actorId, sessionId, eventTimestamp: scope.at, clientToken,
        payload: chunk.map((item) => ({ json: { content: JSON.parse(item) as MemoryJsonData['content'] } })),
        metadata: { kind: { stringValue: kind } },
        // SKIP by default: this adapter writes the long-term records itself, verbatim. Strategies
        // running over the same events would add model-written prose to the same namespaces,
        // which recall skips but which takes places in every top-k search. A memory whose
        // strategies should also learn from this history sets `extractFromEvents`.
        ...(scope.extract ? {} : { extractionMode: 'SKIP' as const }),
      });
      chunk = [];
      bytes = 0;
    };
    for (const e of entries) {
      if (e.kind !== kind) continue;
      const item = `{"id":${JSON.stringify(e.id)},"record":${e.body}}`;
      const size = Buffer.byteLength(item, 'utf8');
      if (chunk.length >= MAX_PAYLOADS || (chunk.length > 0 && bytes + size > MAX_EVENT_BYTES)) flush();
      chunk.push(item);
      bytes += size;
    }
    flush();
  }
  return events;
}
