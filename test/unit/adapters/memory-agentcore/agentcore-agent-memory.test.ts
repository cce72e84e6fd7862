import { BedrockAgentCoreClient } from '@aws-sdk/client-bedrock-agentcore';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AgentCoreAgentMemory, type AgentCoreAgentMemoryOptions } from '../../../../src/adapters/memory-agentcore/agentcore-agent-memory.js';
import { agentCoreActorId, agentCoreSessionId } from '../../../../src/adapters/memory-agentcore/agentcore-ids.js';
import { parseMemoryRecord } from '../../../../src/adapters/shared/memory-record-schema.js';
import { asActorId, asSessionId } from '../../../../src/domain/ids.js';
import type { MemoryRecord } from '../../../../src/domain/memory.js';
import { FakeAgentCoreMemory, fakeAgentCoreMemoryClient } from '../../../support/fake-agentcore-memory.js';

const live = () => new AbortController().signal;
const MEMORY_ID = FakeAgentCoreMemory.MEMORY_ID;

const investigation = (id: string, question: string, extra: { evidence?: string[]; actions?: string[] } = {}): MemoryRecord => ({
  kind: 'investigation',
  summary: { investigationId: id, question, rootCause: 'ConfigMap database-config deleted', severity: 'high', evidence: extra.evidence ?? ['pod database-0 CrashLoopBackOff'], actions: extra.actions ?? ['kubectl apply -f database-config.yaml'], status: 'completed', at: '2024-01-15T14:30:00.000Z' },
});
const preference: MemoryRecord = { kind: 'preference', preference: { category: 'escalation', text: 'page the manager', values: { contact: 'alice.manager@company.com' } } };
const fact: MemoryRecord = { kind: 'infrastructure', fact: { service: 'web-service', kind: 'dependency', detail: 'web-service depends on database-service' } };

let fake: FakeAgentCoreMemory;
beforeAll(async () => {
  fake = await FakeAgentCoreMemory.start();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

const memoryOn = (options: Partial<AgentCoreAgentMemoryOptions> = {}, maxAttempts = 2) =>
  new AgentCoreAgentMemory(fakeAgentCoreMemoryClient(fake, { maxAttempts }), { memoryId: MEMORY_ID, region: 'us-east-1', ...options });

async function using<T>(memory: AgentCoreAgentMemory, fn: (m: AgentCoreAgentMemory) => Promise<T>): Promise<T> {
  try {
    return await fn(memory);
  } finally {
    await memory.close();
  }
}

describe('AgentCoreAgentMemory on the wire', () => {
  it('writes each record verbatim in its namespace, with the actor and session mapped for events and a bedrock-agentcore SigV4 scope', async () => {
    await using(memoryOn(), (m) => m.remember(asActorId('Alice@Example.com'), asSessionId('x/y'), [preference, investigation('i1', 'Why is the database pod restarting?'), fact], live()));

    const [create] = fake.calls('BatchCreateMemoryRecords');
    const records = create!.body['records'] as { namespaces: string[]; content: { text: string }; requestIdentifier: string; metadata: Record<string, { stringValue: string }> }[];
    expect(records.map((r) => r.namespaces)).toEqual([
      ['/sre/users/alice_40_example_2e_com/preferences'], ['/sre/investigations/alice_40_example_2e_com/x_2f_y'], ['/sre/infrastructure/alice_40_example_2e_com/x_2f_y'],
    ]);
    expect(JSON.parse(records[0]!.content.text)).toEqual(preference);
    expect(records[1]!.metadata).toMatchObject({ 'sre.actor': { stringValue: 'alice@example.com' }, 'sre.session': { stringValue: 'x/y' } });
    expect(records[0]!.metadata['sre.session']).toBeUndefined();
    expect(records.every((r) => /^[0-9a-f]{32}$/.test(r.requestIdentifier) && r.metadata['sre.id']?.stringValue === r.requestIdentifier)).toBe(true);

    const events = fake.calls('CreateEvent').map((r) => r.body);
    expect(events.map((e) => e['metadata'])).toEqual([{ kind: { stringValue: 'preference' } }, { kind: { stringValue: 'investigation' } }, { kind: { stringValue: 'infrastructure' } }]);
    for (const e of events) {
      expect(e).toMatchObject({ actorId: 'e_alice_40_example_2e_com', sessionId: 'e_x_2f_y', extractionMode: 'SKIP' });
      expect(e['clientToken']).toMatch(/^[0-9a-f]{64}$/);
      expect(typeof e['eventTimestamp']).toBe('number');
    }
    expect((events[1]!['payload'] as unknown[])[0]).toMatchObject({ json: { content: { record: { kind: 'investigation', summary: { investigationId: 'i1' } } } } });

    for (const r of fake.requests) {
      expect(r.headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDFAKEAGENTCORE\/\d{8}\/us-east-1\/bedrock-agentcore\/aws4_request, SignedHeaders=/);
    }
  });

  it('recalls through the actor\'s namespaces: preferences listed, the rest searched under a trailing-slash prefix', async () => {
    await using(memoryOn(), async (m) => {
      await m.remember(asActorId('alice'), asSessionId('s1'), [preference, investigation('i1', 'Why is the database pod restarting?'), fact], live());
      fake.requests.length = 0;
      const ctx = await m.recall(asActorId('alice'), asSessionId('s2'), '  database pod restarting  ', live());
      expect(ctx.pastInvestigations.map((i) => i.investigationId)).toEqual(['i1']);
      expect(ctx.preferences).toEqual([preference.kind === 'preference' ? preference.preference : undefined]);
      expect(ctx.infrastructure.map((f) => f.service)).toEqual(['web-service']);
    });
    expect(fake.calls('ListMemoryRecords').map((r) => r.body['namespace'])).toEqual(['/sre/users/alice/preferences']);
    const searches = fake.calls('RetrieveMemoryRecords').map((r) => r.body);
    expect(searches.map((b) => b['namespace']).sort()).toEqual(['/sre/infrastructure/alice/', '/sre/investigations/alice/']);
    for (const b of searches) expect(b['searchCriteria']).toEqual({ searchQuery: 'database pod restarting', topK: 100 });
  });

  it('does not search with an empty question, and still returns preferences', async () => {
    await using(memoryOn(), async (m) => {
      await m.remember(asActorId('alice'), asSessionId('s1'), [preference], live());
      const ctx = await m.recall(asActorId('alice'), asSessionId('s1'), '   ', live());
      expect(ctx.preferences).toHaveLength(1);
    });
    expect(fake.calls('RetrieveMemoryRecords')).toEqual([]);
  });

  it('gives the same history event the same client token, so the service keeps it once', async () => {
    await using(memoryOn(), async (m) => {
      await m.remember(asActorId('bob'), asSessionId('s'), [fact], live());
      await m.remember(asActorId('bob'), asSessionId('s'), [fact, fact], live());
    });
    const tokens = fake.calls('CreateEvent').map((r) => r.body['clientToken']);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toBe(tokens[1]);
    expect(fake.events).toHaveLength(1);
    // The second call found the record already stored and created none.
    expect(fake.calls('BatchCreateMemoryRecords')).toHaveLength(1);
    expect(fake.records.size).toBe(1);
  });

  it('stores a record whose JSON would pass 16,000 characters cut down, still a valid record', async () => {
    const big = investigation('i-big', 'Why is the database pod restarting?', { evidence: Array.from({ length: 40 }, (_, i) => `${i}: ${'ä'.repeat(3_990)}`), actions: ['a'.repeat(4_000)] });
    const ctx = await using(memoryOn(), async (m) => {
      await m.remember(asActorId('alice'), asSessionId('s1'), [big], live());
      return m.recall(asActorId('alice'), asSessionId('s2'), 'database pod restarting', live());
    });
    const [stored] = [...fake.records.values()];
    expect(stored!.text.length).toBeLessThanOrEqual(16_000);
    const record = parseMemoryRecord(JSON.parse(stored!.text));
    expect(record?.kind).toBe('investigation');
    const summary = ctx.pastInvestigations[0]!;
    expect(summary.investigationId).toBe('i-big');
    expect(summary.evidence).toHaveLength(40);
    expect(summary.evidence[0]).toMatch(/^0: ä+…$/);
    expect(summary.question).toBe('Why is the database pod restarting?');
  });

  it('skips what it did not write or cannot read: bad JSON, non-records, records without its metadata or in the wrong namespace', async () => {
    const meta = (id: string, session?: string) => ({ 'sre.id': { stringValue: id }, 'sre.actor': { stringValue: 'alice' }, ...(session ? { 'sre.session': { stringValue: session } } : {}) });
    fake.seed({ namespace: '/sre/investigations/alice/s0', text: '{"kind":"investigation", truncated', metadata: meta('a1', 's0') });
    fake.seed({ namespace: '/sre/investigations/alice/s0', text: JSON.stringify({ kind: 'investigation', summary: { question: 'database restarting' } }), metadata: meta('a2', 's0') });
    fake.seed({ namespace: '/sre/investigations/alice/s0', text: 'The user investigated database pod restarting caused by a ConfigMap.' });
    fake.seed({ namespace: '/sre/investigations/alice/s0', text: JSON.stringify(investigation('i-nometa', 'database pod restarting')) });
    fake.seed({ namespace: '/sre/infrastructure/alice/s0', text: JSON.stringify(investigation('i-wrongplace', 'database pod restarting')), metadata: meta('a3', 's0') });
    fake.seed({ namespace: '/sre/users/alice/preferences', text: '{"context":"prefers executive summaries","preference":"executive","categories":["style"]}' });
    await using(memoryOn(), async (m) => {
      await m.remember(asActorId('alice'), asSessionId('s1'), [investigation('i-good', 'Why is the database pod restarting?')], live());
      const ctx = await m.recall(asActorId('alice'), asSessionId('s2'), 'database pod restarting', live());
      expect(ctx).toEqual({ preferences: [], infrastructure: [], pastInvestigations: [expect.objectContaining({ investigationId: 'i-good' })] });
      expect((await m.list({ actor: asActorId('alice') }, 100, live())).map((s) => s.id)).toHaveLength(1);
    });
  });

  it('pages through listings and forgets every copy it finds', async () => {
    fake.pageSize = 2;
    await using(memoryOn(), async (m) => {
      const facts = Array.from({ length: 7 }, (_, i): MemoryRecord => ({ kind: 'infrastructure', fact: { service: `svc-${i}`, kind: 'baseline', detail: `svc-${i} p99 is 120 ms` } }));
      await m.remember(asActorId('carol'), asSessionId('s'), facts, live());
      const listed = await m.list({ actor: asActorId('carol') }, 100, live());
      expect(listed.map((s) => s.record.kind === 'infrastructure' && s.record.fact.service)).toEqual(facts.map((f) => f.kind === 'infrastructure' && f.fact.service));
      expect(await m.forget({ actor: asActorId('carol') }, live())).toBe(7);
    });
    expect(fake.records.size).toBe(0);
    expect(fake.calls('BatchDeleteMemoryRecords')[0]!.body['records']).toContainEqual({ memoryRecordId: expect.stringMatching(/^mem-[0-9a-f]{40}$/), namespace: '/sre/infrastructure/carol/s' });
  });
});

describe('AgentCoreAgentMemory failures', () => {
  it('turns throttling that outlasts the SDK\'s retries into MemoryUnavailable', async () => {
    fake.failNext(429, 'ThrottlingException', 5, { operation: 'ListMemoryRecords' });
    const error = await using(memoryOn({}, 2), (m) => m.recall(asActorId('alice'), asSessionId('s'), '', live()).catch((e: unknown) => e));
    expect(error).toMatchObject({ name: 'MemoryUnavailable', cause: { name: 'ThrottlingException' } });
    expect(fake.calls('ListMemoryRecords')).toHaveLength(2);
  });

  it.each([[500, 'InternalServerException'], [503, 'ServiceUnavailableException']])('turns a %i that outlasts the retries into MemoryUnavailable', async (status, type) => {
    fake.failNext(status, type, 5);
    const error = await using(memoryOn({}, 2), (m) => m.remember(asActorId('alice'), asSessionId('s'), [fact], live()).catch((e: unknown) => e));
    expect(error).toMatchObject({ name: 'MemoryUnavailable', cause: { name: type } });
  });

  it('turns a refused connection into MemoryUnavailable', async () => {
    const client = new BedrockAgentCoreClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' }, maxAttempts: 1, requestHandler: new NodeHttpHandler() });
    const error = await using(new AgentCoreAgentMemory(client, { memoryId: MEMORY_ID, region: 'us-east-1' }), (m) => m.list({}, 10, live()).catch((e: unknown) => e));
    expect(error).toMatchObject({ name: 'MemoryUnavailable', message: expect.stringContaining(MEMORY_ID) });
  });

  it('says which memory and region when access is denied', async () => {
    fake.failNext(403, 'AccessDeniedException', 1, { message: 'User is not authorized to perform: bedrock-agentcore:RetrieveMemoryRecords' });
    const error = await using(memoryOn({ region: 'eu-west-1' }), (m) => m.recall(asActorId('alice'), asSessionId('s'), 'database', live()).catch((e: unknown) => e as Error));
    expect(error).toMatchObject({ name: 'MemoryUnavailable', cause: { name: 'AccessDeniedException' } });
    expect((error as Error).message).toContain(MEMORY_ID);
    expect((error as Error).message).toContain('eu-west-1');
  });

  it('says which memory and region when the memory does not exist', async () => {
    const memory = new AgentCoreAgentMemory(fakeAgentCoreMemoryClient(fake), { memoryId: 'other_memory-ZZZZZZZZZZ', region: 'us-east-1' });
    const error = await using(memory, (m) => m.remember(asActorId('a'), asSessionId('s'), [fact], live()).catch((e: unknown) => e as Error));
    expect(error).toMatchObject({ name: 'MemoryUnavailable', cause: { name: 'ResourceNotFoundException' } });
    expect((error as Error).message).toMatch(/other_memory-ZZZZZZZZZZ.*us-east-1/);
  });

  it('gives up at the call deadline when the service is slow', async () => {
    fake.delayMs = 3_000;
    const started = Date.now();
    const error = await using(memoryOn({ callTimeoutMs: 150 }, 1), (m) => m.recall(asActorId('alice'), asSessionId('s'), 'database', live()).catch((e: unknown) => e as Error));
    expect(error).toMatchObject({ name: 'MemoryUnavailable' });
    expect((error as Error).message).toContain('150 ms');
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('is cancelled, not failed, when the caller aborts mid-call', async () => {
    fake.delayMs = 3_000;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const error = await using(memoryOn(), (m) => m.remember(asActorId('alice'), asSessionId('s'), [fact], controller.signal).catch((e: unknown) => e));
    expect(error).toMatchObject({ name: 'OperationCancelled' });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('fails a write when some records come back failed, and a retry stores only those', async () => {
    fake.failRecords(1);
    await using(memoryOn(), async (m) => {
      const records = [investigation('i1', 'q1'), investigation('i2', 'q2')];
      await expect(m.remember(asActorId('dana'), asSessionId('s'), records, live())).rejects.toMatchObject({ name: 'MemoryUnavailable', message: expect.stringContaining('stored 1 of 2') });
      await m.remember(asActorId('dana'), asSessionId('s'), records, live());
      expect((await m.list({ actor: asActorId('dana') }, 10, live())).map((s) => s.record.kind === 'investigation' && s.record.summary.investigationId).sort()).toEqual(['i1', 'i2']);
    });
    expect(fake.records.size).toBe(2);
  });

  it('waits for calls in flight on close, then refuses new ones', async () => {
    fake.delayMs = 100;
    const memory = memoryOn();
    const writing = memory.remember(asActorId('erin'), asSessionId('s'), [fact], live());
    await memory.close();
    await expect(writing).resolves.toBeUndefined();
    expect(fake.records.size).toBe(1);
    await expect(memory.recall(asActorId('erin'), asSessionId('s'), 'web', live())).rejects.toMatchObject({ name: 'MemoryUnavailable' });
  });

  it('refuses a memory id AgentCore would not accept', () => {
    expect(() => new AgentCoreAgentMemory(fakeAgentCoreMemoryClient(fake), { memoryId: '', region: 'us-east-1' })).toThrow(/not an AgentCore Memory id/);
  });
});

describe('AgentCore actor and session ids', () => {
  const ACTOR = /^[a-zA-Z0-9][a-zA-Z0-9-_/]*$/;
  const SESSION = /^[a-zA-Z0-9][a-zA-Z0-9-_]*$/;

  it('keeps plain ids and escapes the rest so that distinct ids stay distinct', () => {
    expect(agentCoreActorId('alice')).toBe('alice');
    expect(agentCoreSessionId('3f2a-77')).toBe('3f2a-77');
    const tricky = ['a.b', 'a_2e_b', 'e_a', '_a', '-a', 'a˪', 'a.a', 'default_user', '', 'x/../y', 'ü', 'e_ü'];
    const mapped = tricky.map(agentCoreSessionId);
    expect(new Set(mapped).size).toBe(tricky.length);
    for (const id of mapped) expect(id).toMatch(SESSION);
    for (const id of tricky.map(agentCoreActorId)) expect(id).toMatch(ACTOR);
  });

  it('hashes ids too long for AgentCore', () => {
    const long = 's'.repeat(101);
    expect(agentCoreSessionId(long)).toMatch(/^h_[0-9a-f]{64}$/);
    expect(agentCoreSessionId(long)).not.toBe(agentCoreSessionId('s'.repeat(102)));
    expect(agentCoreActorId(long)).toBe(long);
    expect(agentCoreActorId('@'.repeat(70))).toMatch(/^h_[0-9a-f]{64}$/);
  });
});

describe('FakeAgentCoreMemory', () => {
  it('answers an operation it does not know with 404 and says so', async () => {
    const res = await fetch(`${fake.url}/memories/${MEMORY_ID}/extractionJobs`, { method: 'POST', headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/bedrock-agentcore/aws4_request, SignedHeaders=host, Signature=' + '0'.repeat(64), 'x-amz-date': '20240101T000000Z' }, body: '{}' });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toMatch(/^UnknownOperationException/);
    expect(((await res.json()) as { message: string }).message).toContain('/extractionJobs');
  });

  it('refuses an unsigned request and a signature scoped to another service', async () => {
    expect((await fetch(`${fake.url}/memories/${MEMORY_ID}/retrieve`, { method: 'POST', body: '{}' })).status).toBe(403);
    const wrong = await fetch(`${fake.url}/memories/${MEMORY_ID}/retrieve`, { method: 'POST', headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=' + '0'.repeat(64), 'x-amz-date': '20240101T000000Z' }, body: '{}' });
    expect(wrong.headers.get('x-amzn-errortype')).toMatch(/^InvalidSignatureException/);
  });
});
