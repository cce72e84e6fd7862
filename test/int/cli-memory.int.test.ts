import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Each command is its own process over the same DATA_DIR: every step below is also a restart.
const ENTRY = 'test/support/cli-entry.ts';
let dataDir: string;
let out: string;

interface Run { readonly code: number | null; readonly stdout: string; readonly stderr: string }

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', ENTRY, ...args], {
      env: { ...process.env, LLM_PROVIDER: 'offline', TOOLS: 'embedded', DEMO_SCENARIO: 'database-configmap-crashloop', MEMORY_BACKEND: 'sqlite', DATA_DIR: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cli-memory-'));
  out = join(dataDir, 'reports');
});
afterAll(async () => { await rm(dataDir, { recursive: true, force: true }); });

const QUESTION = 'Why is the database pod restarting?';

describe('sre-agent memory and personalised reports (SQLite)', () => {
  let alice = '';
  let carol = '';

  it('seeds the built-in personas, and seeding again replaces rather than duplicates', async () => {
    const first = await cli(['memory', 'seed']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^alice: 4 records$/m);
    expect(first.stdout).toMatch(/^carol: 4 records$/m);
    expect((await cli(['memory', 'seed'])).code).toBe(0);
    const list = await cli(['memory', 'list', '--actor', 'alice', '--kind', 'preference']);
    expect(list.stdout.trim().split('\n')).toHaveLength(4);
    expect(list.stdout).toContain('alice.manager@company.com');
    expect(list.stdout).not.toContain('carol');
  }, 60_000);

  it('gives Alice and Carol different reports for the same question, each with their own contacts, Carol\'s shorter', async () => {
    const [a, c] = await Promise.all([
      cli(['investigate', QUESTION, '--user', 'Alice', '--out', out]),
      cli(['investigate', QUESTION, '--user', 'Carol', '--out', out]),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(c.code, c.stderr).toBe(0);
    alice = a.stdout;
    carol = c.stdout;
    expect(alice).toContain('alice.manager@company.com');
    expect(alice).toContain('#alice-alerts');
    expect(alice).toContain('### Findings by specialist');
    expect(carol).toContain('carol.director@company.com');
    expect(carol).toContain('#carol-executive');
    expect(carol).not.toContain('### Findings by specialist');
    expect(carol).not.toContain('### Runbook steps');
    expect(carol).not.toContain('alice');
    expect(alice).not.toContain('carol');
    expect(carol.length).toBeLessThan(alice.length * 0.7);
    // Both found the same cause: memory shapes the report, not the diagnosis.
    expect(alice).toContain('database-config');
    expect(carol).toContain('database-config');
  }, 90_000);

  it('recalls Alice\'s earlier investigation in a later process, and only hers', async () => {
    const later = await cli(['investigate', 'The database pod keeps restarting again, what is going on?', '--user', 'alice', '--out', out]);
    expect(later.code, later.stderr).toBe(0);
    expect(later.stdout).toContain('### Related past investigations');
    expect(later.stdout).toContain(`"${QUESTION}"`);
    const list = await cli(['memory', 'list', '--actor', 'alice', '--kind', 'investigation', '--json']);
    const rows = JSON.parse(list.stdout) as { actor: string; record: { summary: { question: string } } }[];
    expect(rows.map((r) => r.record.summary.question)).toEqual([QUESTION, 'The database pod keeps restarting again, what is going on?']);
    expect(rows.every((r) => r.actor === 'alice')).toBe(true);
  }, 60_000);

  it('seeds from a file, deletes by user and kind, and refuses to delete without saying what', async () => {
    const file = join(dataDir, 'seed.json');
    await writeFile(file, JSON.stringify({ dave: [{ category: 'notification', text: 'page #dave-room', values: { channel: '#dave-room' } }] }));
    expect((await cli(['memory', 'seed', file])).stdout).toMatch(/^dave: 1 record$/m);
    const refused = await cli(['memory', 'delete']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/say what to delete/);
    expect((await cli(['memory', 'delete', '--actor', 'carol', '--kind', 'investigation'])).stdout).toMatch(/^deleted 1 record$/m);
    expect((await cli(['memory', 'delete', '--actor', 'dave'])).stdout).toMatch(/^deleted 1 record$/m);
    expect((await cli(['memory', 'list', '--actor', 'dave'])).stdout.trim()).toBe('(nothing stored)');
    const bad = await cli(['memory', 'seed', join(dataDir, 'missing.json')]);
    expect(bad.code).toBe(1);
  }, 60_000);

  it('refuses administration on a backend that keeps nothing', async () => {
    const run = await cli(['memory', 'list'], { MEMORY_BACKEND: 'in-memory' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/MEMORY_BACKEND=in-memory keeps nothing/);
  }, 30_000);
});
