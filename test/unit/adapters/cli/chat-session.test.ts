import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ChatSession } from '../../../../src/adapters/cli/chat-session.js';
import { EventQueue } from '../../../../src/application/use-cases/event-queue.js';
import type { InvestigateCommand, InvestigationStreamEvent, StartOutcome } from '../../../../src/application/use-cases/investigation-stream.js';
import { asSessionId } from '../../../../src/domain/ids.js';
import type { InvestigationResult, InvestigationStatus } from '../../../../src/domain/investigation.js';
import { NO_USAGE } from '../../../../src/domain/usage.js';

/** Plans wait for approval; the approval resumes the waiting investigation (same id). */
function fakeInvestigator() {
  const commands: InvestigateCommand[] = [];
  let waiting: string | undefined;
  return {
    commands,
    start(command: InvestigateCommand): StartOutcome {
      commands.push(command);
      const q = new EventQueue<InvestigationStreamEvent>();
      const end = (id: string, status: InvestigationStatus, message: string, failure?: { code: string; message: string }) => {
        const result = { investigationId: id, sessionId: command.sessionId, status, message, findings: [], usage: NO_USAGE, finishedAt: new Date(0), ...(failure ? { failure } : {}) } as unknown as InvestigationResult;
        q.push({ type: 'result', result });
        q.close();
      };
      if (command.decision) {
        const id = waiting;
        waiting = undefined;
        if (!id) end(command.investigationId, 'failed', 'nothing', { code: 'nothing_to_approve', message: 'No plan awaits approval.' });
        else if (command.decision.action === 'approve') end(id, 'completed', `REPORT for ${id}`);
        else end(id, 'cancelled', 'The plan was rejected.');
      } else {
        waiting = command.investigationId;
        end(command.investigationId, 'awaiting_approval', `PLAN for ${command.prompt}`);
      }
      return { ok: true, events: q };
    },
  };
}

async function runChat(lines: string[], reportsDir = tmpdir()) {
  const investigator = fakeInvestigator();
  const input = new PassThrough();
  let out = '';
  let ids = 0;
  const session = new ChatSession({
    investigator, input, output: { write: (c: string) => { out += c; } }, progress: { write: () => true },
    sessionId: asSessionId('s-1'), user: 'alice', reportsDir, interactive: false, newId: () => `inv-${++ids}`,
    now: () => new Date('2026-11-24T00:00:00Z'),
  });
  input.end(lines.map((l) => `${l}\n`).join(''));
  await session.run();
  return { out, investigator };
}

describe('ChatSession', () => {
  it('asks, waits for /approve, keeps a history and quits', async () => {
    const { out, investigator } = await runChat(['Why is the pod restarting?', '/approve', '/history', '/quit', 'never asked']);
    expect(out).toContain('PLAN for Why is the pod restarting?');
    expect(out).toContain('/approve (or "proceed") runs it');
    expect(out).toContain('REPORT for inv-1');
    expect(out).toContain('1. [completed] Why is the pod restarting?');
    expect(investigator.commands.map((c) => c.decision?.action ?? c.prompt)).toEqual(['Why is the pod restarting?', 'approve']);
    expect(investigator.commands.every((c) => c.autoApprovePlan === false && c.sessionId === 's-1')).toBe(true);
  });

  it('rejects, reports nothing to approve, answers help and unknown commands, ends at EOF', async () => {
    const { out } = await runChat(['Q1', '/reject', '/approve', '/help', '/nope', '/history']);
    expect(out).toContain('The plan was rejected.');
    expect(out).toContain('No plan awaits approval.');
    expect(out).toContain('/save      save the last report');
    expect(out).toContain('Unknown command /nope');
    expect(out).toContain('1. [cancelled] Q1');
  });

  it('/save writes the last report under the reports folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chat-'));
    try {
      const { out } = await runChat(['/save', 'Why is the database pod restarting?', '/approve', '/save'], dir);
      expect(out).toContain('No report to save yet.');
      expect(await readdir(dir)).toEqual(['2026-11-24-why-is-the-database-pod-restarting-alice.md']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
