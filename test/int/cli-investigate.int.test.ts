import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// tsx, not the bundle: another suite rebuilds dist concurrently.
const ENTRY = 'test/support/cli-entry.ts';
const ENV = { LLM_PROVIDER: 'offline', TOOLS: 'embedded', DEMO_SCENARIO: 'database-configmap-crashloop', OFFLINE_LLM_DELAY_MS: '0' };

interface Run { readonly code: number | null; readonly stdout: string; readonly stderr: string }

function cli(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', ENTRY, ...args], { env: { ...process.env, ...ENV }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

let out: string;
beforeAll(async () => { out = await mkdtemp(join(tmpdir(), 'cli-int-')); });
afterAll(async () => { await rm(out, { recursive: true, force: true }); });

describe('sre-agent investigate', () => {
  it('streams progress on stderr, prints the report on stdout and saves it', async () => {
    const dir = join(out, 'md');
    const run = await cli(['investigate', 'Why is the database pod restarting?', '--out', dir, '--user', 'alice']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('database-config');
    expect(run.stderr).toMatch(/^plan \(/m);
    expect(run.stderr).toMatch(/^tool call \w+ → /m);
    expect(run.stderr).toMatch(/^agent \w+ finished step \d+: completed/m);
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{4}-\d{2}-\d{2}-why-is-the-database-pod-restarting-alice\.md$/);
    expect(run.stderr).toContain(join(dir, files[0]!));
    const text = await readFile(join(dir, files[0]!), 'utf8');
    expect(text).toContain('**Question:** Why is the database pod restarting?');
    expect(text).toContain('database-config');
  });

  it('--json prints the wire output; --no-save writes nothing', async () => {
    const dir = join(out, 'json');
    const run = await cli(['investigate', 'Why is the database pod restarting?', '--json', '--no-save', '--out', dir]);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as { status: string; message: string; model: string; plan: unknown };
    expect(json.status).toBe('completed');
    expect(json.message).toContain('database-config');
    expect(json.plan).not.toBeNull();
    expect(existsSync(dir)).toBe(false);
  });

  it('--approve-plan=false stops at the plan', async () => {
    const run = await cli(['investigate', 'Why is the database pod restarting?', '--approve-plan=false', '--no-save']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Investigation Plan');
    expect(run.stderr).toContain('[awaiting approval]');
  });
});

describe('sre-agent chat', () => {
  it('runs a session from piped stdin: plan, approval, report, follow-up, history', async () => {
    const lines = ['Why is the database pod restarting?', '/approve', 'What should I do first?', '/history', '/quit'];
    const run = await cli(['chat', '--user', 'bob', '--out', join(out, 'chat')], `${lines.join('\n')}\n`);
    expect(run.code, run.stderr).toBe(0);
    const plan = run.stdout.indexOf('The plan awaits approval');
    const report = run.stdout.indexOf('## Investigation Results');
    const followUp = run.stdout.indexOf('## Follow-up');
    const history = run.stdout.indexOf('History:');
    expect(plan).toBeGreaterThanOrEqual(0);
    expect(report).toBeGreaterThan(plan);
    expect(followUp).toBeGreaterThan(report);
    expect(history).toBeGreaterThan(followUp);
    expect(run.stdout).toContain('database-config');
    expect(run.stdout).toContain('1. [completed] Why is the database pod restarting?');
    expect(run.stdout).toContain('2. [completed] What should I do first?');
    expect(run.stdout).not.toContain('sre> ');
  });
});
