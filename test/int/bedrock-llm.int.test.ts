import { MemorySaver } from '@langchain/langgraph';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BedrockLlm } from '../../src/adapters/bedrock/bedrock-llm.js';
import type { LogFields, Logger } from '../../src/adapters/shared/logger.js';
import { failureHttpStatus } from '../../src/adapters/shared/wire-output.js';
import { DEFAULT_LIMITS } from '../../src/application/graph/graph-deps.js';
import { buildInvestigationGraph } from '../../src/application/graph/investigation-graph.js';
import { InvestigateIncident } from '../../src/application/use-cases/investigate-incident.js';
import type { InvestigationStreamEvent } from '../../src/application/use-cases/investigation-stream.js';
import { RuntimeHealth } from '../../src/application/use-cases/runtime-health.js';
import { asActorId, asInvestigationId, asSessionId } from '../../src/domain/ids.js';
import { FakeAgentMemory } from '../fakes/fake-agent-memory.js';
import { FakeToolGateway, jsonTool } from '../fakes/fake-tool-gateway.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { FakeBedrock, fakeBedrockClient, type FakeReply, type RecordedRequest, throttled, toolUse, turn } from '../support/fake-bedrock.js';

const MODEL = 'global.anthropic.claude-haiku-4-5-20251001-v1:0';
const SUMMARY_MODEL = 'us.amazon.nova-micro-v1:0';
const REPORT = { root_cause: 'database-pod crash-loops: ConfigMap database-config missing', impact: 'web-service slow', severity: 'high', next_steps: { now: ['restore the ConfigMap'] }, escalation: 'page the DB on-call' };

class CapturingLogger implements Logger {
  readonly lines: { level: string; message: string; fields: LogFields }[] = [];
  debug(message: string, fields: LogFields = {}): void { this.lines.push({ level: 'debug', message, fields }); }
  info(message: string, fields: LogFields = {}): void { this.lines.push({ level: 'info', message, fields }); }
  warn(message: string, fields: LogFields = {}): void { this.lines.push({ level: 'warn', message, fields }); }
  error(message: string, fields: LogFields = {}): void { this.lines.push({ level: 'error', message, fields }); }
  child(): Logger { return this; }
}

let fake: FakeBedrock;
let n = 0;
beforeEach(async () => {
  fake = await FakeBedrock.start();
});
afterEach(async () => {
  await fake.close();
});

function setup(maxAttempts = 1) {
  const logger = new CapturingLogger();
  const llm = new BedrockLlm(fakeBedrockClient(fake, { maxAttempts }), {
    modelId: MODEL, modelIds: { summarize: SUMMARY_MODEL }, region: 'us-east-1', temperature: 0, maxTokens: 4096, promptCaching: true, callTimeoutMs: 10_000, logger,
  });
  const tools = new FakeToolGateway({
    'k8s-api___get_pod_status': jsonTool({ pods: [{ name: 'database-pod', namespace: 'production', status: 'CrashLoopBackOff' }] }),
    'logs-api___search_logs': jsonTool({ entries: [] }), 'metrics-api___get_error_rates': jsonTool({}), 'runbooks-api___search_runbooks': jsonTool({ runbooks: [] }),
  });
  const graph = buildInvestigationGraph({ llm, tools, memory: new FakeAgentMemory(), clock: new FixedClock(), limits: DEFAULT_LIMITS }, new MemorySaver());
  const useCase = new InvestigateIncident(graph, new RuntimeHealth(new FixedClock()), new FixedClock(), { maxConcurrent: 4, deadlineMs: 60_000 });
  const command = { prompt: 'Why is web-service slow?', sessionId: asSessionId(`b-${++n}`), investigationId: asInvestigationId(`bi-${n}`), actor: asActorId('alice'), autoApprovePlan: true as const };
  return { useCase, tools, logger, command };
}

async function run(useCase: InvestigateIncident, command: Parameters<InvestigateIncident['start']>[0]): Promise<InvestigationStreamEvent[]> {
  const started = useCase.start(command, new AbortController().signal);
  if (!started.ok) throw new Error(started.message);
  const events: InvestigationStreamEvent[] = [];
  for await (const e of started.events) events.push(e);
  return events;
}
const resultOf = (events: InvestigationStreamEvent[]) => {
  const last = events.at(-1);
  if (last?.type !== 'result') throw new Error('no result event');
  return last.result;
};

describe('the investigation graph on BedrockLlm against the fake Bedrock', () => {
  it('plans, runs one specialist with one tool call, reports, and sums usage per call', async () => {
    fake.script(
      toolUse('submit_plan', { steps: [{ agent: 'kubernetes', goal: 'check pods in production' }], complexity: 'simple', auto_execute: true, reasoning: 'pods first' }, 'tu_plan', { inputTokens: 100, outputTokens: 10 }),
      turn({ text: 'Checking the pods.', toolUses: [{ id: 'tu_pods', name: 'k8s-api___get_pod_status', input: { namespace: 'production' } }], usage: { inputTokens: 200, outputTokens: 20 } }),
      toolUse('submit_finding', { summary: 'database-pod is crash-looping', evidence: [{ tool: 'get_pod_status', excerpt: 'database-pod CrashLoopBackOff' }], causes: [{ description: 'database-pod crash-loops', component: 'database-pod', confidence: 0.9 }] }, 'tu_finding', { inputTokens: 300, outputTokens: 30 }),
      toolUse('submit_report', REPORT, 'tu_report', { inputTokens: 400, outputTokens: 40 }),
    );
    const { useCase, tools, logger, command } = setup();
    const events = await run(useCase, command);
    const result = resultOf(events);
    expect(result.status).toBe('completed');
    expect(result.plan?.isDefault).toBe(false);
    expect(result.message).toContain('ConfigMap database-config missing');
    expect(result.findings[0]?.summary).toBe('database-pod is crash-looping');
    expect(tools.calls).toEqual([{ name: 'k8s-api___get_pod_status', args: { namespace: 'production' } }]);
    expect(result.usage).toMatchObject({ inputTokens: 1000, outputTokens: 100, llmCalls: 4, toolCalls: 1 });
    // Priced per call and model: below what all calls on Haiku 4.5 would cost (1000 in, 100 out → $0.0015),
    // because the summary ran on the cheaper Nova Micro.
    expect(result.usage.costUsd).toBeGreaterThan(0);
    expect(result.usage.costUsd).toBeLessThan(0.0015);
    expect(result.findings[0]?.usage?.llmCalls).toBe(2);
    expect(events.filter((e) => e.type === 'token').map((e) => (e as { text: string }).text).join('')).toBe('Checking the pods.');

    expect(fake.requests.map((r) => [r.op, r.modelId])).toEqual([
      ['converse-stream', MODEL], ['converse-stream', MODEL], ['converse-stream', MODEL], ['converse-stream', SUMMARY_MODEL],
    ]);
    const toolTurn = fake.requests[2]?.body.messages as RecordedRequest['body'][];
    expect(toolTurn.at(-1).content[0].toolResult).toMatchObject({ toolUseId: 'tu_pods', status: 'success' });
    expect(fake.requests[0]?.body.system.at(-1)).toEqual({ cachePoint: { type: 'default' } });

    const calls = logger.lines.filter((l) => l.message === 'bedrock model call');
    expect(calls.map((l) => [l.fields['purpose'], l.fields['agent'], l.fields['inputTokens'], l.fields['outputTokens']])).toEqual([
      ['plan', undefined, 100, 10], ['investigate', 'kubernetes', 200, 20], ['investigate', 'kubernetes', 300, 30], ['summarize', undefined, 400, 40],
    ]);
    expect(calls[0]?.fields['costUsd']).toBeCloseTo((100 * 1 + 10 * 5) / 1_000_000);
  });

  it('falls back to the documented default plan when the plan is malformed even after the repair', async () => {
    fake.script(
      turn({ toolUses: [{ id: 'tu_bad', name: 'submit_plan', rawInput: '{"steps": [{"agent": ' }] }),
      toolUse('submit_plan', { steps: 'all of them' }),
    ).otherwise((request: RecordedRequest): FakeReply => {
      const names: string[] = request.body.toolConfig.tools.flatMap((t: { toolSpec?: { name: string } }) => (t.toolSpec ? [t.toolSpec.name] : []));
      return names.includes('submit_report') ? toolUse('submit_report', REPORT) : toolUse('submit_finding', { summary: 'nothing abnormal here' });
    });
    const { useCase, command, logger } = setup();
    const result = resultOf(await run(useCase, command));
    expect(result.status).toBe('completed');
    expect(result.plan?.isDefault).toBe(true);
    expect(result.findings.map((f) => f.agent).sort()).toEqual(['kubernetes', 'logs', 'metrics', 'runbooks']);
    expect(fake.requests[1]?.op).toBe('converse');
    expect(logger.lines.some((l) => l.level === 'warn' && l.message.includes('default plan'))).toBe(true);
  });

  it('fails the investigation as llm_unavailable (HTTP 503) when throttling outlasts the retries', async () => {
    fake.script(throttled(), throttled());
    const { useCase, command } = setup(2);
    const result = resultOf(await run(useCase, command));
    expect(result.status).toBe('failed');
    expect(result.failure?.code).toBe('llm_unavailable');
    expect(failureHttpStatus(result.failure?.code ?? '')).toBe(503);
    expect(fake.requests).toHaveLength(2);
  });
});
