/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies read from the wire are untyped. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonLogger } from '../../src/adapters/shared/logger.js';
import { loadConfig } from '../../src/bootstrap/config.js';
import { type RunningServer, startServer } from '../../src/bootstrap/server.js';
import { TOKENS } from '../../src/bootstrap/tokens.js';
import { asActorId, asSessionId } from '../../src/domain/ids.js';

// Dozens of investigations for eight people at once, on the default SQLite backend, each person
// seeded with a contact, a channel and a past investigation only they may see. A slow model keeps
// them all in flight together, so any state shared between requests would show in the reports.
const USERS = ['ana', 'ben', 'chloe', 'dev', 'eli', 'fay', 'gus', 'hugo'];
const PER_USER = 5;
let running: RunningServer;
let base: string;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'memory-isolation-'));
  running = await startServer(loadConfig({ MEMORY_BACKEND: 'sqlite', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', OFFLINE_LLM_DELAY_MS: '20' }), { logger: new JsonLogger({ level: 'error', write: () => {} }) });
  base = `http://127.0.0.1:${running.port}`;
  const store = running.container.get(TOKENS.MemoryStore);
  const signal = new AbortController().signal;
  for (const user of USERS) {
    await store.remember(asActorId(user), asSessionId('preferences-default'), [
      { kind: 'preference', preference: { category: 'escalation', text: `escalate to ${user}`, values: { primary_contact: `${user}.lead@company.com` } } },
      { kind: 'preference', preference: { category: 'notification', text: `post to #${user}-room`, values: { channels: [`#${user}-room`] } } },
    ], signal);
    await store.remember(asActorId(user), asSessionId(`${user}-old-session`), [{ kind: 'investigation', summary: {
      investigationId: `past-${user}`, question: `Why is the database pod restarting for ${user}-marker?`, rootCause: `secret ${user}-root-cause`,
      severity: 'high', evidence: [], actions: [], status: 'completed', at: '2026-11-01T10:00:00.000Z',
    } }], signal);
  }
}, 60_000);

afterAll(async () => {
  await running?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const invoke = async (user: string, i: number): Promise<{ user: string; status: number; json: any }> => {
  const res = await fetch(`${base}/invocations`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: 'Why is the database pod restarting?', user_id: user, session_id: `${user}-session-${i}` }),
  });
  return { user, status: res.status, json: await res.json() };
};

describe('memory isolation under concurrency', () => {
  it(`gives each of ${USERS.length * PER_USER} concurrent investigations only its own person's memory`, async () => {
    const jobs = Array.from({ length: PER_USER }, (_, i) => USERS.map((u) => invoke(u, i))).flat();
    const answers = await Promise.all(jobs);
    for (const { user, status, json } of answers) {
      expect(status).toBe(200);
      const message: string = json.output.message;
      expect(message).toContain(`${user}.lead@company.com`);
      expect(message).toContain(`#${user}-room`);
      expect(message).toContain(`past-${user}`);
      for (const other of USERS.filter((u) => u !== user)) {
        for (const marker of [`${other}.lead@`, `#${other}-room`, `past-${other}`, `${other}-root-cause`, `${other}-marker`]) {
          expect(message, `${user}'s report holds ${other}'s ${marker}`).not.toContain(marker);
        }
      }
    }
  }, 120_000);

  it('stores every new investigation under the person who asked, and nobody else', async () => {
    const memory = running.container.get(TOKENS.AgentMemory);
    expect(await memory.flush(10_000)).toBe(0);
    const store = running.container.get(TOKENS.MemoryStore);
    const signal = new AbortController().signal;
    for (const user of USERS) {
      const rows = await store.list({ actor: asActorId(user), kind: 'investigation' }, 1_000, signal);
      expect(rows).toHaveLength(1 + PER_USER);
      expect(new Set(rows.map((r) => r.actor))).toEqual(new Set([user]));
      const sessions = rows.map((r) => r.session).filter((s) => s !== `${user}-old-session`).sort();
      expect(sessions).toEqual(Array.from({ length: PER_USER }, (_, i) => `${user}-session-${i}`).sort());
    }
  });
});
