import { afterEach, describe, expect, it, vi } from 'vitest';
import { OfflineLlm } from '../../../../src/adapters/offline/offline-llm.js';
import type { LlmRequest, LlmStreamChunk } from '../../../../src/application/ports/llm.js';
import { AGENT_TOOLS } from '../../../../src/domain/agents.js';
import { FINDING_TOOL_NAME, parseFindingDraft } from '../../../../src/domain/finding.js';
import { normalizePlan, PLAN_TOOL_NAME } from '../../../../src/domain/plan.js';
import { parseReportSummary, REPORT_TOOL_NAME } from '../../../../src/domain/report-summary.js';
import {
  aRequest, CRASHLOOP_DEPLOYMENTS, CRASHLOOP_EVENTS, CRASHLOOP_PODS, ERROR_LOGS, ESCALATIONS, findingFrom, NODES_WITH_PRESSURE, PLAYBOOKS, spec,
} from './fixtures.js';
import { converse, toolsOf } from './conversation.js';

const signal = (): AbortSignal => new AbortController().signal;

describe('OfflineLlm as a specialist', () => {
  it('calls every Kubernetes tool in one turn, then submits a finding blaming the crash-looping pod', async () => {
    const { turns, finding } = await converse(new OfflineLlm(), 'kubernetes', {
      get_pod_status: CRASHLOOP_PODS, get_deployment_status: CRASHLOOP_DEPLOYMENTS, get_cluster_events: CRASHLOOP_EVENTS, get_node_status: NODES_WITH_PRESSURE,
    });
    expect(turns[0]?.toolCalls.map((c) => c.name).sort()).toEqual(AGENT_TOOLS.kubernetes.map((op) => `k8s-api___${op}`).sort());
    expect(turns[0]?.stopReason).toBe('tool_use');
    expect(new Set(turns.flatMap((t) => t.toolCalls.map((c) => c.id))).size).toBe(turns.flatMap((t) => t.toolCalls).length);
    expect(turns).toHaveLength(2);
    expect(finding?.causes[0]).toMatchObject({ component: 'database-pod-7b9c4d8f2a-x5m1q' });
    expect(finding?.causes[0]?.confidence).toBeGreaterThanOrEqual(0.8);
    expect(finding?.unchecked).toEqual([expect.stringMatching(/^get_resource_usage failed: HTTP 500/)]);
  });

  it('lets the logs specialist follow up on the failing service', async () => {
    const { turns, finding } = await converse(new OfflineLlm(), 'logs', {
      get_error_logs: ERROR_LOGS, analyze_log_patterns: { patterns: [] }, count_log_events: { total_count: 4, counts: [] }, get_recent_logs: { logs: [] },
      search_logs: (args: Readonly<Record<string, unknown>>) =>
        ({ logs: ERROR_LOGS.errors.filter((e) => `${e.service} ${e.message}`.toLowerCase().includes(String(args['pattern']).toLowerCase())) }),
    });
    expect(turns[0]?.toolCalls.find((c) => c.name === 'logs-api___search_logs')?.args).toEqual({ pattern: 'error' });
    expect(turns[1]?.toolCalls.map((c) => c.args['pattern'])).toEqual(['web-service', 'database-service']);
    expect(finding?.causes[0]?.component).toBe('database-service');
  });

  it('has the runbooks specialist search for what the others found and quote the playbook', async () => {
    const k8s = findingFrom('kubernetes', { summary: 's', causes: [{ description: 'database-pod-7b9c4d8f2a-x5m1q is in CrashLoopBackOff because ConfigMap database-config is missing',
      component: 'database-pod-7b9c4d8f2a-x5m1q', confidence: 0.9 }], evidence: [{ tool: 'get_deployment_status', excerpt: 'database-deployment status Failed, 0/1 replicas available' }] });
    const { turns, finding } = await converse(new OfflineLlm(), 'runbooks', {
      search_runbooks: PLAYBOOKS, get_incident_playbook: PLAYBOOKS.runbooks[1], get_escalation_procedures: ESCALATIONS,
      get_troubleshooting_guide: { guides: [] }, get_common_resolutions: { resolutions: [] },
    }, { context: { question: 'Why is the API slow?', findings: [k8s] } });
    expect(turns[1]?.toolCalls).toEqual([expect.objectContaining({ name: 'runbooks-api___get_incident_playbook', args: { playbook_id: 'database-pod-crashloop-incident' } })]);
    expect(finding?.evidence[0]).toMatchObject({ tool: 'get_incident_playbook', excerpt: expect.stringContaining(PLAYBOOKS.runbooks[1]!.steps.join('\n')) });
  });

  it('submits a finding at once when the graph forces it, saying nothing was checked', async () => {
    const r = await new OfflineLlm().complete(aRequest({ agent: 'metrics', tools: toolsOf('metrics'), toolChoice: { name: FINDING_TOOL_NAME } }), signal());
    const draft = parseFindingDraft(r.toolCalls[0]?.args);
    expect(r.toolCalls[0]?.name).toBe(FINDING_TOOL_NAME);
    expect(draft?.unchecked).toContain('no metrics tool was called before the finding was due');
  });
});

describe('OfflineLlm as planner and reporter', () => {
  it('answers the plan request with submit_plan', async () => {
    const r = await new OfflineLlm().complete(aRequest({ purpose: 'plan', tools: [spec(PLAN_TOOL_NAME)], toolChoice: { name: PLAN_TOOL_NAME },
      context: { question: 'Why is the database pod crash-looping?' } }), signal());
    expect(r.toolCalls[0]?.name).toBe(PLAN_TOOL_NAME);
    expect(normalizePlan(r.toolCalls[0]?.args, 'q').steps.map((s) => s.agent)).toEqual(['kubernetes', 'logs', 'runbooks']);
  });

  it('answers the summary request with submit_report', async () => {
    const k8s = findingFrom('kubernetes', { summary: 's', causes: [{ description: 'db pod crash-loops', component: 'db-pod', confidence: 0.9 }] });
    const r = await new OfflineLlm().complete(aRequest({ purpose: 'summarize', tools: [spec(REPORT_TOOL_NAME)], toolChoice: { name: REPORT_TOOL_NAME },
      context: { question: 'q', findings: [k8s] } }), signal());
    expect(parseReportSummary(r.toolCalls[0]?.args)?.rootCause).toMatch(/db pod crash-loops/);
  });

  it('answers in plain text when it has no tools or an unknown purpose', async () => {
    const llm = new OfflineLlm();
    const plain = await llm.complete(aRequest({ tools: [] }), signal());
    expect(plain).toMatchObject({ stopReason: 'end_turn', toolCalls: [], text: expect.any(String) });
    const odd = await llm.complete(aRequest({ purpose: 'chat' as LlmRequest['purpose'], tools: [spec('x')] }), signal());
    expect(odd.stopReason).toBe('end_turn');
  });
});

describe('OfflineLlm mechanics', () => {
  afterEach(() => vi.useRealTimers());

  it('estimates usage as a quarter of the characters in and out', async () => {
    const r = await new OfflineLlm().complete(aRequest({ system: 'x'.repeat(400), messages: [{ role: 'user', content: 'y'.repeat(401) }], tools: [] }), signal());
    expect(r.usage.inputTokens).toBe(201);
    expect(r.usage.outputTokens).toBe(Math.ceil((r.text ?? '').length / 4));
  });

  it('streams a short narrative, then exactly one done chunk', async () => {
    const chunks: LlmStreamChunk[] = [];
    for await (const c of new OfflineLlm().stream(aRequest({ agent: 'kubernetes', tools: toolsOf('kubernetes') }), signal())) chunks.push(c);
    const done = chunks.filter((c) => c.kind === 'done');
    expect(done).toHaveLength(1);
    expect(chunks.at(-1)?.kind).toBe('done');
    const text = chunks.flatMap((c) => (c.kind === 'text' ? [c.delta] : [])).join('');
    expect(text).toMatch(/^Kubernetes Infrastructure Agent: checking pod status/);
    expect(done[0]?.kind === 'done' && done[0].response.text).toBe(text);
  });

  it('waits the configured delay, and ends it at once with OperationCancelled on abort', async () => {
    vi.useFakeTimers();
    const llm = new OfflineLlm({ delayMs: 10_000 });
    const controller = new AbortController();
    const pending = llm.complete(aRequest({ tools: [] }), controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'OperationCancelled' });
    expect(vi.getTimerCount()).toBe(0);

    const late = llm.complete(aRequest({ tools: [] }), signal());
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(late).resolves.toMatchObject({ stopReason: 'end_turn' });
  });

  it('rejects an already-aborted call without answering', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(new OfflineLlm().complete(aRequest({ tools: [] }), controller.signal)).rejects.toMatchObject({ name: 'OperationCancelled' });
    const iterator = new OfflineLlm({ delayMs: 5 }).stream(aRequest({ tools: [] }), controller.signal)[Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toMatchObject({ name: 'OperationCancelled' });
  });
});
