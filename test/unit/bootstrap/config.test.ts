import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/bootstrap/config.js';

describe('loadConfig', () => {
  it('runs on defaults with no environment', () => {
    const config = loadConfig({});
    expect(config.http).toEqual({ host: '0.0.0.0', port: 8080, maxBodyBytes: 104_857_600 });
    expect(config.llm.provider).toBe('offline');
    expect(config.memory.strategies).toEqual(['preferences', 'infrastructure', 'investigations']);
  });

  it('lists every bad key at once', () => {
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', MEMORY_STRATEGIES: 'preferences,gossip' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/LOG_LEVEL/);
      expect(problems).toMatch(/MEMORY_STRATEGIES: unknown gossip/);
    }
  });

  it('keeps memory in SQLite under DATA_DIR by default, and checks what each backend needs', () => {
    expect(loadConfig({}).memory).toMatchObject({ backend: 'sqlite', dataDir: './data', recallTimeoutMs: 5_000 });
    expect(() => loadConfig({ MEMORY_BACKEND: 'postgres' })).toThrow(/DATABASE_URL: required when MEMORY_BACKEND=postgres/);
    expect(() => loadConfig({ MEMORY_BACKEND: 'postgres', DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
    expect(() => loadConfig({ MEMORY_BACKEND: 'agentcore' })).toThrow(/AGENTCORE_MEMORY_ID: required/);
    expect(() => loadConfig({ MEMORY_BACKEND: 'agentcore', AGENTCORE_MEMORY_ID: 'no spaces allowed' })).toThrow(/AGENTCORE_MEMORY_ID: must be a memory id/);
    expect(() => loadConfig({ MEMORY_BACKEND: 'redis' })).toThrow(/MEMORY_BACKEND/);
    expect(() => loadConfig({ DATABASE_SCHEMA: 'drop table;' })).toThrow(/DATABASE_SCHEMA/);
    const ac = loadConfig({ MEMORY_BACKEND: 'agentcore', AGENTCORE_MEMORY_ID: 'sre_agent_memory-AbCdE12345', AWS_REGION: 'eu-west-1' });
    expect(ac.memory.agentcore).toEqual({ memoryId: 'sre_agent_memory-AbCdE12345', region: 'eu-west-1', endpoint: undefined });
    expect(loadConfig({ MEMORY_BACKEND: 'postgres', DATABASE_URL: 'postgres://u:p@db:5432/sre' }).memory.databaseSchema).toBe('sre_agent');
    expect(loadConfig({ SPECIALISTS: 'sequential' }).investigation.limits.specialists).toBe('sequential');
    expect(() => loadConfig({ SPECIALISTS: 'random' })).toThrow(/SPECIALISTS/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).http.port).toBe(8080);
  });
});

describe('loadConfig for remote tools and Bedrock', () => {
  it('requires a URL and exactly one token source when TOOLS=mcp', () => {
    expect(() => loadConfig({ TOOLS: 'mcp' })).toThrow(/MCP_URL: required when TOOLS=mcp[\s\S]*MCP_TOKEN: TOOLS=mcp needs exactly one/);
    expect(() => loadConfig({ TOOLS: 'mcp', MCP_URL: 'http://127.0.0.1:8000/mcp', MCP_TOKEN: 't', MCP_TOKEN_FILE: '/x' })).toThrow(/exactly one/);
    expect(() => loadConfig({ TOOLS: 'mcp', MCP_URL: 'http://127.0.0.1:8000/mcp', MCP_OAUTH_TOKEN_URL: 'https://auth.example.com/oauth2/token' })).toThrow(/MCP_OAUTH_CLIENT_ID/);
    expect(loadConfig({ TOOLS: 'mcp', MCP_URL: 'http://127.0.0.1:8000/mcp', MCP_TOKEN: 't' }).tools.remote.url).toBe('http://127.0.0.1:8000/mcp');
  });

  it('reads the Bedrock settings with per-purpose model ids', () => {
    const config = loadConfig({ LLM_PROVIDER: 'bedrock', AWS_REGION: 'eu-west-1', BEDROCK_MODEL_ID_SUMMARIZE: 'cheap-model', BEDROCK_PROMPT_CACHING: 'true' });
    expect(config.bedrock).toMatchObject({ region: 'eu-west-1', modelId: 'global.anthropic.claude-haiku-4-5-20251001-v1:0', modelIds: { summarize: 'cheap-model' }, promptCaching: true });
  });
});
