import { describe, expect, it } from 'vitest';
import { failureHttpStatus, toWireOutput } from '../../../../src/adapters/shared/wire-output.js';
import { asInvestigationId, asSessionId } from '../../../../src/domain/ids.js';
import type { InvestigationResult } from '../../../../src/domain/investigation.js';

function aResult(overrides: Partial<InvestigationResult> = {}): InvestigationResult {
  return {
    investigationId: asInvestigationId('inv-1'),
    sessionId: asSessionId('sess-1'),
    status: 'completed',
    message: '## Investigation Results',
    plan: { steps: [{ id: 1, agent: 'logs', goal: 'Find errors', dependsOn: [] }, { id: 2, agent: 'runbooks', goal: 'Find fix', dependsOn: [1] }], complexity: 'complex', autoExecute: false, reasoning: 'two steps', isDefault: false },
    findings: [],
    usage: { inputTokens: 100, outputTokens: 50, llmCalls: 3, toolCalls: 4, costUsd: 0 },
    finishedAt: new Date('2025-01-22T14:35:00Z'),
    ...overrides,
  };
}

describe('toWireOutput', () => {
  it('maps a result to the contract output object', () => {
    expect(toWireOutput(aResult())).toEqual({
      message: '## Investigation Results',
      timestamp: '2025-01-22T14:35:00.000Z',
      model: 'sre-multi-agent',
      investigation_id: 'inv-1',
      session_id: 'sess-1',
      status: 'completed',
      plan: {
        steps: [{ id: 1, agent: 'logs', goal: 'Find errors', depends_on: [] }, { id: 2, agent: 'runbooks', goal: 'Find fix', depends_on: [1] }],
        agents: ['logs', 'runbooks'], complexity: 'complex', auto_execute: false, reasoning: 'two steps',
      },
      usage: { input_tokens: 100, output_tokens: 50, llm_calls: 3, tool_calls: 4, cost_usd: 0, by_agent: {} },
    });
  });

  it('gives a null plan when there is none and uses the given model name', () => {
    const { plan: _plan, ...withoutPlan } = aResult();
    expect(toWireOutput(withoutPlan, 'custom-model')).toMatchObject({ plan: null, model: 'custom-model' });
  });

  it('adds the error only for a failure', () => {
    expect(toWireOutput(aResult())).not.toHaveProperty('error');
    const failed = toWireOutput(aResult({ status: 'failed', failure: { code: 'llm_unavailable', message: 'Bedrock throttled' } }));
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'llm_unavailable', message: 'Bedrock throttled' } });
  });

  it('is plain JSON', () => {
    const output = toWireOutput(aResult());
    expect(JSON.parse(JSON.stringify(output))).toEqual(output);
  });
});

describe('failureHttpStatus', () => {
  it.each([
    ['llm_unavailable', 503], ['tool_gateway_unavailable', 503], ['memory_unavailable', 503],
    ['llm_rejected', 500], ['internal', 500], ['deadline_exceeded', 500], ['anything', 500],
  ])('maps %s to %i', (code, status) => {
    expect(failureHttpStatus(code)).toBe(status);
  });
});

describe('toWireOutput usage', () => {
  it('gives each specialist its share and rounds the cost estimate', () => {
    const usage = { inputTokens: 10, outputTokens: 5, llmCalls: 2, toolCalls: 3, costUsd: 0.0000351234 };
    const finding = { agent: 'logs' as const, stepId: 1, goal: 'g', status: 'completed' as const, summary: 's', evidence: [], causes: [], unchecked: [], facts: [], toolCalls: 3, usage };
    const out = toWireOutput(aResult({ findings: [finding], usage }));
    expect(out.usage.cost_usd).toBe(0.000035);
    expect(out.usage.by_agent).toEqual({ logs: { input_tokens: 10, output_tokens: 5, llm_calls: 2, tool_calls: 3, cost_usd: 0.000035 } });
  });
});
