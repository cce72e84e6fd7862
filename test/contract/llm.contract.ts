import { describe, expect, it } from 'vitest';
import type { Llm, LlmRequest, LlmResponse, LlmStreamChunk } from '../../src/application/ports/llm.js';
import { FINDING_TOOL_NAME, FINDING_TOOL_SCHEMA } from '../../src/domain/finding.js';
import { PLAN_TOOL_NAME, PLAN_TOOL_SCHEMA } from '../../src/domain/plan.js';
import { REPORT_TOOL_NAME, REPORT_TOOL_SCHEMA } from '../../src/domain/report-summary.js';
import type { ToolSpec } from '../../src/domain/tools.js';

const tool = (name: string, inputSchema: Readonly<Record<string, unknown>> = { type: 'object', properties: {} }): ToolSpec =>
  ({ name, description: `The ${name} tool.`, inputSchema });

const base = (overrides: Partial<LlmRequest>): LlmRequest => ({
  purpose: 'investigate', system: 'You are an SRE assistant.', messages: [{ role: 'user', content: 'Why is the API slow?' }], maxTokens: 1024,
  context: { question: 'Why is the API slow?' }, ...overrides,
});

/** Requests that force a tool: the structured outputs of the graph, and a plain gateway tool. */
const FORCED: readonly (readonly [string, LlmRequest])[] = [
  ['a plan', base({ purpose: 'plan', tools: [tool(PLAN_TOOL_NAME, PLAN_TOOL_SCHEMA)], toolChoice: { name: PLAN_TOOL_NAME } })],
  ['a finding', base({ agent: 'kubernetes', tools: [tool('k8s-api___get_pod_status'), tool(FINDING_TOOL_NAME, FINDING_TOOL_SCHEMA)], toolChoice: { name: FINDING_TOOL_NAME } })],
  ['a report', base({ purpose: 'summarize', tools: [tool(REPORT_TOOL_NAME, REPORT_TOOL_SCHEMA)], toolChoice: { name: REPORT_TOOL_NAME }, context: { question: 'q', findings: [] } })],
  ['a gateway tool', base({ agent: 'kubernetes', tools: [tool('k8s-api___get_pod_status'), tool(FINDING_TOOL_NAME, FINDING_TOOL_SCHEMA)], toolChoice: { name: 'k8s-api___get_pod_status' } })],
];
const TEXT = base({ agent: 'logs', tools: [] });

const signal = (): AbortSignal => new AbortController().signal;
const aborted = (): AbortSignal => {
  const c = new AbortController();
  c.abort();
  return c.signal;
};

async function collect(stream: AsyncIterable<LlmStreamChunk>): Promise<LlmStreamChunk[]> {
  const out: LlmStreamChunk[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

const shape = (r: LlmResponse) => ({ stopReason: r.stopReason, tools: r.toolCalls.map((c) => c.name), hasText: Boolean(r.text) });

const expectUsage = (r: LlmResponse): void => {
  for (const n of [r.usage.inputTokens, r.usage.outputTokens]) {
    expect(Number.isInteger(n)).toBe(true);
    expect(n).toBeGreaterThanOrEqual(0);
  }
};

/** What every Llm adapter must do, whatever model is behind it. `make` gives a fresh adapter. */
export function llmContract(name: string, make: () => Llm): void {
  describe(`${name} honours the Llm contract`, () => {
    it.each(FORCED)('answers a forced tool choice (%s) with a call of that tool', async (_label, request) => {
      const response = await make().complete(request, signal());
      const forced = request.toolChoice as { name: string };
      expect(response.toolCalls.map((c) => c.name)).toContain(forced.name);
      expect(response.stopReason).toBe('tool_use');
      for (const c of response.toolCalls) {
        expect(typeof c.id).toBe('string');
        expect(c.id.length).toBeGreaterThan(0);
        expect(typeof c.args).toBe('object');
      }
      expectUsage(response);
    });

    it.each([...FORCED, ['plain text', TEXT] as const])('streams %s as text deltas, then exactly one done chunk like complete', async (_label, request) => {
      const chunks = await collect(make().stream(request, signal()));
      const done = chunks.filter((c): c is Extract<LlmStreamChunk, { kind: 'done' }> => c.kind === 'done');
      expect(done).toHaveLength(1);
      expect(chunks.at(-1)?.kind).toBe('done');
      const response = done[0]!.response;
      const text = chunks.flatMap((c) => (c.kind === 'text' ? [c.delta] : [])).join('');
      if (response.text) expect(text).toBe(response.text);
      expect(shape(response)).toEqual(shape(await make().complete(request, signal())));
      expectUsage(response);
    });

    it('answers a request without tools in text, ending its turn', async () => {
      const response = await make().complete(TEXT, signal());
      expect(response.toolCalls).toEqual([]);
      expect(response.stopReason).toBe('end_turn');
      expect(response.text?.length).toBeGreaterThan(0);
    });

    it('rejects with OperationCancelled when the signal is already aborted', async () => {
      await expect(make().complete(FORCED[0]![1], aborted())).rejects.toMatchObject({ name: 'OperationCancelled' });
      await expect(collect(make().stream(FORCED[0]![1], aborted()))).rejects.toMatchObject({ name: 'OperationCancelled' });
    });
  });
}
