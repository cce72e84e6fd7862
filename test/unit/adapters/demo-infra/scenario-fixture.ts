import type { DemoContext, DemoToolResult } from '../../../../src/adapters/demo-infra/demo-tool.js';
import { callDemoTool } from '../../../../src/adapters/demo-infra/demo-tools.js';
import type { Scenario } from '../../../../src/adapters/demo-infra/scenario.js';

type Parts = {
  [K in Exclude<keyof Scenario, 'meta'>]?: Partial<Scenario[K]>;
};

/** An empty scenario at 2024-01-15T14:30:00Z, with the given parts filled in. */
export function aScenario(parts: Parts = {}): Scenario {
  return {
    meta: { id: 'fixture', now: '2024-01-15T14:30:00Z' },
    k8s: { pods: [], deployments: [], events: [], nodes: [], resourceUsage: undefined, services: [], ...parts.k8s },
    logs: { entries: [], errors: [], patterns: [], counts: {}, ...parts.logs },
    metrics: { responseTimes: [], throughput: [], resources: [], errorRates: [], availability: [], trends: [], ...parts.metrics },
    runbooks: { playbooks: [], guides: [], escalationProcedures: [], resolutions: [], ...parts.runbooks },
  };
}

export const fixedClock = { now: () => new Date('2024-01-15T14:30:00Z') };

/** Calls a tool and returns its JSON value, failing the test when the tool failed. */
export function callOk(scenario: Scenario, name: string, args: Record<string, unknown> = {}): Record<string, unknown> {
  const result = call(scenario, name, args);
  if (!result.ok) throw new Error(`${name} failed: ${result.message}`);
  return { ...result.value };
}

export function call(scenario: Scenario, name: string, args: unknown): DemoToolResult {
  const ctx: DemoContext = { scenario, clock: fixedClock };
  return callDemoTool(ctx, name, args);
}

export const namesOf = (rows: unknown): string[] => (rows as { name: string }[]).map((r) => r.name);
