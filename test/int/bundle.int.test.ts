import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonLogger } from '../../src/adapters/shared/logger.js';
import { loadConfig } from '../../src/bootstrap/config.js';
import { startServer } from '../../src/bootstrap/server.js';
import { FakeBedrock, toolUse, turn } from '../support/fake-bedrock.js';
import { freePort, spawnNode, waitForPing } from '../support/processes.js';

// The production entry as the container runs it: `node dist/main.mjs`, configured by environment.
beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'pipe' });
}, 120_000);

describe('the bundled runtime', () => {
  it('builds both entries', () => {
    expect(existsSync('dist/main.mjs')).toBe(true);
    expect(existsSync('dist/cli.mjs')).toBe(true);
  });

  it('serves an investigation, then exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const server = spawnNode(['dist/main.mjs'], { PORT: String(port), HOST: '127.0.0.1' });
    try {
      await waitForPing(port, server);
      const res = await fetch(`http://127.0.0.1:${port}/invocations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt: 'Why is the database pod restarting?' }) });
      const body = await res.json() as { output: { status: string; message: string } };
      expect(body.output.status).toBe('completed');
      expect(body.output.message).toContain('database-config');
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
    const lines = server.stdout().trim().split('\n').map((l) => JSON.parse(l) as { message: string });
    expect(lines.map((l) => l.message)).toContain('listening');
  });

  it('stops at start when a scenario file is invalid, naming the file and the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bad-scenario-'));
    try {
      cpSync('scenarios/database-configmap-crashloop', dir, { recursive: true });
      const pods = JSON.parse(readFileSync(join(dir, 'k8s/pods.json'), 'utf8')) as { pods: Record<string, unknown>[] };
      pods.pods[0]!['restart_count'] = 'many';
      writeFileSync(join(dir, 'k8s/pods.json'), JSON.stringify(pods));
      const server = spawnNode(['dist/main.mjs'], { PORT: String(await freePort()), DEMO_SCENARIO: dir });
      expect(await server.exited).toBe(1);
      expect(server.stderr()).toMatch(/k8s\/pods\.json: pods\.0\.restart_count/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('drains on SIGTERM: new work gets 503, five slow investigations in flight all complete, exit 0', async () => {
    const port = await freePort();
    const server = spawnNode(['dist/main.mjs'], { PORT: String(port), HOST: '127.0.0.1', OFFLINE_LLM_DELAY_MS: '150', SHUTDOWN_DRAIN_MS: '30000' });
    await waitForPing(port, server);
    const url = `http://127.0.0.1:${port}/invocations`;
    const ask = (prompt: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt }) });
    const inFlight = Array.from({ length: 5 }, (_, i) => ask(`Why is web-service slow? (${i})`).then(async (r) => ({ status: r.status, body: await r.json() as { output: { status: string } } })));
    const busy = async () => ((await (await fetch(`http://127.0.0.1:${port}/ping`)).json()) as { status: string }).status === 'HealthyBusy';
    while (!(await busy())) await new Promise((r) => setTimeout(r, 20));
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    const refused = await ask('One more?');
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('shutting_down');
    const done = await Promise.all(inFlight);
    expect(done.map((d) => [d.status, d.body.output.status])).toEqual(Array(5).fill([200, 'completed']));
    expect(await server.exited).toBe(0);
    const messages = server.stdout().trim().split('\n').map((l) => (JSON.parse(l) as { message: string }).message);
    expect(messages).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
  });

  it('stops at start with every bad setting named', async () => {
    const server = spawnNode(['dist/main.mjs'], { PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(await server.exited).toBe(1);
    expect(server.stderr()).toMatch(/PORT/);
    expect(server.stderr()).toMatch(/LOG_LEVEL/);
  });
});

describe('the sre-agent command', () => {
  it('prints help', async () => {
    const cli = spawnNode(['bin/sre-agent.mjs', '--help']);
    expect(await cli.exited).toBe(0);
    for (const command of ['serve', 'tools', 'eval', 'graph']) expect(cli.stdout()).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it('serves with `serve --port`', async () => {
    const port = await freePort();
    const cli = spawnNode(['bin/sre-agent.mjs', 'serve', '--port', String(port), '--host', '127.0.0.1']);
    try {
      await waitForPing(port, cli);
    } finally {
      cli.child.kill('SIGTERM');
    }
    expect(await cli.exited).toBe(0);
  });

  it('rejects an unknown command', async () => {
    const cli = spawnNode(['bin/sre-agent.mjs', 'frobnicate']);
    expect(await cli.exited).toBe(1);
    expect(cli.stderr()).toContain("unknown command 'frobnicate'");
  });

  it('draws the investigation graph as Mermaid', async () => {
    const cli = spawnNode(['bin/sre-agent.mjs', 'graph', '--mermaid']);
    expect(await cli.exited).toBe(0);
    expect(cli.stdout()).toMatch(/^graph TD;/m);
    for (const edge of ['__start__ --> prepare', 'prepare --> supervisor', 'supervisor --> approval', 'approval -.-> kubernetes', 'runbooks --> join', 'aggregate --> __end__']) expect(cli.stdout()).toContain(edge);
  });
});

describe('sre-agent eval', () => {
  const temps: string[] = [];
  const temp = (prefix: string) => { const dir = mkdtempSync(join(tmpdir(), prefix)); temps.push(dir); return dir; };
  afterAll(() => { for (const dir of temps) rmSync(dir, { recursive: true, force: true }); });

  it('scores the default scenario at 100% and writes the JSON report', async () => {
    const out = join(temp('eval-'), 'eval.json');
    const cli = spawnNode(['bin/sre-agent.mjs', 'eval', '--scenarios', 'scenarios/database-configmap-crashloop', '--out', out]);
    expect(await cli.exited).toBe(0);
    expect(cli.stdout()).toMatch(/database-configmap-crashloop\s+100%/);
    const report = JSON.parse(readFileSync(out, 'utf8')) as { rows: { score: number; toolCalls: number }[] };
    expect(report.rows[0]?.score).toBe(1);
    expect(report.rows[0]?.toolCalls).toBeGreaterThan(0);
  });

  it('exits non-zero when a scenario scores below the threshold', async () => {
    const dir = temp('scenario-');
    cpSync('scenarios/database-configmap-crashloop', dir, { recursive: true });
    const meta = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8')) as { expected: { must_mention: string[][] } };
    meta.expected.must_mention.push(['a-term-no-report-contains']);
    writeFileSync(join(dir, 'scenario.json'), JSON.stringify(meta));
    const cli = spawnNode(['bin/sre-agent.mjs', 'eval', '--scenarios', dir, '--out', join(dir, 'eval.json'), '--min-score', '90']);
    expect(await cli.exited).toBe(1);
    expect(cli.stdout()).toMatch(/83%/); // 5 of 6 checks: 4 mention groups, 1 not-blamed, the culprit
    expect(cli.stderr()).toContain('Below the minimum score of 90%');
  });
});

describe('sre-agent tools serve', () => {
  it('serves the tools over MCP with a bearer token, and the runtime investigates through it with TOOLS=mcp', async () => {
    const port = await freePort();
    const tools = spawnNode(['bin/sre-agent.mjs', 'tools', 'serve', '--port', String(port)], { MCP_TOKEN: 'demo-token-123' });
    try {
      const until = Date.now() + 30_000;
      while (Date.now() < until) {
        try { if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) break; } catch { /* not yet */ }
        await new Promise((r) => setTimeout(r, 100));
      }
      const denied = await fetch(`http://127.0.0.1:${port}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(denied.status).toBe(401);
      const runtime = await startServer(loadConfig({ MEMORY_BACKEND: 'in-memory', PORT: '0', HOST: '127.0.0.1', TOOLS: 'mcp', MCP_URL: `http://127.0.0.1:${port}/mcp`, MCP_TOKEN: 'demo-token-123' }), { logger: new JsonLogger({ level: 'error', write: () => {} }) });
      try {
        const res = await fetch(`http://127.0.0.1:${runtime.port}/invocations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt: 'Why is the database pod restarting?' }) });
        const { output } = await res.json() as { output: { status: string; message: string; usage: { tool_calls: number } } };
        expect(output.status).toBe('completed');
        expect(output.usage.tool_calls).toBeGreaterThan(5);
        expect(output.message).toContain('database-config');
        expect(output.message).not.toContain('### Not checked');
      } finally {
        await runtime.stop();
      }
    } finally {
      tools.child.kill('SIGTERM');
    }
    expect(await tools.exited).toBe(0);
    expect(tools.stdout()).not.toContain('demo-token-123');
  });

  it('refuses to start without a token', async () => {
    const tools = spawnNode(['bin/sre-agent.mjs', 'tools', 'serve', '--port', '0'], { MCP_TOKEN: '' });
    expect(await tools.exited).toBe(1);
    expect(tools.stderr()).toContain('needs a token');
  });
});

describe('the bundled runtime on Bedrock', () => {
  it('completes an investigation against a wire-level fake Bedrock with LLM_PROVIDER=bedrock, usage included', async () => {
    const fake = await FakeBedrock.start();
    fake.script(
      toolUse('submit_plan', { steps: [{ agent: 'kubernetes', goal: 'check the database pod' }], complexity: 'simple', auto_execute: true, reasoning: 'pods first' }, 'tu_plan', { inputTokens: 900, outputTokens: 60 }),
      turn({ text: 'Checking pods.', toolUses: [{ id: 'tu_pods', name: 'k8s-api___get_pod_status', input: { namespace: 'production' } }], usage: { inputTokens: 1200, outputTokens: 40 } }),
      toolUse('submit_finding', { summary: 'database-pod-7b9c4d8f2a-x5m1q is in CrashLoopBackOff', evidence: [{ tool: 'get_pod_status', excerpt: 'database-pod-7b9c4d8f2a-x5m1q CrashLoopBackOff, 15 restarts' }], causes: [{ description: 'database pod crash-loops', component: 'database-pod-7b9c4d8f2a-x5m1q', confidence: 0.9 }] }, 'tu_finding', { inputTokens: 5000, outputTokens: 200 }),
      toolUse('submit_report', { root_cause: 'database-pod-7b9c4d8f2a-x5m1q crash-loops: ConfigMap database-config is missing', impact: 'web-service slow', severity: 'critical', next_steps: { now: ['Restore the ConfigMap'] }, escalation: 'Page the database on-call' }, 'tu_report', { inputTokens: 3000, outputTokens: 300 }),
    );
    const port = await freePort();
    const server = spawnNode(['dist/main.mjs'], {
      PORT: String(port), HOST: '127.0.0.1', LLM_PROVIDER: 'bedrock', AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_BEDROCK_RUNTIME: fake.url,
      AWS_ACCESS_KEY_ID: 'AKIDFAKE', AWS_SECRET_ACCESS_KEY: 'fake-secret', BEDROCK_MAX_ATTEMPTS: '1',
    });
    try {
      await waitForPing(port, server);
      const res = await fetch(`http://127.0.0.1:${port}/invocations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt: 'Why is the database pod restarting?' }) });
      const { output } = await res.json() as { output: { status: string; message: string; usage: { llm_calls: number; tool_calls: number; input_tokens: number; cost_usd: number; by_agent: Record<string, { llm_calls: number }> } } };
      expect(output.status).toBe('completed');
      expect(output.message).toContain('ConfigMap database-config is missing');
      expect(output.usage).toMatchObject({ llm_calls: 4, tool_calls: 1, input_tokens: 10_100 });
      expect(output.usage.cost_usd).toBeGreaterThan(0);
      expect(output.usage.by_agent['kubernetes']?.llm_calls).toBe(2);
      expect(fake.requests.map((r) => r.modelId)).toEqual(Array(4).fill('global.anthropic.claude-haiku-4-5-20251001-v1:0'));
      expect(String(fake.requests[0]?.headers['authorization'])).toContain('/eu-west-1/bedrock/aws4_request');
    } finally {
      server.child.kill('SIGTERM');
      await fake.close();
    }
    expect(await server.exited).toBe(0);
    expect(server.stdout()).toContain('"message":"bedrock model call"');
    expect(server.stdout()).not.toContain('fake-secret');
  });
});
