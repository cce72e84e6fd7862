import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { JsonLogger } from '../adapters/shared/logger.js';
import { type Expectations, type Scorecard, scoreInvestigation } from '../domain/evaluation.js';
import { asActorId, asInvestigationId, asSessionId } from '../domain/ids.js';
import { loadConfig } from './config.js';
import { buildContainer } from './container.js';
import { builtinScenariosDir } from './scenario-paths.js';
import { TOKENS } from './tokens.js';

const ScenarioJson = z.object({
  id: z.string().optional(),
  prompt: z.string().min(1),
  expected: z.object({
    must_mention: z.array(z.array(z.string())).default([]),
    must_not_blame: z.array(z.string()).default([]),
    culprit: z.object({ kind: z.string(), name: z.string() }).optional(),
  }),
});

export interface EvalRow {
  readonly scenario: string;
  readonly status: string;
  readonly score: number;
  readonly card: Scorecard;
  readonly rootCause: string;
  readonly llmCalls: number;
  readonly toolCalls: number;
  readonly tokens: number;
  readonly wallMs: number;
}

/** Every scenario folder (one holding scenario.json) in `dir`, or `dir` itself when it is one. */
export function discoverScenarios(dir: string): string[] {
  const root = resolve(dir);
  if (existsSync(join(root, 'scenario.json'))) return [root];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('_') && existsSync(join(root, e.name, 'scenario.json')))
    .map((e) => join(root, e.name))
    .sort();
}

/** The report's "Root cause" section: what the scorer checks for the culprit and for blame. */
function rootCauseOf(markdown: string): string {
  const match = /### Root cause\n([\s\S]*?)(?=\n### |$)/.exec(markdown);
  return match?.[1]?.trim() ?? '';
}

/** Runs one scenario's prompt through the whole runtime in-process and scores the answer. */
export async function evaluateScenario(dir: string, env: Readonly<Record<string, string | undefined>>): Promise<EvalRow> {
  const meta = ScenarioJson.parse(JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8')));
  const expected: Expectations = { mustMention: meta.expected.must_mention, mustNotBlame: meta.expected.must_not_blame, ...(meta.expected.culprit ? { culprit: meta.expected.culprit } : {}) };
  const container = buildContainer(loadConfig({ ...env, DEMO_SCENARIO: dir, MEMORY_BACKEND: 'none' }), { logger: new JsonLogger({ level: 'error', write: () => {} }) });
  try {
    const investigate = await container.getAsync(TOKENS.InvestigateIncident);
    const started = performance.now();
    const outcome = await investigate.execute({
      prompt: meta.prompt, sessionId: asSessionId(`eval-${randomUUID()}`), investigationId: asInvestigationId(randomUUID()),
      actor: asActorId('eval'), autoApprovePlan: true,
    }, new AbortController().signal);
    const wallMs = Math.round(performance.now() - started);
    if (!outcome.ok) throw new Error(`refused: ${outcome.message}`);
    const { result } = outcome;
    const rootCause = rootCauseOf(result.message);
    const card = scoreInvestigation(result.message, rootCause, result.findings, expected);
    return {
      scenario: meta.id ?? dir, status: result.status, score: result.status === 'completed' ? card.score : 0, card, rootCause,
      llmCalls: result.usage.llmCalls, toolCalls: result.usage.toolCalls, tokens: result.usage.inputTokens + result.usage.outputTokens, wallMs,
    };
  } finally {
    await container.unbindAllAsync();
  }
}

export function formatTable(rows: readonly EvalRow[]): string {
  const head = ['scenario', 'score', 'mentions', 'not blamed', 'culprit', 'llm', 'tools', 'tokens', 'ms'];
  const body = rows.map((r) => [
    r.scenario, `${Math.round(r.score * 100)}%`,
    `${r.card.mentions.filter((m) => m.found).length}/${r.card.mentions.length}`,
    `${r.card.blamed.filter((b) => !b.blamed).length}/${r.card.blamed.length}`,
    r.card.culpritNamed === undefined ? '-' : r.card.culpritNamed ? 'yes' : 'no',
    String(r.llmCalls), String(r.toolCalls), String(r.tokens), String(r.wallMs),
  ]);
  const mean = rows.length ? rows.reduce((s, r) => s + r.score, 0) / rows.length : 0;
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...body.map(line), '', `mean score ${Math.round(mean * 1000) / 10}% over ${rows.length} scenarios`].join('\n');
}

export interface EvalRun {
  readonly rows: readonly EvalRow[];
  readonly passed: boolean;
}

export async function runEval(options: { scenarios?: string; minScore: number; out: string; env: Readonly<Record<string, string | undefined>> }): Promise<EvalRun> {
  const dirs = discoverScenarios(options.scenarios ?? builtinScenariosDir());
  if (dirs.length === 0) throw new Error(`No scenario folders (with scenario.json) in ${options.scenarios ?? 'the built-in scenarios'}`);
  const rows: EvalRow[] = [];
  for (const dir of dirs) rows.push(await evaluateScenario(dir, options.env));
  mkdirSync(dirname(resolve(options.out)), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify({ generatedAt: new Date().toISOString(), minScore: options.minScore, rows }, null, 2)}\n`);
  return { rows, passed: rows.every((r) => r.score * 100 >= options.minScore) };
}
