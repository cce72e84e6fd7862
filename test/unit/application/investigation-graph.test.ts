import { MemorySaver } from '@langchain/langgraph';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type GraphDeps } from '../../../src/application/graph/graph-deps.js';
import { buildInvestigationGraph } from '../../../src/application/graph/investigation-graph.js';
import type { LlmRequest } from '../../../src/application/ports/llm.js';
import { InvestigateIncident } from '../../../src/application/use-cases/investigate-incident.js';
import type { InvestigateCommand, InvestigationStreamEvent } from '../../../src/application/use-cases/investigation-stream.js';
import { RuntimeHealth } from '../../../src/application/use-cases/runtime-health.js';
import { asActorId, asInvestigationId, asSessionId } from '../../../src/domain/ids.js';
import { FakeAgentMemory } from '../../fakes/fake-agent-memory.js';
import { FakeToolGateway, jsonTool } from '../../fakes/fake-tool-gateway.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { ScriptedLlm, toolTurn } from '../../fakes/scripted-llm.js';

const plan = (steps: { agent: string; goal: string; depends_on?: number[] }[]) =>
  toolTurn([{ name: 'submit_plan', args: { steps, complexity: 'simple', auto_execute: true, reasoning: 'test' } }]);
const finding = (summary: string, extra: Record<string, unknown> = {}) => toolTurn([{ name: 'submit_finding', args: { summary, ...extra } }]);
const report = toolTurn([{ name: 'submit_report', args: { root_cause: 'db pod crash-loops: ConfigMap missing', impact: 'web-service slow', severity: 'high', next_steps: { now: ['restore ConfigMap'] }, escalation: 'page DB on-call' } }]);

function setup(llm: ScriptedLlm, tools = new FakeToolGateway({ 'k8s-api___get_pod_status': jsonTool({ pods: [{ name: 'database-pod', status: 'CrashLoopBackOff' }] }), 'runbooks-api___search_runbooks': jsonTool({ runbooks: [] }) }), memory = new FakeAgentMemory(), limits = DEFAULT_LIMITS) {
  const deps: GraphDeps = { llm, tools, memory, clock: new FixedClock(), limits };
  const graph = buildInvestigationGraph(deps, new MemorySaver());
  const health = new RuntimeHealth(new FixedClock());
  return { useCase: new InvestigateIncident(graph, health, new FixedClock(), { maxConcurrent: 4, deadlineMs: 60_000 }), tools, memory, health };
}

let n = 0;
const command = (over: Partial<InvestigateCommand> = {}): InvestigateCommand => ({
  prompt: 'Why is the API slow?', sessionId: asSessionId(`s-${++n}`), investigationId: asInvestigationId(`i-${n}`), actor: asActorId('alice'), autoApprovePlan: true, ...over,
});

async function collect(events: AsyncIterable<InvestigationStreamEvent>): Promise<InvestigationStreamEvent[]> {
  const out: InvestigationStreamEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe('InvestigateIncident over the investigation graph', () => {
  it('plans, runs a specialist tool loop, and reports with the tool behind each claim', async () => {
    const llm = new ScriptedLlm({
      plan: [plan([{ agent: 'kubernetes', goal: 'check pods' }])],
      'investigate:kubernetes': [
        toolTurn([{ name: 'k8s-api___get_pod_status', args: { namespace: 'production' } }]),
        finding('database-pod is crash-looping', { evidence: [{ tool: 'get_pod_status', excerpt: 'database-pod CrashLoopBackOff' }, { tool: 'get_node_status', excerpt: 'invented' }], causes: [{ description: 'database-pod crash-loops', component: 'database-pod', confidence: 0.9, evidence: [{ tool: 'get_pod_status', excerpt: 'CrashLoopBackOff' }] }] }),
      ],
      summarize: [report],
    });
    const { useCase, tools, memory } = setup(llm);
    const outcome = await useCase.execute(command(), new AbortController().signal);
    if (!outcome.ok) throw new Error('refused');
    const { result } = outcome;
    expect(result.status).toBe('completed');
    expect(result.message).toContain('db pod crash-loops: ConfigMap missing');
    expect(result.message).toContain('`get_pod_status`: database-pod CrashLoopBackOff');
    // Evidence citing a tool the specialist never called is dropped.
    expect(result.findings[0]?.evidence.map((e) => e.tool)).toEqual(['get_pod_status']);
    expect(tools.calls).toEqual([{ name: 'k8s-api___get_pod_status', args: { namespace: 'production' } }]);
    expect(result.usage).toMatchObject({ llmCalls: 4, toolCalls: 1 });
    expect(memory.remembered[0]?.records.some((r) => r.kind === 'investigation')).toBe(true);
    // The specialist saw only its own tools plus submit_finding.
    const k8sRequest = llm.requests.find((r) => r.agent === 'kubernetes') as LlmRequest;
    expect(k8sRequest.tools?.map((t) => t.name)).toEqual(['k8s-api___get_pod_status', 'submit_finding']);
  });

  it('goes on without memory when the store is down, and the report says so', async () => {
    const llm = new ScriptedLlm({ plan: [plan([{ agent: 'kubernetes', goal: 'check pods' }])], 'investigate:kubernetes': [finding('pods checked')], summarize: [report] });
    const memory = new FakeAgentMemory(undefined, Object.assign(new Error('connection refused'), { name: 'MemoryUnavailable' }));
    const { useCase } = setup(llm, undefined, memory);
    const outcome = await useCase.execute(command(), new AbortController().signal);
    if (!outcome.ok) throw new Error('refused');
    expect(outcome.result.status).toBe('completed');
    expect(outcome.result.message).toContain('Memory: unavailable, so preferences and past investigations were not used.');
    expect(llm.requests.find((r) => r.purpose === 'plan')?.context.memory?.unavailable).toBe(true);
  });

  it('lists the similar past investigations memory recalled, and shapes the report by the person\'s preferences', async () => {
    const llm = new ScriptedLlm({ plan: [plan([{ agent: 'kubernetes', goal: 'check pods' }])], 'investigate:kubernetes': [finding('pods checked')], summarize: [report] });
    const memory = new FakeAgentMemory({
      preferences: [
        { category: 'escalation', text: 'carol.director', values: { primary_contact: 'carol.director@company.com' } },
        { category: 'notification', text: 'exec channel', values: { channels: ['#carol-executive'] } },
        { category: 'style', text: 'executive', values: { communication_style: 'executive' } },
      ],
      infrastructure: [],
      pastInvestigations: [{ investigationId: 'inv-old', question: 'Why did the database pod restart last week?', rootCause: 'ConfigMap database-config deleted', severity: 'high', evidence: [], actions: [], status: 'completed', at: '2024-01-08T10:00:00.000Z' }],
    });
    const { useCase } = setup(llm, undefined, memory);
    const outcome = await useCase.execute(command(), new AbortController().signal);
    if (!outcome.ok) throw new Error('refused');
    const message = outcome.result.message;
    expect(message).toContain('### Related past investigations');
    expect(message).toContain('- 2024-01-08: "Why did the database pod restart last week?" found ConfigMap database-config deleted (HIGH, investigation inv-old)');
    expect(message).toContain('Contacts: carol.director@company.com');
    expect(message).toContain('Channels: #carol-executive');
    expect(message).not.toContain('### Findings by specialist');
  });

  it('runs independent steps in parallel and gives a dependent step the earlier findings', async () => {
    let resolveLogs!: () => void;
    const logsGate = new Promise<void>((r) => { resolveLogs = r; });
    const order: string[] = [];
    const llm = new ScriptedLlm({
      plan: [plan([{ agent: 'kubernetes', goal: 'pods' }, { agent: 'logs', goal: 'logs' }, { agent: 'runbooks', goal: 'runbook', depends_on: [1, 2] }])],
      'investigate:kubernetes': [async () => { order.push('k8s-start'); resolveLogs(); return finding('k8s done'); }],
      'investigate:logs': [async () => { order.push('logs-start'); await logsGate; return finding('logs done'); }],
      'investigate:runbooks': [(req) => { order.push('runbooks'); return finding(`saw ${req.context.findings?.map((f) => f.agent).sort().join('+')}`); }],
      summarize: [report],
    });
    const tools = new FakeToolGateway({ 'k8s-api___get_pod_status': jsonTool({}), 'logs-api___search_logs': jsonTool({}), 'runbooks-api___search_runbooks': jsonTool({}) });
    const { useCase } = setup(llm, tools);
    const outcome = await useCase.execute(command(), new AbortController().signal);
    if (!outcome.ok) throw new Error('refused');
    // logs waits for kubernetes to start: only possible when both run at once.
    expect(order.slice(0, 2).sort()).toEqual(['k8s-start', 'logs-start']);
    expect(order[2]).toBe('runbooks');
    expect(outcome.result.findings.find((f) => f.agent === 'runbooks')?.summary).toBe('saw kubernetes+logs');
  });

  it('streams events in order and ends with one result', async () => {
    const llm = new ScriptedLlm({
      plan: [plan([{ agent: 'kubernetes', goal: 'pods' }])],
      'investigate:kubernetes': [toolTurn([{ name: 'k8s-api___get_pod_status' }]), finding('ok')],
      summarize: [report],
    });
    const { useCase } = setup(llm);
    const started = useCase.start(command(), new AbortController().signal);
    if (!started.ok) throw new Error('refused');
    const types = (await collect(started.events)).map((e) => e.type);
    expect(types).toEqual(['started', 'plan', 'agent_started', 'tool_call', 'tool_result', 'agent_finished', 'report', 'result']);
  });

  it('tells the model a tool failed and lists it as not checked', async () => {
    const llm = new ScriptedLlm({
      plan: [plan([{ agent: 'kubernetes', goal: 'pods' }])],
      'investigate:kubernetes': [toolTurn([{ name: 'k8s-api___get_pod_status' }, { name: 'logs-api___search_logs' }]), (req) => {
        const results = req.messages.at(-1);
        if (results?.role !== 'tool') throw new Error('expected tool results');
        expect(results.results.map((r) => r.ok)).toEqual([false, false]);
        expect(results.results[1]?.content).toContain('not available to the kubernetes specialist');
        return finding('could not check pods');
      }],
      summarize: [report],
    });
    const tools = new FakeToolGateway({ 'k8s-api___get_pod_status': () => ({ kind: 'tool_error', message: 'backend 500' }) });
    const { useCase } = setup(llm, tools);
    const outcome = await useCase.execute(command(), new AbortController().signal);
    if (!outcome.ok) throw new Error('refused');
    expect(outcome.result.findings[0]?.unchecked.join(' ')).toContain('get_pod_status failed: backend 500');
    expect(outcome.result.message).toContain('Not checked');
  });

  it('forces the finding on the last turn and cuts tool output to the byte budget', async () => {
    const big = 'x'.repeat(10_000);
    const llm = new ScriptedLlm({
      plan: [plan([{ agent: 'kubernetes', goal: 'pods' }])],
      'investigate:kubernetes': [toolTurn([{ name: 'k8s-api___get_pod_status' }]), (req) => {
        expect(req.toolChoice).toEqual({ name: 'submit_finding' });
        const last = req.messages.at(-1);
        if (last?.role !== 'tool') throw new Error('expected tool results');
        expect(Buffer.byteLength(last.results[0]!.content)).toBeLessThan(600);
        expect(last.results[0]!.content).toContain('truncated');
        return finding('done');
      }],
      summarize: [report],
    });
    const tools = new FakeToolGateway({ 'k8s-api___get_pod_status': () => ({ kind: 'ok', text: big }) });
    const { useCase } = setup(llm, tools, new FakeAgentMemory(), { ...DEFAULT_LIMITS, maxTurns: 2, toolOutputBytes: 512 });
    const outcome = await useCase.execute(command(), new AbortController().signal);
    expect(outcome.ok && outcome.result.status).toBe('completed');
  });

  it('waits for approval without calling any tool when the plan needs it', async () => {
    const llm = new ScriptedLlm({ plan: [plan([{ agent: 'kubernetes', goal: 'pods' }])] });
    const { useCase, tools, health } = setup(llm);
    const outcome = await useCase.execute(command({ autoApprovePlan: false }), new AbortController().signal);
    if (!outcome.ok) throw new Error('refused');
    expect(outcome.result.status).toBe('awaiting_approval');
    expect(outcome.result.message).toContain('Investigation Plan');
    expect(tools.calls).toEqual([]);
    expect(health.report().status).toBe('Healthy');
  });

  it('cancels model and tool calls when the signal aborts, keeping what was found', async () => {
    const controller = new AbortController();
    const llm = new ScriptedLlm({
      plan: [plan([{ agent: 'kubernetes', goal: 'pods' }])],
      'investigate:kubernetes': [toolTurn([{ name: 'k8s-api___get_pod_status' }])],
    });
    let toolSignal: AbortSignal | undefined;
    const tools = new FakeToolGateway({ 'k8s-api___get_pod_status': (_a, signal) => { toolSignal = signal; controller.abort(); return new Promise(() => {}); } });
    const { useCase, health } = setup(llm, tools);
    const outcome = await useCase.execute(command(), controller.signal);
    if (!outcome.ok) throw new Error('refused');
    expect(outcome.result.status).toBe('cancelled');
    expect(toolSignal?.aborted).toBe(true);
    expect(health.report().status).toBe('Healthy');
  });

  it('fails with llm_unavailable when the model cannot be reached', async () => {
    const unavailable = Object.assign(new Error('throttled'), { name: 'LlmUnavailable' });
    const llm = new ScriptedLlm({ plan: [() => { throw unavailable; }] });
    const { useCase } = setup(llm);
    const outcome = await useCase.execute(command(), new AbortController().signal);
    if (!outcome.ok) throw new Error('refused');
    expect(outcome.result.status).toBe('failed');
    expect(outcome.result.failure?.code).toBe('llm_unavailable');
  });

  it('refuses a second investigation in a busy session and over capacity', async () => {
    const llm = new ScriptedLlm({ plan: [() => new Promise(() => {})] });
    const { useCase } = setup(llm);
    const controller = new AbortController();
    const first = command();
    expect(useCase.start(first, controller.signal).ok).toBe(true);
    expect(useCase.start({ ...first, investigationId: asInvestigationId('other') }, controller.signal)).toMatchObject({ ok: false, error: 'session_busy' });
    controller.abort();
  });

  it('uses the default plan when the model gives none', async () => {
    const llm = new ScriptedLlm({
      plan: [toolTurn([])],
      'investigate:kubernetes': [finding('k')], 'investigate:logs': [finding('l')], 'investigate:metrics': [finding('m')], 'investigate:runbooks': [finding('r')],
      summarize: [report],
    });
    const tools = new FakeToolGateway({ 'k8s-api___get_pod_status': jsonTool({}), 'logs-api___search_logs': jsonTool({}), 'metrics-api___get_error_rates': jsonTool({}), 'runbooks-api___search_runbooks': jsonTool({}) });
    const { useCase } = setup(llm, tools);
    const outcome = await useCase.execute(command(), new AbortController().signal);
    if (!outcome.ok) throw new Error('refused');
    expect(outcome.result.plan?.isDefault).toBe(true);
    expect(outcome.result.findings.map((f) => f.agent).sort()).toEqual(['kubernetes', 'logs', 'metrics', 'runbooks']);
  });

  describe('plan approval', () => {
    const awaiting = async (useCase: InvestigateIncident, cmd: InvestigateCommand) => {
      const first = await useCase.execute({ ...cmd, autoApprovePlan: false }, new AbortController().signal);
      if (!first.ok || first.result.status !== 'awaiting_approval') throw new Error('expected a plan awaiting approval');
      return first.result;
    };

    it('resumes the same checkpoint on "proceed": same investigation, exactly the approved plan, no re-planning', async () => {
      const llm = new ScriptedLlm({
        plan: [plan([{ agent: 'kubernetes', goal: 'check pods' }])],
        'investigate:kubernetes': [toolTurn([{ name: 'k8s-api___get_pod_status' }]), finding('pods checked')],
        summarize: [report],
      });
      const { useCase, tools } = setup(llm);
      const cmd = command({ prompt: 'Why is the database pod restarting?' });
      const first = await awaiting(useCase, cmd);
      expect(tools.calls).toEqual([]);
      const second = await useCase.execute({ ...cmd, prompt: 'proceed', investigationId: asInvestigationId('another-id') }, new AbortController().signal);
      if (!second.ok) throw new Error('refused');
      expect(second.result.status).toBe('completed');
      expect(second.result.investigationId).toBe(first.investigationId);
      expect(second.result.findings.map((f) => f.agent)).toEqual(['kubernetes']);
      expect(llm.requests.filter((r) => r.purpose === 'plan')).toHaveLength(1);
      expect(llm.requests.find((r) => r.purpose === 'summarize')?.context.question).toBe('Why is the database pod restarting?');
    });

    it('runs an edited plan when the person modifies it', async () => {
      const llm = new ScriptedLlm({
        plan: [plan([{ agent: 'kubernetes', goal: 'check pods' }])],
        'investigate:logs': [finding('logs checked')],
        summarize: [report],
      });
      const { useCase } = setup(llm, new FakeToolGateway({ 'logs-api___search_logs': jsonTool({}) }));
      const cmd = command();
      await awaiting(useCase, cmd);
      const events: InvestigationStreamEvent[] = [];
      const started = useCase.start({ ...cmd, prompt: 'use logs instead', decision: { action: 'modify', plan: { steps: [{ agent: 'logs', goal: 'read the error logs' }] } } }, new AbortController().signal);
      if (!started.ok) throw new Error('refused');
      events.push(...await collect(started.events));
      const result = events.at(-1);
      if (result?.type !== 'result') throw new Error('no result');
      expect(result.result.findings.map((f) => f.agent)).toEqual(['logs']);
      expect(events.find((e) => e.type === 'plan')).toMatchObject({ plan: { agents: ['logs'] }, awaiting_approval: false });
    });

    it('ends without running anything when the plan is rejected', async () => {
      const llm = new ScriptedLlm({ plan: [plan([{ agent: 'kubernetes', goal: 'check pods' }])] });
      const { useCase, tools } = setup(llm);
      const cmd = command();
      await awaiting(useCase, cmd);
      const outcome = await useCase.execute({ ...cmd, prompt: 'no', decision: { action: 'reject' } }, new AbortController().signal);
      if (!outcome.ok) throw new Error('refused');
      expect(outcome.result.status).toBe('cancelled');
      expect(outcome.result.message).toContain('rejected');
      expect(tools.calls).toEqual([]);
    });

    it('says there is nothing to approve when no plan waits', async () => {
      const { useCase } = setup(new ScriptedLlm({}));
      const outcome = await useCase.execute(command({ prompt: 'x', decision: { action: 'approve' } }), new AbortController().signal);
      if (!outcome.ok) throw new Error('refused');
      expect(outcome.result.status).toBe('failed');
      expect(outcome.result.failure?.code).toBe('nothing_to_approve');
    });

    it('starts a new investigation when the person asks something else instead', async () => {
      const llm = new ScriptedLlm({
        plan: [plan([{ agent: 'kubernetes', goal: 'check pods' }]), plan([{ agent: 'logs', goal: 'logs' }])],
        'investigate:logs': [finding('logs checked')],
        summarize: [report],
      });
      const { useCase } = setup(llm, new FakeToolGateway({ 'logs-api___search_logs': jsonTool({}) }));
      const cmd = command();
      const first = await awaiting(useCase, cmd);
      const other = await useCase.execute({ ...cmd, prompt: 'Actually, check the logs of web-service', investigationId: asInvestigationId('new-one'), autoApprovePlan: true }, new AbortController().signal);
      if (!other.ok) throw new Error('refused');
      expect(other.result.investigationId).not.toBe(first.investigationId);
      expect(other.result.findings.map((f) => f.agent)).toEqual(['logs']);
    });
  });

  describe('status and cancel', () => {
    it('reports a running investigation\'s progress, then its result', async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => { release = r; });
      const llm = new ScriptedLlm({
        plan: [plan([{ agent: 'kubernetes', goal: 'pods' }])],
        'investigate:kubernetes': [toolTurn([{ name: 'k8s-api___get_pod_status' }]), async () => { await gate; return finding('done'); }],
        summarize: [report],
      });
      const { useCase } = setup(llm);
      const cmd = command();
      const started = useCase.start(cmd, new AbortController().signal);
      if (!started.ok) throw new Error('refused');
      const events: InvestigationStreamEvent[] = [];
      const reading = (async () => { for await (const e of started.events) events.push(e); })();
      while (!events.some((e) => e.type === 'tool_result')) await new Promise((r) => setTimeout(r, 5));
      expect(useCase.status(cmd.investigationId)).toMatchObject({ state: 'running', progress: { agentsStarted: ['kubernetes'], agentsFinished: [], toolCalls: 1, plan: { agents: ['kubernetes'] } } });
      release();
      await reading;
      expect(useCase.status(cmd.investigationId)).toMatchObject({ state: 'finished', result: { status: 'completed' } });
      expect(useCase.status('nope')).toBeUndefined();
    });

    it('cancels by investigation id or by session, aborting the calls in flight', async () => {
      for (const by of ['id', 'session'] as const) {
        let toolSignal: AbortSignal | undefined;
        const llm = new ScriptedLlm({ plan: [plan([{ agent: 'kubernetes', goal: 'pods' }])], 'investigate:kubernetes': [toolTurn([{ name: 'k8s-api___get_pod_status' }])] });
        const tools = new FakeToolGateway({ 'k8s-api___get_pod_status': (_a, signal) => { toolSignal = signal; return new Promise(() => {}); } });
        const { useCase, health } = setup(llm, tools);
        const cmd = command();
        const running = useCase.execute(cmd, new AbortController().signal);
        while (!toolSignal) await new Promise((r) => setTimeout(r, 5));
        const cancelled = useCase.cancel(by === 'id' ? { investigationId: cmd.investigationId } : { sessionId: cmd.sessionId });
        expect(cancelled?.state).toBe('running');
        const outcome = await running;
        expect(outcome.ok && outcome.result.status).toBe('cancelled');
        expect(toolSignal.aborted).toBe(true);
        expect(health.report().status).toBe('Healthy');
        expect(useCase.cancel({ investigationId: cmd.investigationId })).toBeUndefined();
      }
    });
  });

  describe('follow-up questions', () => {
    it('answers from the session\'s earlier investigation without running specialists again', async () => {
      const llm = new ScriptedLlm({
        plan: [plan([{ agent: 'kubernetes', goal: 'pods' }]), (req) => {
          expect(req.context.history?.map((t) => t.question)).toEqual(['Why is the API slow?']);
          return toolTurn([{ name: 'submit_plan', args: { steps: [], follow_up: true, complexity: 'simple', auto_execute: true, reasoning: 'follow-up' } }]);
        }],
        'investigate:kubernetes': [finding('pods checked')],
        summarize: [report, (req) => {
          expect(req.context.findings).toEqual([]);
          expect(req.context.history?.[0]?.nextSteps?.now).toEqual(['restore ConfigMap']);
          return toolTurn([{ name: 'submit_report', args: { root_cause: 'db pod crash-loops: ConfigMap missing', impact: 'as before', severity: 'high', next_steps: { now: ['restore ConfigMap'] }, escalation: 'page DB on-call' } }]);
        }],
      });
      const { useCase, memory } = setup(llm);
      const cmd = command();
      const first = await useCase.execute(cmd, new AbortController().signal);
      if (!first.ok) throw new Error('refused');
      const second = await useCase.execute({ ...cmd, prompt: 'What should I do first?', investigationId: asInvestigationId('follow-1') }, new AbortController().signal);
      if (!second.ok) throw new Error('refused');
      expect(second.result.status).toBe('completed');
      expect(second.result.findings).toEqual([]);
      expect(second.result.message).toContain('## Follow-up');
      expect(second.result.message).toContain('1. restore ConfigMap');
      expect(second.result.message).toContain(first.result.investigationId);
      expect(memory.remembered).toHaveLength(1);
    });

    it('investigates afresh when a follow-up plan comes with no earlier investigation', async () => {
      const llm = new ScriptedLlm({
        plan: [toolTurn([{ name: 'submit_plan', args: { steps: [], follow_up: true, complexity: 'simple', auto_execute: true, reasoning: 'x' } }])],
        'investigate:kubernetes': [finding('k')], 'investigate:logs': [finding('l')], 'investigate:metrics': [finding('m')], 'investigate:runbooks': [finding('r')],
        summarize: [report],
      });
      const tools = new FakeToolGateway({ 'k8s-api___get_pod_status': jsonTool({}), 'logs-api___search_logs': jsonTool({}), 'metrics-api___get_error_rates': jsonTool({}), 'runbooks-api___search_runbooks': jsonTool({}) });
      const { useCase } = setup(llm, tools);
      const outcome = await useCase.execute(command({ prompt: 'What should I do first?' }), new AbortController().signal);
      if (!outcome.ok) throw new Error('refused');
      expect(outcome.result.plan?.isDefault).toBe(true);
      expect(outcome.result.findings).toHaveLength(4);
    });
  });
});

