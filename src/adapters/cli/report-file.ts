import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface ReportToSave {
  readonly question: string;
  readonly user: string;
  readonly sessionId: string;
  readonly investigationId?: string;
  readonly status?: string;
  /** The report's Markdown body. */
  readonly markdown: string;
  readonly at: Date;
}

/** Lower-case words joined by '-', only [a-z0-9], at most `max` characters, never empty. */
export function slugify(text: string, max = 60): string {
  const slug = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const cut = slug.length > max ? slug.slice(0, max).replace(/-[^-]*$/, '') || slug.slice(0, max) : slug;
  return cut.replace(/-+$/g, '') || 'report';
}

/** `2026-11-24-why-is-the-database-pod-restarting-alice.md` (the date in UTC). */
export function reportFileName(question: string, user: string, at: Date): string {
  return `${at.toISOString().slice(0, 10)}-${slugify(question)}-${slugify(user, 40)}.md`;
}

/** The saved file's text: a header naming the question, user, session and time, then the report. */
export function reportDocument(report: ReportToSave): string {
  const rows = [
    `- **Question:** ${report.question.replace(/\s+/g, ' ').trim()}`,
    `- **User:** ${report.user}`,
    `- **Session:** ${report.sessionId}`,
    ...(report.investigationId ? [`- **Investigation:** ${report.investigationId}`] : []),
    ...(report.status ? [`- **Status:** ${report.status}`] : []),
    `- **Generated:** ${report.at.toISOString()}`,
  ];
  return ['# SRE Investigation Report', '', ...rows, '', '---', '', report.markdown.trim(), ''].join('\n');
}

/**
 * Writes the report under `dir` (created when missing) and returns the file's path. An existing
 * file is never overwritten: the name gets -2, -3, … instead.
 */
export async function saveReport(dir: string, report: ReportToSave): Promise<string> {
  const folder = resolve(dir);
  await mkdir(folder, { recursive: true });
  const base = reportFileName(report.question, report.user, report.at).replace(/\.md$/, '');
  const text = reportDocument(report);
  for (let n = 1; n < 10_000; n += 1) {
    const path = join(folder, n === 1 ? `${base}.md` : `${base}-${n}.md`);
    try {
      await writeFile(path, text, { flag: 'wx' });
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`Too many reports named ${base} in ${folder}`);
}
