import {
  BatchCreateMemoryRecordsCommand, BatchDeleteMemoryRecordsCommand, type BedrockAgentCoreClient, CreateEventCommand,
  ListMemoryRecordsCommand, type MemoryRecordCreateInput, type MemoryRecordSummary, RetrieveMemoryRecordsCommand,
} from '@aws-sdk/client-bedrock-agentcore';
import type { MemoryFilter, MemoryStore } from '../../application/ports/agent-memory.js';
import { MemoryUnavailable, OperationCancelled } from '../../application/ports/errors.js';
import type { ActorId, SessionId } from '../../domain/ids.js';
import { MEMORY_KINDS, type MemoryContext, type MemoryKind, type MemoryRecord, memoryNamespace, type StoredMemory } from '../../domain/memory.js';
import { canonicalJson, recallFrom, toRow } from '../shared/memory-rows.js';
import { chunks, settleAll, untilAborted } from './agentcore-calls.js';
import { partialFailure, toMemoryError } from './agentcore-errors.js';
import { eventInputs } from './agentcore-events.js';
import { type FoundMemory, foundMemory, oldestFirst, recordInput } from './agentcore-records.js';
import { fitRecord } from './fit-record.js';

export interface AgentCoreAgentMemoryOptions {
  /** The memory resource: its id (`name-0123456789`) or ARN. */
  readonly memoryId: string;
  /** Named in errors an operator must act on. */
  readonly region: string;
  /** Deadline of each AgentCore call, the SDK's retries included; 5 s unless set. */
  readonly callTimeoutMs?: number;
  readonly now?: () => Date;
  /** Let the memory's extraction strategies read the history events too (default: `extractionMode: SKIP`). */
  readonly extractFromEvents?: boolean;
}

const MEMORY_ID = /^(arn:(aws|aws-cn|aws-us-gov):bedrock-agentcore:[a-z0-9-]+:[0-9]{12}:memory\/)?[a-zA-Z][a-zA-Z0-9-_]{0,99}-[a-zA-Z0-9]{10}$/;
/** API maxima: records per batch call, results per page and per search. */
const BATCH = 100;
const PAGE = 100;
const TOP_K = 100;
/** Pages read per namespace before giving up on the rest: 10,000 records. */
const MAX_PAGES = 100;
/** The roots of the three namespace layouts in `memoryNamespace`. */
const ROOT: Readonly<Record<MemoryKind, string>> = { preference: '/sre/users/', infrastructure: '/sre/infrastructure/', investigation: '/sre/investigations/' };

/**
 * Where an actor's records of one kind live: the preference namespace itself, or the prefix of the
 * per-session namespaces with its trailing `/` (the empty session segment), so that `alice`
 * never matches `alice2` in AgentCore's prefix match.
 */
const actorScope = (kind: MemoryKind, actor: string): string => memoryNamespace(kind, actor, kind === 'preference' ? null : '');

/**
 * Memory in Amazon Bedrock AgentCore Memory. `remember` writes each record verbatim as a long-term
 * memory record (BatchCreateMemoryRecords) in the original system's namespaces, readable at once
 * and never rewritten by a model, and the session's short-term history as events (CreateEvent).
 * `recall` lists the actor's preferences and searches past investigations and infrastructure
 * facts across sessions (RetrieveMemoryRecords), then ranks them like every other backend.
 */
export class AgentCoreAgentMemory implements MemoryStore {
  private readonly memoryId: string;
  private readonly region: string;
  private readonly timeoutMs: number;
  private readonly now: () => Date;
  private readonly extract: boolean;
  private readonly inflight = new Set<Promise<unknown>>();
  private closed = false;
  private lastStamp = 0;

  constructor(private readonly client: BedrockAgentCoreClient, options: AgentCoreAgentMemoryOptions) {
    if (!MEMORY_ID.test(options.memoryId)) throw new MemoryUnavailable(`"${options.memoryId}" is not an AgentCore Memory id or ARN (region ${options.region})`);
    this.memoryId = options.memoryId;
    this.region = options.region;
    this.timeoutMs = options.callTimeoutMs ?? 5_000;
    this.now = options.now ?? (() => new Date());
    this.extract = options.extractFromEvents ?? false;
  }

  recall(actor: ActorId, _session: SessionId, query: string, signal: AbortSignal): Promise<MemoryContext> {
    return this.run('recall', signal, async () => {
      // searchQuery must hold 1-10,000 characters: an empty question searches nothing.
      const q = query.trim().slice(0, 10_000);
      const search = (kind: MemoryKind) => (q ? this.retrieve(actorScope(kind, actor), q, signal) : Promise.resolve([]));
      const parts = await settleAll([this.listAll(actorScope('preference', actor), signal), search('infrastructure'), search('investigation')]);
      const found = oldestFirst(parts.flat().flatMap((s) => foundMemory(s) ?? [])).filter((f) => f.stored.actor === actor);
      return recallFrom(query, found.map((f) => f.stored));
    });
  }

  remember(actor: ActorId, session: SessionId, records: readonly MemoryRecord[], signal: AbortSignal): Promise<void> {
    return this.run('remember', signal, async () => {
      // Ids come from the whole record (toRow); the content is the record fitted to 16,000 characters.
      const byId = new Map(records.map((r) => {
        const row = toRow(actor, session, r, '');
        return [row.id, { row, body: canonicalJson(fitRecord(r)) }] as const;
      }));
      const rows = [...byId.values()];
      if (rows.length === 0) return;
      // AgentCore does not deduplicate by requestIdentifier: records already stored are skipped,
      // so that remembering the same facts again keeps one copy (and one place in top-k).
      const namespaces = [...new Set(rows.map((x) => x.row.namespace))];
      const stored = (await settleAll(namespaces.map((ns) => this.listAll(ns, signal)))).flat().flatMap((s) => foundMemory(s) ?? []);
      const known = new Set(stored.map((f) => f.stored.id));
      const fresh: MemoryRecordCreateInput[] = rows.filter((x) => !known.has(x.row.id)).map((x) => recordInput(x.row, x.body, this.stamp()));
      const events = eventInputs({ memoryId: this.memoryId, actor, session, at: this.now(), extract: this.extract }, rows.map((x) => ({ kind: x.row.kind, id: x.row.id, body: x.body })));
      await settleAll<unknown>([
        ...events.map((input) => this.call('CreateEvent', signal, (abortSignal) => this.client.send(new CreateEventCommand(input), { abortSignal }))),
        ...chunks(fresh, BATCH).map((batch) => this.createRecords(batch, signal)),
      ]);
    });
  }

  list(filter: MemoryFilter, limit: number, signal: AbortSignal): Promise<StoredMemory[]> {
    return this.run('list', signal, async () => (await this.find(filter, signal)).slice(0, Math.max(0, limit)).map((f) => f.stored));
  }

  forget(filter: MemoryFilter, signal: AbortSignal): Promise<number> {
    return this.run('forget', signal, async () => {
      const found = await this.find(filter, signal);
      const targets = found.flatMap((f) => f.memoryRecordIds.map((memoryRecordId) => ({ memoryRecordId, namespace: f.stored.namespace })));
      await settleAll(chunks(targets, BATCH).map(async (records) => {
        const out = await this.call('BatchDeleteMemoryRecords', signal, (abortSignal) =>
          this.client.send(new BatchDeleteMemoryRecordsCommand({ memoryId: this.memoryId, records }), { abortSignal }));
        // A record deleted meanwhile (404) is as forgotten as one deleted now.
        const failed = (out.failedRecords ?? []).filter((r) => r.errorCode !== 404);
        if (failed.length > 0) throw partialFailure(`AgentCore Memory ${this.memoryId} in ${this.region}`, 'deleted', records.length, failed);
      }));
      return found.length;
    });
  }

  /** Waits for calls in flight, then releases the client's sockets; later calls reject with `MemoryUnavailable`. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
    this.client.destroy();
  }

  /** Matching records, one per id, oldest first. Every page is read: the service documents no order. */
  private async find(filter: MemoryFilter, signal: AbortSignal): Promise<FoundMemory[]> {
    const kinds = filter.kind ? [filter.kind] : MEMORY_KINDS;
    const scopes = filter.actor !== undefined ? kinds.map((k) => actorScope(k, filter.actor!)) : filter.kind ? [ROOT[filter.kind]] : ['/sre/'];
    const summaries = (await settleAll(scopes.map((ns) => this.listAll(ns, signal)))).flat();
    return oldestFirst(summaries.flatMap((s) => foundMemory(s) ?? [])).filter(({ stored }) =>
      (filter.actor === undefined || stored.actor === filter.actor) && (filter.kind === undefined || stored.record.kind === filter.kind) && (filter.id === undefined || stored.id === filter.id));
  }

  private async listAll(namespace: string, signal: AbortSignal): Promise<MemoryRecordSummary[]> {
    const all: MemoryRecordSummary[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const out = await this.call('ListMemoryRecords', signal, (abortSignal) =>
        this.client.send(new ListMemoryRecordsCommand({ memoryId: this.memoryId, namespace, maxResults: PAGE, ...(nextToken ? { nextToken } : {}) }), { abortSignal }));
      all.push(...(out.memoryRecordSummaries ?? []));
      nextToken = out.nextToken;
      if (!nextToken) break;
    }
    return all;
  }

  private async retrieve(namespace: string, searchQuery: string, signal: AbortSignal): Promise<MemoryRecordSummary[]> {
    const all: MemoryRecordSummary[] = [];
    let nextToken: string | undefined;
    // One page asks for all top-k; a service that pages smaller is followed until top-k.
    do {
      const out = await this.call('RetrieveMemoryRecords', signal, (abortSignal) => this.client.send(new RetrieveMemoryRecordsCommand({
        memoryId: this.memoryId, namespace, searchCriteria: { searchQuery, topK: TOP_K }, maxResults: TOP_K, ...(nextToken ? { nextToken } : {}),
      }), { abortSignal }));
      all.push(...(out.memoryRecordSummaries ?? []));
      nextToken = out.nextToken;
    } while (nextToken && all.length < TOP_K);
    return all;
  }

  private async createRecords(records: MemoryRecordCreateInput[], signal: AbortSignal): Promise<void> {
    const out = await this.call('BatchCreateMemoryRecords', signal, (abortSignal) =>
      this.client.send(new BatchCreateMemoryRecordsCommand({ memoryId: this.memoryId, records }), { abortSignal }));
    const failed = out.failedRecords ?? [];
    if (failed.length > 0 || (out.successfulRecords ?? []).length < records.length) throw partialFailure(`AgentCore Memory ${this.memoryId} in ${this.region}`, 'stored', records.length, failed);
  }

  /** One SDK call under the caller's signal and its own deadline, its failure translated once. */
  private async call<T>(operation: string, signal: AbortSignal, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const both = AbortSignal.any([signal, deadline]);
    try {
      if (both.aborted) throw both.reason;
      // Raced as well as passed down: the answer is given at the deadline even if the SDK lingers.
      return await untilAborted(this.track(send(both)), both);
    } catch (error) {
      throw toMemoryError(error, { memoryId: this.memoryId, region: this.region, operation, signal, deadline, timeoutMs: this.timeoutMs });
    }
  }

  private run<T>(op: string, signal: AbortSignal, work: () => Promise<T>): Promise<T> {
    if (signal.aborted) return Promise.reject(new OperationCancelled(`AgentCore Memory ${op} cancelled`));
    if (this.closed) return Promise.reject(new MemoryUnavailable(`AgentCore Memory ${this.memoryId} store is closed (${op})`));
    return this.track(work());
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inflight.add(promise);
    const done = () => this.inflight.delete(promise);
    promise.then(done, done);
    return promise;
  }

  /** Strictly increasing record times, so records written in one millisecond keep their order. */
  private stamp(): Date {
    this.lastStamp = Math.max(this.now().getTime(), this.lastStamp + 1);
    return new Date(this.lastStamp);
  }
}
