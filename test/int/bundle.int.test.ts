import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
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
    expect(cli.stdout()).toContain('sre-agent serve');
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
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toContain('Unknown command');
  });
});
