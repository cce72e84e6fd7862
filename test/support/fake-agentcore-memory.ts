import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BedrockAgentCoreClient } from '@aws-sdk/client-bedrock-agentcore';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/**
 * A wire-level fake of the AgentCore Memory data plane: the REST-JSON routes, field names,
 * status codes and error headers that `@aws-sdk/client-bedrock-agentcore` 3.1141 sends and
 * parses (routes taken from its serializer schemas; constraints from the API reference). Records
 * live in memory. Retrieval ranks by word overlap, where the real service does semantic (vector)
 * search: good enough to test what an adapter does with relevance-ordered results, not to judge
 * recall quality. SigV4 is checked for shape and scope, not recomputed.
 */

/** One request as the fake saw it. */
export interface MemoryRequest {
  /** The AgentCore operation the route names, or `Unknown`. */
  readonly operation: string;
  readonly method: string;
  /** The raw path, percent-encoding kept. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The parsed JSON body ({} when empty or not JSON). */
  readonly body: Record<string, unknown>;
}

type Metadata = Record<string, Record<string, unknown>>;

export interface FakeMemoryRecord {
  readonly memoryRecordId: string;
  readonly namespace: string;
  readonly text: string;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly memoryStrategyId?: string;
  readonly metadata?: Metadata;
  readonly requestIdentifier?: string;
}

export interface FakeEvent {
  readonly eventId: string;
  readonly actorId: string;
  readonly sessionId?: string;
  readonly eventTimestamp: number;
  readonly payload: readonly unknown[];
  readonly metadata?: Record<string, unknown>;
  readonly extractionMode?: string;
  readonly clientToken?: string;
}

class Rejection extends Error {
  constructor(readonly status: number, readonly type: string, message: string) {
    super(message);
  }
}
const invalid = (message: string) => new Rejection(400, 'ValidationException', message);

const MEMORY_ID = /^(arn:(aws|aws-cn|aws-us-gov):bedrock-agentcore:[a-z0-9-]+:[0-9]{12}:memory\/)?[a-zA-Z][a-zA-Z0-9-_]{0,99}-[a-zA-Z0-9]{10}$/;
const ACTOR_ID = /^[a-zA-Z0-9][a-zA-Z0-9-_/]*(?::[a-zA-Z0-9-_/]+)*[a-zA-Z0-9-_/]*$/;
const SESSION_ID = /^[a-zA-Z0-9][a-zA-Z0-9-_]*$/;
const NAMESPACE = /^[a-zA-Z0-9/*][a-zA-Z0-9-_/*]*(?::[a-zA-Z0-9-_/*]+)*[a-zA-Z0-9-_/*]*$/;
const REQUEST_IDENTIFIER = /^[a-zA-Z0-9_-]+$/;
const STRATEGY_ID = /^[a-zA-Z0-9][a-zA-Z0-9-_]*$/;
const RECORD_ID = /^mem-[a-zA-Z0-9-_]*$/;
const METADATA_KEY = /^[a-zA-Z0-9\s._:/=+@-]*$/;
const SIGV4 = /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

const ROUTES: readonly { readonly method: string; readonly pattern: RegExp; readonly operation: string }[] = [
  { method: 'POST', pattern: /^\/memories\/([^/]+)\/events$/, operation: 'CreateEvent' },
  { method: 'POST', pattern: /^\/memories\/([^/]+)\/memoryRecords\/batchCreate$/, operation: 'BatchCreateMemoryRecords' },
  { method: 'POST', pattern: /^\/memories\/([^/]+)\/memoryRecords\/batchDelete$/, operation: 'BatchDeleteMemoryRecords' },
  { method: 'POST', pattern: /^\/memories\/([^/]+)\/memoryRecords$/, operation: 'ListMemoryRecords' },
  { method: 'POST', pattern: /^\/memories\/([^/]+)\/retrieve$/, operation: 'RetrieveMemoryRecords' },
  { method: 'DELETE', pattern: /^\/memories\/([^/]+)\/memoryRecords\/([^/]+)$/, operation: 'DeleteMemoryRecord' },
];

const str = (v: unknown): v is string => typeof v === 'string';
const words = (text: string): Set<string> =>
  new Set((text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => w.length > 1).map((w) => w.replace(/(ing|ed|es|s)$/, '')));
const seconds = (ms: number) => ms / 1000;

/** The AgentCore Memory data plane on loopback; `FakeAgentCoreMemory.start()` to get one. */
export class FakeAgentCoreMemory {
  readonly requests: MemoryRequest[] = [];
  readonly records = new Map<string, FakeMemoryRecord>();
  readonly events: FakeEvent[] = [];
  /** Memory resources that exist; any other id answers 404 ResourceNotFoundException. */
  readonly memoryIds = new Set<string>();
  /** Milliseconds to wait before answering every request (for deadline tests). */
  delayMs = 0;
  /** The most results one page holds whatever maxResults asks, small to make callers paginate. */
  pageSize = 100;
  url = '';
  private readonly server: Server = createServer((req, res) => void this.handle(req, res));
  private failures: { status: number; type: string; left: number; message: string; operation?: string }[] = [];
  private failingRecords = 0;
  private readonly eventTokens = new Map<string, FakeEvent>();
  private readonly batchTokens = new Map<string, unknown>();

  static readonly MEMORY_ID = 'sre_agent_memory-AbCdE12345';

  static async start(memoryId: string = FakeAgentCoreMemory.MEMORY_ID): Promise<FakeAgentCoreMemory> {
    const fake = new FakeAgentCoreMemory();
    fake.memoryIds.add(memoryId);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  /** Empties the store and forgets requests, tokens and injected faults (one fake, many tests). */
  reset(): this {
    this.requests.length = 0;
    this.events.length = 0;
    this.records.clear();
    this.eventTokens.clear();
    this.batchTokens.clear();
    this.failures = [];
    this.failingRecords = 0;
    this.delayMs = 0;
    this.pageSize = 100;
    return this;
  }

  /** The next `n` requests (of `operation`, when given) answer `status` with `x-amzn-errortype: type`. */
  failNext(status: number, type: string, n = 1, options: { message?: string; operation?: string } = {}): this {
    this.failures.push({ status, type, left: n, message: options.message ?? `injected ${type}`, ...(options.operation ? { operation: options.operation } : {}) });
    return this;
  }

  /** The next `n` records of BatchCreateMemoryRecords come back in `failedRecords` (a partial failure). */
  failRecords(n: number): this {
    this.failingRecords = n;
    return this;
  }

  /** A record placed directly in the store, as another writer or an extraction strategy would leave it. */
  seed(record: { namespace: string; text: string; createdAt?: Date; metadata?: Metadata; memoryStrategyId?: string }): FakeMemoryRecord {
    const stored: FakeMemoryRecord = {
      memoryRecordId: newRecordId(), namespace: record.namespace, text: record.text, createdAt: (record.createdAt ?? new Date()).getTime(),
      ...(record.metadata ? { metadata: record.metadata } : {}), memoryStrategyId: record.memoryStrategyId ?? 'semantic-Abc1234567',
    };
    this.records.set(stored.memoryRecordId, stored);
    return stored;
  }

  /** The requests made for one operation, in order. */
  calls(operation: string): MemoryRequest[] {
    return this.requests.filter((r) => r.operation === operation);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = ROUTES.map((r) => ({ r, m: req.method === r.method ? r.pattern.exec(path) : null })).find((x) => x.m);
    let body: Record<string, unknown> = {};
    try {
      const parsed: unknown = raw ? JSON.parse(raw) : {};
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
    } catch {
      // Left empty: the operation's validation answers for a missing body.
    }
    const operation = route?.r.operation ?? 'Unknown';
    this.requests.push({ operation, method: req.method ?? '', path, query: Object.fromEntries(url.searchParams), headers: req.headers, body });
    if (this.delayMs > 0) {
      await new Promise((r) => setTimeout(r, this.delayMs));
      if (res.destroyed || req.socket.destroyed) return;
    }
    try {
      this.checkSignature(req);
      const failure = this.failures.find((f) => f.left > 0 && (!f.operation || f.operation === operation));
      if (failure) {
        failure.left -= 1;
        throw new Rejection(failure.status, failure.type, failure.message);
      }
      if (!route?.m) throw new Rejection(404, 'UnknownOperationException', `the fake AgentCore Memory has no operation at ${req.method} ${path}`);
      const memoryId = decodeURIComponent(route.m[1] ?? '');
      if (!MEMORY_ID.test(memoryId)) throw invalid(`memoryId ${memoryId} does not match the memory id pattern`);
      if (!this.memoryIds.has(memoryId)) throw new Rejection(404, 'ResourceNotFoundException', `Memory ${memoryId} not found`);
      const [status, answer] = this.operate(operation, body, { memoryId, recordId: decodeURIComponent(route.m[2] ?? '') });
      send(res, status, answer);
    } catch (error) {
      if (!(error instanceof Rejection)) throw error;
      send(res, error.status, { message: error.message }, { 'x-amzn-errortype': `${error.type}:http://internal.amazon.com/coral/com.amazonaws.bedrockagentcore/` });
    }
  }

  private checkSignature(req: IncomingMessage): void {
    const auth = req.headers['authorization'];
    if (!str(auth)) throw new Rejection(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    const m = SIGV4.exec(auth);
    if (!m) throw new Rejection(403, 'IncompleteSignatureException', `Authorization header is not a SigV4 signature: ${auth.slice(0, 40)}`);
    if (m[4] !== 'bedrock-agentcore') throw new Rejection(403, 'InvalidSignatureException', `Credential should be scoped to correct service: 'bedrock-agentcore', not '${m[4]}'`);
    if (!str(req.headers['x-amz-date'])) throw new Rejection(403, 'IncompleteSignatureException', 'missing x-amz-date');
  }

  private operate(operation: string, body: Record<string, unknown>, extra: { memoryId: string; recordId: string }): [number, unknown] {
    switch (operation) {
      case 'CreateEvent': return [201, this.createEvent(extra.memoryId, body)];
      case 'BatchCreateMemoryRecords': return [201, this.batchCreate(body)];
      case 'BatchDeleteMemoryRecords': return [200, this.batchDelete(body)];
      case 'ListMemoryRecords': return [200, this.list(body)];
      case 'RetrieveMemoryRecords': return [200, this.retrieve(body)];
      case 'DeleteMemoryRecord': return [200, this.deleteOne(extra.recordId)];
      default: throw new Rejection(404, 'UnknownOperationException', `the fake AgentCore Memory does not implement ${operation}`);
    }
  }

  private createEvent(memoryId: string, body: Record<string, unknown>): unknown {
    const { actorId, sessionId, eventTimestamp, payload, metadata, extractionMode, clientToken } = body;
    if (!str(actorId) || actorId.length > 255 || !ACTOR_ID.test(actorId)) throw invalid(`actorId ${String(actorId)} must match ${ACTOR_ID.source} (1-255)`);
    if (sessionId !== undefined && (!str(sessionId) || sessionId.length > 100 || !SESSION_ID.test(sessionId))) throw invalid(`sessionId ${String(sessionId)} must match ${SESSION_ID.source} (1-100)`);
    if (typeof eventTimestamp !== 'number') throw invalid('eventTimestamp is required (epoch seconds)');
    if (!Array.isArray(payload) || payload.length > 100) throw invalid('payload is required and holds at most 100 items');
    for (const item of payload) checkPayload(item);
    if (metadata !== undefined) checkMetadata(metadata, (v) => str(v['stringValue']));
    if (extractionMode !== undefined && extractionMode !== 'SKIP') throw invalid(`extractionMode must be SKIP, not ${String(extractionMode)}`);
    // Idempotency as documented: a repeated token is ignored and answered without an error.
    const earlier = str(clientToken) ? this.eventTokens.get(clientToken) : undefined;
    const event: FakeEvent = earlier ?? {
      eventId: `${Math.round(eventTimestamp * 1000)}#${randomBytes(8).toString('hex')}`, actorId, eventTimestamp: eventTimestamp * 1000, payload,
      ...(str(sessionId) ? { sessionId } : {}), ...(metadata ? { metadata: metadata as Record<string, unknown> } : {}),
      ...(str(extractionMode) ? { extractionMode } : {}), ...(str(clientToken) ? { clientToken } : {}),
    };
    if (!earlier) {
      this.events.push(event);
      if (str(clientToken)) this.eventTokens.set(clientToken, event);
    }
    return { event: { memoryId, actorId: event.actorId, sessionId: event.sessionId, eventId: event.eventId, eventTimestamp: seconds(event.eventTimestamp), payload: event.payload, ...(event.metadata ? { metadata: event.metadata } : {}) } };
  }

  private batchCreate(body: Record<string, unknown>): unknown {
    const { records, clientToken } = body;
    if (!Array.isArray(records) || records.length > 100) throw invalid('records is required and holds at most 100 items');
    if (str(clientToken) && this.batchTokens.has(clientToken)) return this.batchTokens.get(clientToken);
    const checked = records.map((r) => checkRecordInput(r));
    const successfulRecords: unknown[] = [];
    const failedRecords: unknown[] = [];
    for (const r of checked) {
      const memoryRecordId = newRecordId();
      if (this.failingRecords > 0) {
        this.failingRecords -= 1;
        failedRecords.push({ memoryRecordId, status: 'FAILED', requestIdentifier: r.requestIdentifier, errorCode: 500, errorMessage: 'injected record failure' });
        continue;
      }
      this.records.set(memoryRecordId, { ...r, memoryRecordId });
      successfulRecords.push({ memoryRecordId, status: 'SUCCEEDED', requestIdentifier: r.requestIdentifier });
    }
    const answer = { successfulRecords, failedRecords };
    if (str(clientToken)) this.batchTokens.set(clientToken, answer);
    return answer;
  }

  private batchDelete(body: Record<string, unknown>): unknown {
    const { records } = body;
    if (!Array.isArray(records) || records.length > 100) throw invalid('records is required and holds at most 100 items');
    const successfulRecords: unknown[] = [];
    const failedRecords: unknown[] = [];
    for (const r of records as Record<string, unknown>[]) {
      const id = r?.['memoryRecordId'];
      if (!str(id) || id.length < 40 || id.length > 50 || !RECORD_ID.test(id)) throw invalid(`memoryRecordId ${String(id)} must match ${RECORD_ID.source} (40-50)`);
      if (this.records.delete(id)) successfulRecords.push({ memoryRecordId: id, status: 'SUCCEEDED' });
      else failedRecords.push({ memoryRecordId: id, status: 'FAILED', errorCode: 404, errorMessage: `Memory record ${id} not found` });
    }
    return { successfulRecords, failedRecords };
  }

  private deleteOne(id: string): unknown {
    if (!this.records.delete(id)) throw new Rejection(404, 'ResourceNotFoundException', `Memory record ${id} not found`);
    return { memoryRecordId: id };
  }

  private list(body: Record<string, unknown>): unknown {
    const matches = this.matching(body);
    // Newest first: the service documents no order, so an adapter must not rely on one.
    return this.page(matches.sort((a, b) => b.createdAt - a.createdAt), body, (r) => summary(r));
  }

  private retrieve(body: Record<string, unknown>): unknown {
    const criteria = body['searchCriteria'] as Record<string, unknown> | undefined;
    const query = criteria?.['searchQuery'];
    if (!criteria || !str(query) || query.length < 1 || query.length > 10_000) throw invalid('searchCriteria.searchQuery is required (1-10,000 characters)');
    const topK = criteria['topK'] ?? 10;
    if (typeof topK !== 'number' || !Number.isInteger(topK) || topK < 1 || topK > 100) throw invalid('searchCriteria.topK must be 1-100');
    if (criteria['metadataFilters'] !== undefined) throw invalid('the fake does not implement metadataFilters');
    const strategy = criteria['memoryStrategyId'];
    const q = words(query);
    const scored = this.matching(body)
      .filter((r) => !str(strategy) || r.memoryStrategyId === strategy)
      .map((r) => {
        const d = words(r.text);
        return { r, score: q.size === 0 ? 0 : [...q].filter((w) => d.has(w)).length / q.size };
      })
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score || b.r.createdAt - a.r.createdAt)
      .slice(0, topK);
    return this.page(scored, body, (x) => ({ ...summary(x.r), score: x.score }));
  }

  private matching(body: Record<string, unknown>): FakeMemoryRecord[] {
    const { namespace, namespacePath, memoryStrategyId, metadataFilters } = body;
    if ((namespace === undefined) === (namespacePath === undefined)) throw invalid('exactly one of namespace and namespacePath is required');
    const ns = namespace ?? namespacePath;
    if (!str(ns) || ns.length < 1 || ns.length > 1024 || !NAMESPACE.test(ns) || /[{}]/.test(ns)) throw invalid(`namespace ${String(ns)} must match ${NAMESPACE.source} (1-1024)`);
    if (metadataFilters !== undefined) throw invalid('the fake does not implement metadataFilters');
    const under = (r: FakeMemoryRecord) => str(namespace)
      ? r.namespace.startsWith(namespace)
      : r.namespace === ns || r.namespace.startsWith(ns.endsWith('/') ? ns : `${ns}/`);
    return [...this.records.values()].filter((r) => under(r) && (!str(memoryStrategyId) || r.memoryStrategyId === memoryStrategyId));
  }

  private page<T>(items: readonly T[], body: Record<string, unknown>, view: (item: T) => unknown): unknown {
    const max = body['maxResults'] ?? 20;
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 100) throw invalid('maxResults must be 1-100');
    const token = body['nextToken'];
    const start = str(token) ? Number(Buffer.from(token, 'base64url').toString('utf8').replace(/^offset:/, '')) : 0;
    if (!Number.isInteger(start) || start < 0) throw invalid('nextToken is not one this service issued');
    const end = start + Math.min(max, this.pageSize);
    return { memoryRecordSummaries: items.slice(start, end).map(view), ...(end < items.length ? { nextToken: Buffer.from(`offset:${end}`).toString('base64url') } : {}) };
  }
}

function newRecordId(): string {
  // `mem-` and 40 characters: inside the documented 40-50 length.
  return `mem-${createHash('sha256').update(randomBytes(16)).digest('hex').slice(0, 40)}`;
}

function summary(r: FakeMemoryRecord): Record<string, unknown> {
  return {
    memoryRecordId: r.memoryRecordId, content: { text: r.text }, namespaces: [r.namespace], createdAt: seconds(r.createdAt),
    ...(r.memoryStrategyId ? { memoryStrategyId: r.memoryStrategyId } : {}), ...(r.metadata ? { metadata: r.metadata } : {}),
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': randomBytes(16).toString('hex'), ...headers });
  res.end(JSON.stringify(body));
}

function checkPayload(item: unknown): void {
  const members = item && typeof item === 'object' ? Object.keys(item) : [];
  if (members.length !== 1) throw invalid('each payload item sets exactly one of conversational, blob, json');
  const v = (item as Record<string, Record<string, unknown>>)[members[0]!];
  if (members[0] === 'json') {
    if (!v || !('content' in v)) throw invalid('payload.json.content is required');
    if (Buffer.byteLength(JSON.stringify(v['content'])) > 100 * 1024) throw invalid('payload.json.content is larger than 100 KB');
  } else if (members[0] === 'conversational') {
    const text = (v?.['content'] as Record<string, unknown> | undefined)?.['text'];
    if (!str(text) || text.length < 1 || text.length > 100_000) throw invalid('conversational.content.text must be 1-100,000 characters');
    if (!['USER', 'ASSISTANT', 'TOOL', 'OTHER'].includes(String(v?.['role']))) throw invalid('conversational.role is not a known role');
  } else if (members[0] !== 'blob') throw invalid(`unknown payload member ${members[0]}`);
}

function checkMetadata(metadata: unknown, valueOk: (v: Record<string, unknown>) => boolean): void {
  if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) throw invalid('metadata must be a map');
  const entries = Object.entries(metadata as Record<string, unknown>);
  if (entries.length > 15) throw invalid('metadata holds at most 15 entries');
  for (const [k, v] of entries) {
    if (k.length < 1 || k.length > 128 || !METADATA_KEY.test(k)) throw invalid(`metadata key ${k} must match ${METADATA_KEY.source} (1-128)`);
    if (!v || typeof v !== 'object' || Object.keys(v).length !== 1 || !valueOk(v as Record<string, unknown>)) throw invalid(`metadata value of ${k} must set exactly one member`);
  }
}

function checkRecordInput(r: unknown): Omit<FakeMemoryRecord, 'memoryRecordId'> {
  const { requestIdentifier, namespaces, content, timestamp, memoryStrategyId, metadata } = (r ?? {}) as Record<string, unknown>;
  if (!str(requestIdentifier) || requestIdentifier.length > 80 || !REQUEST_IDENTIFIER.test(requestIdentifier)) throw invalid(`requestIdentifier ${String(requestIdentifier)} must match ${REQUEST_IDENTIFIER.source} (1-80)`);
  if (!Array.isArray(namespaces) || namespaces.length !== 1) throw invalid('namespaces must hold one namespace');
  const ns = namespaces[0];
  if (!str(ns) || ns.length > 1024 || !NAMESPACE.test(ns)) throw invalid(`namespace ${String(ns)} must match ${NAMESPACE.source} (1-1024)`);
  const text = (content as Record<string, unknown> | undefined)?.['text'];
  if (!str(text) || text.length < 1 || [...text].length > 16_000) throw invalid('content.text must be 1-16,000 characters');
  if (typeof timestamp !== 'number') throw invalid('timestamp is required (epoch seconds)');
  if (memoryStrategyId !== undefined && (!str(memoryStrategyId) || memoryStrategyId.length > 100 || !STRATEGY_ID.test(memoryStrategyId))) throw invalid('memoryStrategyId does not match its pattern');
  if (metadata !== undefined) checkMetadata(metadata, (v) => ['stringValue', 'stringListValue', 'numberValue', 'dateTimeValue'].includes(Object.keys(v)[0] ?? ''));
  return {
    requestIdentifier, namespace: ns, text, createdAt: Math.round(timestamp * 1000),
    ...(str(memoryStrategyId) ? { memoryStrategyId } : {}), ...(metadata ? { metadata: metadata as Metadata } : {}),
  };
}

/** Static, obviously fake credentials: the fake checks the signature's shape, never its value. */
export const FAKE_AWS_CREDENTIALS = { accessKeyId: 'AKIDFAKEAGENTCORE', secretAccessKey: 'fake-secret-key' } as const;

/** The real SDK client pointed at the fake: HTTP/1.1 (the default handler cannot reach http://), few retries. */
export function fakeAgentCoreMemoryClient(fake: FakeAgentCoreMemory, options: { maxAttempts?: number; region?: string } = {}): BedrockAgentCoreClient {
  return new BedrockAgentCoreClient({
    region: options.region ?? 'us-east-1', endpoint: fake.url, credentials: FAKE_AWS_CREDENTIALS,
    maxAttempts: options.maxAttempts ?? 2, retryMode: 'standard', requestHandler: new NodeHttpHandler(),
  });
}
