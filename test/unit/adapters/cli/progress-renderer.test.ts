import { describe, expect, it } from 'vitest';
import { describeEvent, ProgressRenderer } from '../../../../src/adapters/cli/progress-renderer.js';
import type { InvestigationStreamEvent } from '../../../../src/application/use-cases/investigation-stream.js';
import type { InvestigationResult } from '../../../../src/domain/investigation.js';
import { NO_USAGE } from '../../../../src/domain/usage.js';

const ESC = String.fromCharCode(27);
const result = { investigationId: 'inv-1', sessionId: 's-1', status: 'completed', message: '# done', findings: [], usage: NO_USAGE, finishedAt: new Date(0) } as unknown as InvestigationResult;
const events = [
  { type: 'started', investigation_id: 'inv-1', session_id: 's-1', timestamp: '2026-11-24T00:00:00Z' },
  { type: 'plan', plan: { steps: [{ id: 1, agent: 'kubernetes', goal: 'Check pods', depends_on: [] }], agents: ['kubernetes'], complexity: 'simple', auto_execute: true, reasoning: 'r' }, awaiting_approval: true },
  { type: 'agent_started', agent: 'kubernetes', step: 1, goal: 'Check pods' },
  { type: 'tool_call', agent: 'kubernetes', call_id: 'c1', tool: 'get_pod_status', args: { namespace: 'production' } },
  { type: 'tool_result', agent: 'kubernetes', call_id: 'c1', tool: 'get_pod_status', ok: false, bytes: 12, summary: 'boom' },
  { type: 'agent_finished', agent: 'kubernetes', step: 1, status: 'completed', summary: 'pod crashloops', tool_calls: 1 },
  { type: 'token', purpose: 'summarize', text: 'x' },
  { type: 'report', message: '# done' },
  { type: 'result', result },
] as unknown as InvestigationStreamEvent[];

function sink(isTTY = false) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, write: (c: string) => { chunks.push(c); return true; } } };
}

describe('ProgressRenderer, plain mode', () => {
  it('prints one line per event, nothing for tokens', () => {
    const { chunks, stream } = sink();
    const r = new ProgressRenderer(stream);
    for (const e of events) r.render(e);
    r.finish();
    const lines = chunks.join('').trimEnd().split('\n');
    expect(lines).toEqual([
      'started investigation inv-1 (session s-1)',
      'plan (simple): 1. kubernetes: Check pods [awaiting approval]',
      'agent kubernetes started step 1: Check pods',
      'tool call kubernetes → get_pod_status({"namespace":"production"})',
      'tool result get_pod_status: error, 12 bytes (boom)',
      'agent kubernetes finished step 1: completed, 1 tool calls — pod crashloops',
      'report ready',
      'result: completed',
    ]);
    expect(chunks.join('')).not.toContain(`${ESC}[`);
  });

  it('never throws on unknown or malformed events', () => {
    const { chunks, stream } = sink();
    const r = new ProgressRenderer(stream);
    expect(() => r.render({ type: 'mystery' } as unknown as InvestigationStreamEvent)).not.toThrow();
    expect(() => r.render({ type: 'plan' } as unknown as InvestigationStreamEvent)).not.toThrow();
    expect(chunks).toEqual([]);
    expect(describeEvent({ type: 'other' } as unknown as InvestigationStreamEvent)).toBeUndefined();
  });

  it('describes a follow-up plan and a failed result', () => {
    const plan = { type: 'plan', plan: { steps: [], agents: [], complexity: 'simple', auto_execute: true, reasoning: '' }, awaiting_approval: false } as unknown as InvestigationStreamEvent;
    expect(describeEvent(plan)).toBe('plan: answer from earlier findings');
    const failed = { type: 'result', result: { ...result, status: 'failed', failure: { code: 'llm_unavailable', message: 'down' } } } as InvestigationStreamEvent;
    expect(describeEvent(failed)).toBe('result: failed (llm_unavailable: down)');
  });
});

describe('ProgressRenderer, TTY mode', () => {
  it('draws a task list with a spinner and redraws it in place', () => {
    const { chunks, stream } = sink(true);
    let t = 0;
    const r = new ProgressRenderer(stream, { spinnerMs: 0, now: () => (t += 500) });
    for (const e of events) r.render(e);
    const text = chunks.join('');
    expect(text).toContain('plan (simple): 1. kubernetes: Check pods [awaiting approval]');
    expect(text).toContain('kubernetes: get_pod_status');
    expect(text).toContain('✔ kubernetes: completed, 1 tool calls');
    expect(text).toMatch(new RegExp(`${ESC}\\[\\d+A${ESC}\\[0J`));
    expect(text).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] /);
    expect(text).toContain('• result: completed (');
  });

  it('spins on a timer until finished', async () => {
    const { chunks, stream } = sink(true);
    const r = new ProgressRenderer(stream, { spinnerMs: 5 });
    r.render(events[0]!);
    await new Promise((resolve) => setTimeout(resolve, 40));
    r.finish();
    const count = chunks.length;
    expect(count).toBeGreaterThan(2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(chunks.length).toBe(count);
  });
});
