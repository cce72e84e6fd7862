import { z } from 'zod';

const commaList = (s: string): string[] => s.split(',').map((x) => x.trim()).filter(Boolean);
const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);
const list = <T extends string>(values: readonly [T, ...T[]], fallback: string) =>
  z.string().default(fallback).transform((s, ctx) => {
    const items = s.split(',').map((x) => x.trim()).filter(Boolean);
    const bad = items.filter((x) => !(values as readonly string[]).includes(x));
    if (bad.length) ctx.addIssue({ code: 'custom', message: `unknown ${bad.join(', ')}; expected some of ${values.join(', ')}` });
    return items as T[];
  });

/** `api-key=abc,x-team=sre%20core` → headers; undefined when a pair is malformed. */
function parseOtlpHeaders(raw: string): Record<string, string> | undefined {
  const headers: [string, string][] = [];
  for (const pair of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
    const at = pair.indexOf('=');
    if (at <= 0) return undefined;
    try {
      headers.push([decodeURIComponent(pair.slice(0, at).trim()), decodeURIComponent(pair.slice(at + 1).trim())]);
    } catch {
      return undefined;
    }
  }
  // fromEntries, not assignment: a `__proto__` key stays a key.
  return Object.fromEntries(headers);
}

/** Every setting, from the environment. Defaults run everything on one machine with no cloud account. */
const Env = z.object({
  PORT: int(0, 65_535, 8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  LLM_PROVIDER: z.enum(['offline', 'bedrock']).default('offline'),
  BEDROCK_MODEL_ID: z.string().min(1).default('global.anthropic.claude-haiku-4-5-20251001-v1:0'),
  BEDROCK_MODEL_ID_PLAN: z.string().min(1).optional(),
  BEDROCK_MODEL_ID_INVESTIGATE: z.string().min(1).optional(),
  BEDROCK_MODEL_ID_SUMMARIZE: z.string().min(1).optional(),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  AWS_ENDPOINT_URL_BEDROCK_RUNTIME: z.url().optional(),
  BEDROCK_TEMPERATURE: z.coerce.number().min(0).max(1).default(0.1),
  BEDROCK_MAX_TOKENS: int(256, 64_000, 4096),
  BEDROCK_MAX_ATTEMPTS: int(1, 10, 4),
  BEDROCK_CALL_TIMEOUT_MS: int(1000, 900_000, 120_000),
  BEDROCK_PROMPT_CACHING: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  // JSON: {"<model id>": {"inputPerMTok": 1, "outputPerMTok": 5}}; merged over the built-in estimates.
  BEDROCK_PRICES: z.string().optional().transform((raw, ctx) => {
    if (!raw) return {};
    try {
      return z.record(z.string(), z.object({ inputPerMTok: z.number().nonnegative(), outputPerMTok: z.number().nonnegative() })).parse(JSON.parse(raw));
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON like {"<model id>":{"inputPerMTok":1,"outputPerMTok":5}}' });
      return {};
    }
  }),
  OFFLINE_LLM_DELAY_MS: int(0, 600_000, 0),
  TOOLS: z.enum(['embedded', 'mcp']).default('embedded'),
  MCP_URL: z.url().optional(),
  MCP_TOKEN: z.string().min(1).optional(),
  MCP_TOKEN_FILE: z.string().min(1).optional(),
  MCP_OAUTH_TOKEN_URL: z.url().optional(),
  MCP_OAUTH_CLIENT_ID: z.string().min(1).optional(),
  MCP_OAUTH_CLIENT_SECRET: z.string().min(1).optional(),
  MCP_OAUTH_SCOPE: z.string().min(1).optional(),
  MCP_LIST_TTL_MS: int(0, 86_400_000, 300_000),
  MCP_RETRIES: int(0, 10, 3),
  DEMO_SCENARIO: z.string().min(1).default('database-configmap-crashloop'),
  TOOL_CALL_TIMEOUT_MS: int(100, 600_000, 30_000),
  MEMORY_BACKEND: z.enum(['none', 'in-memory', 'sqlite', 'agentcore', 'postgres']).default('sqlite'),
  MEMORY_STRATEGIES: list(['preferences', 'infrastructure', 'investigations'], 'preferences,infrastructure,investigations'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier').default('sre_agent'),
  AGENTCORE_MEMORY_ID: z.string().regex(/^([a-zA-Z][a-zA-Z0-9-_]{0,99}-[a-zA-Z0-9]{10}|arn:.+)$/, 'must be a memory id like sre_agent_memory-AbCdE12345, or its ARN').optional(),
  AWS_ENDPOINT_URL_BEDROCK_AGENTCORE: z.url().optional(),
  MEMORY_TIMEOUT_MS: int(100, 120_000, 5_000),
  MEMORY_WRITE_TIMEOUT_MS: int(100, 600_000, 30_000),
  MAX_BODY_BYTES: int(1024, 100 * 1024 * 1024, 100 * 1024 * 1024),
  MAX_CONCURRENT_INVESTIGATIONS: int(1, 100_000, 1000),
  INVESTIGATION_TIMEOUT_MS: int(1000, 8 * 3600_000, 15 * 60_000),
  AGENT_TIMEOUT_MS: int(1000, 3600_000, 120_000),
  AGENT_MAX_TURNS: int(2, 50, 6),
  AGENT_MAX_TOOL_CALLS: int(1, 200, 20),
  TOOL_OUTPUT_MAX_BYTES: int(256, 1024 * 1024, 16_384),
  SPECIALISTS: z.enum(['parallel', 'sequential']).default('parallel'),
  INVESTIGATION_MAX_TOOL_CALLS: int(1, 10_000, 60),
  INVESTIGATION_MAX_MODEL_TURNS: int(1, 1_000, 30),
  SHUTDOWN_DRAIN_MS: int(0, 15 * 60_000, 30_000),
  AUTH_JWT_DISCOVERY_URL: z.url().refine((u) => u.endsWith('/.well-known/openid-configuration'), 'must end with /.well-known/openid-configuration').optional(),
  AUTH_ALLOWED_AUDIENCES: z.string().default('').transform(commaList),
  AUTH_ALLOWED_CLIENTS: z.string().default('').transform(commaList),
  AUTH_ALLOWED_SCOPES: z.string().default('').transform(commaList),
  // OpenTelemetry, under the specification's own names; export is on only with an endpoint.
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  OTEL_EXPORTER_OTLP_HEADERS: z.string().optional().transform((raw, ctx) => {
    const headers = parseOtlpHeaders(raw ?? '');
    if (!headers) ctx.addIssue({ code: 'custom', message: 'must be comma-separated key=value pairs, values URL-encoded' });
    return headers ?? {};
  }),
  OTEL_EXPORTER_OTLP_TIMEOUT: int(100, 120_000, 10_000),
  OTEL_SERVICE_NAME: z.string().min(1).default('sre-agent'),
  OTEL_METRIC_EXPORT_INTERVAL: int(100, 3_600_000, 60_000),
  OTEL_BSP_SCHEDULE_DELAY: int(1, 600_000, 5_000),
}).superRefine((e, ctx) => {
  if (e.AUTH_JWT_DISCOVERY_URL && e.AUTH_ALLOWED_AUDIENCES.length === 0 && e.AUTH_ALLOWED_CLIENTS.length === 0) {
    // Without either list, any token the issuer ever signed (for any application) would get in.
    ctx.addIssue({ code: 'custom', path: ['AUTH_ALLOWED_CLIENTS'], message: 'AUTH_JWT_DISCOVERY_URL needs AUTH_ALLOWED_CLIENTS or AUTH_ALLOWED_AUDIENCES' });
  }
  if (e.MEMORY_BACKEND === 'postgres' && !e.DATABASE_URL) ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'required when MEMORY_BACKEND=postgres' });
  if (e.MEMORY_BACKEND === 'agentcore' && !e.AGENTCORE_MEMORY_ID) ctx.addIssue({ code: 'custom', path: ['AGENTCORE_MEMORY_ID'], message: 'required when MEMORY_BACKEND=agentcore' });
  if (e.TOOLS !== 'mcp') return;
  if (!e.MCP_URL) ctx.addIssue({ code: 'custom', path: ['MCP_URL'], message: 'required when TOOLS=mcp' });
  const sources = [e.MCP_TOKEN, e.MCP_TOKEN_FILE, e.MCP_OAUTH_TOKEN_URL].filter(Boolean).length;
  if (sources !== 1) ctx.addIssue({ code: 'custom', path: ['MCP_TOKEN'], message: 'TOOLS=mcp needs exactly one of MCP_TOKEN, MCP_TOKEN_FILE or MCP_OAUTH_TOKEN_URL' });
  if (e.MCP_OAUTH_TOKEN_URL && (!e.MCP_OAUTH_CLIENT_ID || !e.MCP_OAUTH_CLIENT_SECRET)) {
    ctx.addIssue({ code: 'custom', path: ['MCP_OAUTH_CLIENT_ID'], message: 'MCP_OAUTH_TOKEN_URL needs MCP_OAUTH_CLIENT_ID and MCP_OAUTH_CLIENT_SECRET' });
  }
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
    bedrock: {
      region: e.AWS_REGION, endpoint: e.AWS_ENDPOINT_URL_BEDROCK_RUNTIME, modelId: e.BEDROCK_MODEL_ID,
      modelIds: { ...(e.BEDROCK_MODEL_ID_PLAN ? { plan: e.BEDROCK_MODEL_ID_PLAN } : {}), ...(e.BEDROCK_MODEL_ID_INVESTIGATE ? { investigate: e.BEDROCK_MODEL_ID_INVESTIGATE } : {}), ...(e.BEDROCK_MODEL_ID_SUMMARIZE ? { summarize: e.BEDROCK_MODEL_ID_SUMMARIZE } : {}) },
      temperature: e.BEDROCK_TEMPERATURE, maxTokens: e.BEDROCK_MAX_TOKENS, maxAttempts: e.BEDROCK_MAX_ATTEMPTS,
      callTimeoutMs: e.BEDROCK_CALL_TIMEOUT_MS, promptCaching: e.BEDROCK_PROMPT_CACHING, prices: e.BEDROCK_PRICES,
    },
    tools: {
      mode: e.TOOLS, scenario: e.DEMO_SCENARIO, callTimeoutMs: e.TOOL_CALL_TIMEOUT_MS,
      remote: {
        url: e.MCP_URL, token: e.MCP_TOKEN, tokenFile: e.MCP_TOKEN_FILE, listTtlMs: e.MCP_LIST_TTL_MS, retries: e.MCP_RETRIES,
        oauth: e.MCP_OAUTH_TOKEN_URL ? { tokenUrl: e.MCP_OAUTH_TOKEN_URL, clientId: e.MCP_OAUTH_CLIENT_ID ?? '', clientSecret: e.MCP_OAUTH_CLIENT_SECRET ?? '', scope: e.MCP_OAUTH_SCOPE } : undefined,
      },
    },
    memory: {
      backend: e.MEMORY_BACKEND, strategies: e.MEMORY_STRATEGIES, dataDir: e.DATA_DIR,
      databaseUrl: e.DATABASE_URL, databaseSchema: e.DATABASE_SCHEMA,
      agentcore: { memoryId: e.AGENTCORE_MEMORY_ID, region: e.AWS_REGION, endpoint: e.AWS_ENDPOINT_URL_BEDROCK_AGENTCORE },
      recallTimeoutMs: e.MEMORY_TIMEOUT_MS, writeTimeoutMs: e.MEMORY_WRITE_TIMEOUT_MS,
    },
    investigation: {
      maxConcurrent: e.MAX_CONCURRENT_INVESTIGATIONS,
      deadlineMs: e.INVESTIGATION_TIMEOUT_MS,
      budget: { maxToolCalls: e.INVESTIGATION_MAX_TOOL_CALLS, maxModelTurns: e.INVESTIGATION_MAX_MODEL_TURNS },
      limits: { maxTurns: e.AGENT_MAX_TURNS, agentDeadlineMs: e.AGENT_TIMEOUT_MS, toolOutputBytes: e.TOOL_OUTPUT_MAX_BYTES, maxToolCalls: e.AGENT_MAX_TOOL_CALLS, maxTokens: 4096, sessionTurns: 5, specialists: e.SPECIALISTS },
    },
    shutdownDrainMs: e.SHUTDOWN_DRAIN_MS,
    auth: e.AUTH_JWT_DISCOVERY_URL
      ? { discoveryUrl: e.AUTH_JWT_DISCOVERY_URL, allowedAudiences: e.AUTH_ALLOWED_AUDIENCES, allowedClients: e.AUTH_ALLOWED_CLIENTS, allowedScopes: e.AUTH_ALLOWED_SCOPES, fetchTimeoutMs: 5_000 }
      : undefined,
    telemetry: {
      endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, headers: e.OTEL_EXPORTER_OTLP_HEADERS, serviceName: e.OTEL_SERVICE_NAME,
      exportTimeoutMs: e.OTEL_EXPORTER_OTLP_TIMEOUT, metricIntervalMs: e.OTEL_METRIC_EXPORT_INTERVAL, spanDelayMs: e.OTEL_BSP_SCHEDULE_DELAY,
    },
  });
}

export type AppConfig = ReturnType<typeof loadConfig>;
