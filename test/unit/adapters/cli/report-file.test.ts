import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { reportFileName, saveReport, slugify } from '../../../../src/adapters/cli/report-file.js';

const at = new Date('2026-11-24T10:11:12Z');
const dirs: string[] = [];
afterEach(async () => { await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))); });

describe('report file names', () => {
  it('slugs the question and the user under the date', () => {
    expect(reportFileName('Why is the database pod restarting?', 'alice', at)).toBe('2026-11-24-why-is-the-database-pod-restarting-alice.md');
  });

  it('keeps only [a-z0-9-], cuts long questions at a word, never gives an empty slug', () => {
    expect(slugify('  Héllo, Wörld!! ../../etc/passwd ')).toBe('hello-world-etc-passwd');
    const long = slugify('word '.repeat(40));
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long).toMatch(/^word(-word)*$/);
    expect(slugify('???')).toBe('report');
    expect(reportFileName('Status?', 'Jane Doe@corp', at)).toBe('2026-11-24-status-jane-doe-corp.md');
  });
});

describe('saveReport', () => {
  it('writes a header and the report, and never overwrites', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reports-'));
    dirs.push(dir);
    const report = { question: 'Why is the database pod restarting?', user: 'alice', sessionId: 's-1', investigationId: 'inv-1', status: 'completed', markdown: '## Investigation Results\n\nbody', at };
    const first = await saveReport(join(dir, 'nested'), report);
    const second = await saveReport(join(dir, 'nested'), { ...report, markdown: 'second' });
    const third = await saveReport(join(dir, 'nested'), report);
    expect(basename(first)).toBe('2026-11-24-why-is-the-database-pod-restarting-alice.md');
    expect(basename(second)).toBe('2026-11-24-why-is-the-database-pod-restarting-alice-2.md');
    expect(basename(third)).toBe('2026-11-24-why-is-the-database-pod-restarting-alice-3.md');
    const text = await readFile(first, 'utf8');
    expect(text).toContain('# SRE Investigation Report');
    expect(text).toContain('**Question:** Why is the database pod restarting?');
    expect(text).toContain('**User:** alice');
    expect(text).toContain('**Session:** s-1');
    expect(text).toContain('**Generated:** 2026-11-24T10:11:12.000Z');
    expect(text).toContain('## Investigation Results\n\nbody');
    expect(await readFile(second, 'utf8')).toContain('second');
  });
});
