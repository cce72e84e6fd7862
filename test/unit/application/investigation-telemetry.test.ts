import { MemorySaver } from '@langchain/langgraph';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_LIMITS } from '../../../src/application/graph/graph-deps.js';
import { OperationCancelled } from '../../../src/application/ports/errors.js';
import { buildInvestigationGraph } from '../../../src/application/graph/investigation-graph.js';
import { InvestigateIncident } from '../../../src/application/use-cases/investigate-incident.js';
import type { InvestigateCommand } from '../../../src/application/use-cases/investigation-stream.js';
import { RuntimeHealth } from '../../../src/application/use-cases/runtime-health.js';
import { asActorId, asInvestigationId, asSessionId } from '../../../src/domain/ids.js';
import { FakeAgentMemory } from '../../fakes/fake-agent-memory.js';
import { FakeToolGateway, jsonTool } from '../../fakes/fake-tool-gateway.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { RecordingTelemetry, type RecordedSpan } from '../../fakes/recording-telemetry.js';
import { ScriptedLlm, toolTurn } from '../../fakes/scripted-llm.js';

const PROMPT = 'Why is the API slow? secret-prompt-marker';
const POD_OUTPUT = { pods: [{ name: 'database-pod', status: 'CrashLoopBackOff', note: 'secret-output-marker' }] };
const plan = (agents: string[]) => toolTurn([{ name: 'submit_plan', args: { steps: agents.map((agent) => ({ agent, goal: `check ${agent}` })), complexity: 'simple', auto_execute: true, reasoning: 'test' } }]);
const finding = toolTurn([{ name: 'submit_finding', args: { summary: 'database-pod crash-loops' } }]);
const report = toolTurn([{ name: 'submit_report', args: { root_cause: 'ConfigMap missing', impact: 'slow', severity: 'high', next_steps: { now: ['restore'] }, escalation: 'page DB' } }]);
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function setup(llm: ScriptedLlm, tools: FakeToolGateway) {
  const telemetry = new RecordingTelemetry();
  const model = { provider: 'aws.bedrock', modelFor: (purpose: string) => `model-for-${purpose}` };
  const graph = buildInvestigationGraph({ llm, tools, memory: new FakeAgentMemory(), clock: new FixedClock(), limits: DEFAULT_LIMITS, telemetry, model }, new MemorySaver());
  const useCase = new InvestigateIncident(graph, new RuntimeHealth(new FixedClock()), new FixedClock(), { maxConcurrent: 4, deadlineMs: 60_000, telemetry });
  return { useCase, telemetry };
}

let n = 0;
const command = (over: Partial<InvestigateCommand> = {}): InvestigateCommand => ({
  prompt: PROMPT, sessionId: asSessionId(`s-${++n}`), investigationId: asInvestigationId(`i-${n}`), actor: asActorId('alice'), autoApprovePlan: true, ...over,
});

const names = (spans: RecordedSpan[]) => spans.map((s) => s.name).sort();

describe('investigation telemetry', () => {
  it('traces investigation → nodes → model calls with tokens, and tool calls, under the caller\'s trace', async () => {
    const llm = new ScriptedLlm({
      plan: [plan(['kubernetes'])],
      'investigate:kubernetes': [toolTurn([{ name: 'k8s-api___get_pod_status', args: { namespace: 'production' } }, { name: 'k8s-api___get_node_status' }]), finding],
      summarize: [report],
    });
    const tools = new FakeToolGateway({
      'k8s-api___get_pod_status': jsonTool(POD_OUTPUT),
      'k8s-api___get_node_status': () => ({ kind: 'tool_error', message: 'node API down: secret-output-marker' }),
    });
    const { useCase, telemetry } = setup(llm, tools);
    const outcome = await useCase.execute(command({ trace: { traceparent: TRACEPARENT } }), new AbortController().signal);
    expect(outcome.ok && outcome.result.status).toBe('completed');

    const investigation = telemetry.one('investigation');
    expect(investigation.parent).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', remote: true });
    expect(investigation.attributes).toMatchObject({ 'sre.investigation.id': `i-${n}`, 'sre.session.id': `s-${n}`, 'sre.investigation.status': 'completed' });
    expect(investigation.error).toBeUndefined();
    expect(new Set(telemetry.spans.map((s) => s.context.traceId))).toEqual(new Set(['4bf92f3577b34da6a3ce929d0e0e4736']));

    expect(names(telemetry.childrenOf(investigation))).toEqual(['node aggregate', 'node approval', 'node join', 'node kubernetes', 'node prepare', 'node supervisor']);
    expect(names(telemetry.childrenOf(telemetry.one('node supervisor')))).toEqual(['chat model-for-plan']);
    expect(names(telemetry.childrenOf(telemetry.one('node aggregate')))).toEqual(['chat model-for-summarize']);
    const specialist = telemetry.one('node kubernetes');
    expect(specialist.attributes).toMatchObject({ 'sre.agent': 'kubernetes', 'gen_ai.operation.name': 'invoke_agent' });
    expect(names(telemetry.childrenOf(specialist))).toEqual([
      'chat model-for-investigate', 'chat model-for-investigate', 'execute_tool k8s-api___get_node_status', 'execute_tool k8s-api___get_pod_status',
    ]);

    const planCall = telemetry.one('chat model-for-plan');
    expect(planCall.kind).toBe('client');
    expect(planCall.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat', 'gen_ai.system': 'aws.bedrock', 'gen_ai.provider.name': 'aws.bedrock', 'gen_ai.request.model': 'model-for-plan',
      'gen_ai.request.max_tokens': DEFAULT_LIMITS.maxTokens, 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 5, 'sre.purpose': 'plan',
    });
    expect(telemetry.spans.find((s) => s.name === 'chat model-for-investigate')?.attributes).toMatchObject({ 'sre.agent': 'kubernetes', 'sre.purpose': 'investigate' });

    const ok = telemetry.one('execute_tool k8s-api___get_pod_status');
    expect(ok.attributes).toMatchObject({ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'k8s-api___get_pod_status', 'sre.tool.ok': true });
    expect(ok.error).toBeUndefined();
    const failed = telemetry.one('execute_tool k8s-api___get_node_status');
    expect(failed.error).toBe('tool_error');
    expect(failed.attributes['sre.tool.ok']).toBe(false);

    expect(telemetry.spans.filter((s) => !s.ended)).toEqual([]);
    // Neither the question nor what the tools returned reaches a span.
    expect(JSON.stringify(telemetry.spans)).not.toMatch(/secret-(prompt|output)-marker/);

    expect(telemetry.metrics.filter((m) => m.kind === 'started')).toHaveLength(1);
    expect(telemetry.metrics).toContainEqual({ kind: 'finished', status: 'completed', durationMs: 0 });
    expect(telemetry.metrics.filter((m) => m.kind === 'tokens')).toHaveLength(4);
    expect(telemetry.metrics).toContainEqual({ kind: 'tokens', provider: 'aws.bedrock', model: 'model-for-plan', inputTokens: 10, outputTokens: 5 });
    expect(telemetry.metrics).toContainEqual({ kind: 'error', code: 'tool_error', source: 'tool_call' });
  });

  it('continues an X-Amzn-Trace-Id when no traceparent came', async () => {
    const llm = new ScriptedLlm({ plan: [plan([])], summarize: [report] });
    const { useCase, telemetry } = setup(llm, new FakeToolGateway({}));
    await useCase.execute(command({ trace: { amznTraceId: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1' } }), new AbortController().signal);
    expect(telemetry.one('investigation').parent).toMatchObject({ traceId: '5759e988bd862e3fe1be46a994272793', spanId: '53995c3f42cd8ad8', sampled: true });
  });

  it('ends every span of a cancelled investigation, the investigation\'s saying cancelled', async () => {
    const controller = new AbortController();
    const llm = new ScriptedLlm({ plan: [plan(['kubernetes'])], 'investigate:kubernetes': [toolTurn([{ name: 'k8s-api___get_pod_status' }])] });
    // As the port requires: the call rejects as soon as the signal aborts.
    const tools = new FakeToolGateway({ 'k8s-api___get_pod_status': (_args, signal) => new Promise((_resolve, reject) => {
      signal.addEventListener('abort', () => reject(new OperationCancelled('cancelled')), { once: true });
      controller.abort();
    }) });
    const { useCase, telemetry } = setup(llm, tools);
    const outcome = await useCase.execute(command(), controller.signal);
    expect(outcome.ok && outcome.result.status).toBe('cancelled');

    const investigation = telemetry.one('investigation');
    expect(investigation.attributes['sre.investigation.status']).toBe('cancelled');
    expect(investigation.error).toBeUndefined();
    // The graph's tasks unwind just after the result is out.
    await vi.waitFor(() => expect(telemetry.spans.filter((s) => !s.ended)).toEqual([]));
    expect(telemetry.one('execute_tool k8s-api___get_pod_status').attributes['sre.cancelled']).toBe(true);
    expect(telemetry.one('node kubernetes').attributes['sre.cancelled']).toBe(true);
    expect(telemetry.metrics).toContainEqual({ kind: 'finished', status: 'cancelled', durationMs: 0 });
  });

  it('marks a failed investigation and its model call with the error code', async () => {
    const llm = new ScriptedLlm({ plan: [() => { throw Object.assign(new Error('throttled'), { name: 'LlmUnavailable' }); }] });
    const { useCase, telemetry } = setup(llm, new FakeToolGateway({}));
    const outcome = await useCase.execute(command(), new AbortController().signal);
    expect(outcome.ok && outcome.result.status).toBe('failed');

    expect(telemetry.one('investigation').error).toBe('llm_unavailable');
    expect(telemetry.one('chat model-for-plan').error).toBe('llm_unavailable');
    expect(telemetry.one('node supervisor').error).toBe('llm_unavailable');
    expect(telemetry.metrics).toContainEqual({ kind: 'error', code: 'llm_unavailable', source: 'model_call' });
    expect(telemetry.metrics).toContainEqual({ kind: 'error', code: 'llm_unavailable', source: 'investigation' });
  });

  it('does not count a plan paused for approval as an error', async () => {
    const llm = new ScriptedLlm({ plan: [plan(['kubernetes'])] });
    const { useCase, telemetry } = setup(llm, new FakeToolGateway({}));
    const outcome = await useCase.execute(command({ autoApprovePlan: false }), new AbortController().signal);
    expect(outcome.ok && outcome.result.status).toBe('awaiting_approval');
    const approval = telemetry.one('node approval');
    expect(approval.attributes['sre.interrupted']).toBe(true);
    expect(approval.error).toBeUndefined();
    expect(telemetry.one('investigation').attributes['sre.investigation.status']).toBe('awaiting_approval');
  });

  it('counts refused investigations by reason', async () => {
    const llm = new ScriptedLlm({});
    const { useCase, telemetry } = setup(llm, new FakeToolGateway({}));
    useCase.stopAccepting();
    expect(useCase.start(command(), new AbortController().signal)).toMatchObject({ ok: false, error: 'shutting_down' });
    expect(telemetry.metrics).toEqual([{ kind: 'error', code: 'shutting_down', source: 'admission' }]);
    expect(telemetry.spans).toEqual([]);
  });
});
