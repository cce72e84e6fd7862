import { z } from 'zod';

const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);
const list = <T extends string>(values: readonly [T, ...T[]], fallback: string) =>
  z.string().default(fallback).transform((s, ctx) => {
    const items = s.split(',').map((x) => x.trim()).filter(Boolean);
    const bad = items.filter((x) => !(values as readonly string[]).includes(x));
    if (bad.length) ctx.addIssue({ code: 'custom', message: `unknown ${bad.join(', ')}; expected some of ${values.join(', ')}` });
    return items as T[];
  });

/** Every setting, from the environment. Defaults run everything on one machine with no cloud account. */
const Env = z.object({
  PORT: int(0, 65_535, 8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  LLM_PROVIDER: z.enum(['offline']).default('offline'),
  OFFLINE_LLM_DELAY_MS: int(0, 600_000, 0),
  TOOLS: z.enum(['embedded']).default('embedded'),
  DEMO_SCENARIO: z.string().min(1).default('database-configmap-crashloop'),
  TOOL_CALL_TIMEOUT_MS: int(100, 600_000, 30_000),
  MEMORY_BACKEND: z.enum(['none', 'in-memory']).default('in-memory'),
  MEMORY_STRATEGIES: list(['preferences', 'infrastructure', 'investigations'], 'preferences,infrastructure,investigations'),
  DATA_DIR: z.string().min(1).default('./data'),
  MAX_BODY_BYTES: int(1024, 100 * 1024 * 1024, 100 * 1024 * 1024),
  MAX_CONCURRENT_INVESTIGATIONS: int(1, 100_000, 1000),
  INVESTIGATION_TIMEOUT_MS: int(1000, 8 * 3600_000, 15 * 60_000),
  AGENT_TIMEOUT_MS: int(1000, 3600_000, 120_000),
  AGENT_MAX_TURNS: int(2, 50, 6),
  AGENT_MAX_TOOL_CALLS: int(1, 200, 20),
  TOOL_OUTPUT_MAX_BYTES: int(256, 1024 * 1024, 16_384),
  SHUTDOWN_DRAIN_MS: int(0, 15 * 60_000, 30_000),
});

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the environment once; a bad value stops start-up with every bad key listed. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>) {
  // An empty variable means "not set", as a shell user expects from `PORT= npm start`.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = Env.safeParse(present);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`));
  const e = parsed.data;
  return Object.freeze({
    http: { host: e.HOST, port: e.PORT, maxBodyBytes: e.MAX_BODY_BYTES },
    logLevel: e.LOG_LEVEL,
    llm: { provider: e.LLM_PROVIDER, offlineDelayMs: e.OFFLINE_LLM_DELAY_MS },
    tools: { mode: e.TOOLS, scenario: e.DEMO_SCENARIO, callTimeoutMs: e.TOOL_CALL_TIMEOUT_MS },
    memory: { backend: e.MEMORY_BACKEND, strategies: e.MEMORY_STRATEGIES, dataDir: e.DATA_DIR },
    investigation: {
      maxConcurrent: e.MAX_CONCURRENT_INVESTIGATIONS,
      deadlineMs: e.INVESTIGATION_TIMEOUT_MS,
      limits: { maxTurns: e.AGENT_MAX_TURNS, agentDeadlineMs: e.AGENT_TIMEOUT_MS, toolOutputBytes: e.TOOL_OUTPUT_MAX_BYTES, maxToolCalls: e.AGENT_MAX_TOOL_CALLS, maxTokens: 4096, sessionTurns: 5 },
    },
    shutdownDrainMs: e.SHUTDOWN_DRAIN_MS,
  });
}

export type AppConfig = ReturnType<typeof loadConfig>;
