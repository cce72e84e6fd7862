import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/bootstrap/config.js';
import { type RunningServer, startServer } from '../../src/bootstrap/server.js';
import { FakeAgentCoreControl, FakeAgentCoreRuntime } from '../support/fake-agentcore.js';

// The CLI as a child process, through tsx (not the bundle: bundle.int.test.ts rebuilds dist).
// Until src/bootstrap/cli.ts registers these commands, a minimal program with them stands in.
const registered = readFileSync('src/bootstrap/cli.ts', 'utf8').includes('invokeCommand');
const STANDIN = `
import { Command, CommanderError } from 'commander';
import { invokeCommand } from './src/bootstrap/commands/invoke-command.ts';
import { deployCommands } from './src/bootstrap/commands/deploy-command.ts';
const program = new Command('sre-agent').addCommand(invokeCommand());
for (const c of deployCommands()) program.addCommand(c);
program.parseAsync(process.argv.slice(1), { from: 'user' }).catch((e) => {
  if (e instanceof CommanderError) process.exit(e.exitCode);
  console.error(e instanceof Error ? e.name + ': ' + e.message : String(e)); process.exit(1);
});`;

interface Run { code: number | null; stdout: string; stderr: string }

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const entry = registered ? ['src/bootstrap/cli.ts'] : ['-e', STANDIN];
  const child = spawn('node_modules/.bin/tsx', [...entry, ...args], {
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDFAKE', AWS_SECRET_ACCESS_KEY: 'fake', AWS_REGION: 'us-east-1', AWS_PROFILE: '', AWS_EC2_METADATA_DISABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

const ARN = 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/sre_agent-abc123XYZ';
const QUESTION = 'Why is the database pod restarting?';

describe('sre-agent invoke --url against the real runtime', () => {
  let server: RunningServer;
  beforeAll(async () => { server = await startServer(loadConfig({ MEMORY_BACKEND: 'in-memory', PORT: '0', HOST: '127.0.0.1' })); }, 60_000);
  afterAll(async () => { await server.stop(); });

  it('streams the events, one line each, then prints the report', async () => {
    const run = await cli(['invoke', QUESTION, '--url', `http://127.0.0.1:${server.port}`]);
    expect(run.stderr).not.toMatch(/fail|error/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/📋 plan/);
    expect(run.stdout).toMatch(/🧭 \w+ started step 1/);
    expect(run.stdout).toMatch(/✅ \w+ finished step/);
    expect(run.stdout).toContain('database-config');
    expect(run.stdout).toMatch(/status: completed · session: sre-agent-/);
  }, 60_000);

  it('--json prints the final output object', async () => {
    const run = await cli(['invoke', QUESTION, '--url', `http://127.0.0.1:${server.port}`, '--json', '--no-stream', '--session', 'my-session-1']);
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout) as { status: string; message: string; session_id: string };
    expect(output.status).toBe('completed');
    expect(output.message).toContain('database-config');
    expect(output.session_id).toBe('my-session-1');
  }, 60_000);
});

describe('sre-agent invoke against fakes of AgentCore', () => {
  const runtime = new FakeAgentCoreRuntime();
  const env = () => ({ AWS_ENDPOINT_URL_BEDROCK_AGENTCORE: runtime.url });
  beforeAll(async () => { await runtime.start(); });
  afterAll(async () => { await runtime.stop(); });
  beforeEach(() => { runtime.requests.length = 0; runtime.mode = 'sse'; });

  it('--arn sends InvokeAgentRuntime as the SDK serializes it and renders the stream', async () => {
    const run = await cli(['invoke', QUESTION, '--arn', ARN, '--user', 'alice'], env());
    expect(run.stderr).not.toMatch(/fail|error/i); // the SDK may warn about the Node version
    expect(run.code).toBe(0);
    expect(runtime.requests).toHaveLength(1);
    const [req] = runtime.requests;
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe(`/runtimes/${encodeURIComponent(ARN)}/invocations`);
    expect(req?.query).toEqual({ qualifier: 'DEFAULT' });
    expect(String(req?.headers['x-amzn-bedrock-agentcore-runtime-session-id']).length).toBeGreaterThanOrEqual(33);
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.headers['accept']).toBe('text/event-stream');
    expect(String(req?.headers['authorization'])).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDFAKE\/\d{8}\/us-east-1\/bedrock-agentcore\//);
    expect(JSON.parse(req?.body ?? '')).toEqual({ prompt: QUESTION, user_id: 'alice' });
    expect(run.stdout).toContain('🔧 kubernetes → get_pod_status({"namespace":"production"})');
    expect(run.stdout).toContain('database-config');
  }, 30_000);

  it('--arn --no-stream with a qualifier and a session reads the JSON answer', async () => {
    runtime.mode = 'json';
    const session = 's'.repeat(40);
    const run = await cli(['invoke', QUESTION, '--arn', ARN, '--no-stream', '--qualifier', 'canary', '--session', session, '--json'], env());
    expect(run.code).toBe(0);
    const [req] = runtime.requests;
    expect(req?.query).toEqual({ qualifier: 'canary' });
    expect(req?.headers['accept']).toBe('application/json');
    expect(req?.headers['x-amzn-bedrock-agentcore-runtime-session-id']).toBe(session);
    expect(JSON.parse(req?.body ?? '')).toEqual({ prompt: QUESTION, user_id: 'default_user', session_id: session });
    expect((JSON.parse(run.stdout) as { status: string }).status).toBe('completed');
  }, 30_000);

  it('a 500 is reported once, exit 1, and the investigation is not retried', async () => {
    runtime.mode = 'http-500';
    const viaArn = await cli(['invoke', QUESTION, '--arn', ARN], env());
    expect(viaArn.code).toBe(1);
    expect(viaArn.stderr).toMatch(/InternalServerException/);
    expect(runtime.requests).toHaveLength(1);
    const viaUrl = await cli(['invoke', QUESTION, '--url', runtime.url]);
    expect(viaUrl.code).toBe(1);
    expect(viaUrl.stderr).toMatch(/HTTP 500/);
    expect(runtime.requests).toHaveLength(2);
    expect(runtime.requests[1]?.path).toBe('/invocations');
  }, 30_000);

  it('an error event ends the stream with exit 1', async () => {
    runtime.mode = 'error-event';
    const run = await cli(['invoke', QUESTION, '--arn', ARN], env());
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\(llm_unavailable\): the model is down/);
    expect(run.stdout).toContain('🧭 kubernetes started step 1');
  }, 30_000);

  it('needs --url or --arn, and a 33-character session for AgentCore (exit 2)', async () => {
    expect((await cli(['invoke', QUESTION])).code).toBe(2);
    expect((await cli(['invoke', QUESTION, '--arn', ARN, '--session', 'short'], env())).code).toBe(2);
    expect(runtime.requests).toHaveLength(0);
  }, 30_000);
});

describe('sre-agent deploy / status / destroy against a fake control plane', () => {
  const control = new FakeAgentCoreControl();
  const env = () => ({ AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL: control.url });
  const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/sre-agent:v1';
  const ROLE = 'arn:aws:iam::123456789012:role/sre-agent-runtime';
  const deploy = (...extra: string[]) => cli(['deploy', '--image', IMAGE, '--role-arn', ROLE, '--poll-interval', '0.02', ...extra], env());
  const routes = () => control.requests.map((r) => `${r.method} ${r.path}`);
  beforeAll(async () => { await control.start(); control.seed('other_team_agent'); control.seed('another_agent'); });
  afterAll(async () => { await control.stop(); });
  beforeEach(() => { control.requests.length = 0; });

  it('creates the runtime on the first deploy, polls until READY, prints the ARN', async () => {
    const run = await deploy('--env', 'LLM_PROVIDER=bedrock', '--env', 'LOG_LEVEL=info', '--jwt-discovery-url', 'https://idp.example.com/.well-known/openid-configuration', '--allowed-client', 'cli-app');
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.code).toBe(0);
    const created = [...control.runtimes.values()].find((r) => r.name === 'sre_agent');
    expect(run.stdout.trim()).toBe(created?.arn);
    // Two pages of ListAgentRuntimes (page size 1, two other runtimes), then create, then GET until READY.
    expect(routes()).toEqual(['POST /runtimes/', 'POST /runtimes/', 'PUT /runtimes/', `GET /runtimes/${created?.id}/`, `GET /runtimes/${created?.id}/`]);
    expect(control.requests[1]?.query['nextToken']).toBe('1');
    const body = JSON.parse(control.requests[2]?.body ?? '') as Record<string, unknown>;
    expect(body).toMatchObject({
      agentRuntimeName: 'sre_agent', roleArn: ROLE,
      agentRuntimeArtifact: { containerConfiguration: { containerUri: IMAGE } },
      networkConfiguration: { networkMode: 'PUBLIC' }, protocolConfiguration: { serverProtocol: 'HTTP' },
      environmentVariables: { LLM_PROVIDER: 'bedrock', LOG_LEVEL: 'info' },
      authorizerConfiguration: { customJWTAuthorizer: { discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration', allowedClients: ['cli-app'] } },
    });
    expect(String(body['clientToken']).length).toBeGreaterThanOrEqual(33);
  }, 30_000);

  it('updates in place on the second deploy (no delete), and status shows the new version', async () => {
    const id = [...control.runtimes.values()].find((r) => r.name === 'sre_agent')?.id;
    const run = await deploy('--image', IMAGE.replace(':v1', ':v2'));
    expect(run.code).toBe(0);
    expect(routes()).toEqual(['POST /runtimes/', 'POST /runtimes/', 'POST /runtimes/', `PUT /runtimes/${id}/`, `GET /runtimes/${id}/`, `GET /runtimes/${id}/`]);
    expect(routes().some((r) => r.startsWith('DELETE'))).toBe(false);
    expect(JSON.parse(control.requests[3]?.body ?? '')).toMatchObject({ agentRuntimeArtifact: { containerConfiguration: { containerUri: IMAGE.replace(':v1', ':v2') } } });
    const status = await cli(['status'], env());
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('status: READY');
    expect(status.stdout).toContain('version: 2');
    expect(status.stdout).toContain(`arn: arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/${id}`);
  }, 30_000);

  it('rejects a bad name and an incomplete VPC with exit 2 before any request', async () => {
    const badName = await deploy('--name', 'sre-agent');
    expect(badName.code).toBe(2);
    expect(badName.stderr).toMatch(/no hyphens/);
    const vpc = await deploy('--name', 'vpc_agent', '--network', 'VPC', '--subnet', 'subnet-1');
    expect(vpc.code).toBe(2);
    expect(vpc.stderr).toMatch(/--security-group/);
    expect(control.requests).toHaveLength(0);
  }, 30_000);

  it('fails with exit 1 when the runtime ends in CREATE_FAILED', async () => {
    control.finalStatus = 'CREATE_FAILED';
    try {
      const run = await deploy('--name', 'broken_agent');
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/CREATE_FAILED: image pull failed/);
    } finally {
      control.finalStatus = 'READY';
    }
  }, 30_000);

  it('destroy refuses without --yes off a terminal, deletes with it', async () => {
    const refused = await cli(['destroy'], env());
    expect(refused.code).toBe(2);
    expect(routes().some((r) => r.startsWith('DELETE'))).toBe(false);
    const id = [...control.runtimes.values()].find((r) => r.name === 'sre_agent')?.id;
    const done = await cli(['destroy', '--yes'], env());
    expect(done.code).toBe(0);
    expect(routes()).toContain(`DELETE /runtimes/${id}/`);
    expect([...control.runtimes.values()].map((r) => r.name)).not.toContain('sre_agent');
    expect((await cli(['status'], env())).code).toBe(1);
  }, 30_000);
});
