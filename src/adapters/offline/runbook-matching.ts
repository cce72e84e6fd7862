import { FAILURE_MODES, type FailureMode } from './failure-modes.js';

/** Failure modes that name what broke, not only how it showed. */
const SPECIFIC = new Set(['dns', 'disk', 'node', 'cache', 'image', 'oom']);
import { isRecord, type JsonRecord, strings, text } from './json-reading.js';
import { stemOf } from './question.js';

/** Everything a runbook entry says, as one searchable text. */
export function runbookText(entry: JsonRecord): string {
  return [
    text(entry['id']), text(entry['title']), text(entry['issue']), text(entry['description']), text(entry['category']),
    ...strings(entry['triggers']), ...strings(entry['symptoms']), ...strings(entry['steps']), ...strings(entry['common_causes']),
    isRecord(entry['root_cause']) ? JSON.stringify(entry['root_cause']) : text(entry['root_cause']),
  ].filter(Boolean).join('\n');
}

/**
 * Ranks runbook entries (playbooks, guides, resolutions) by how well they fit what was found: the
 * first failure modes weigh most, a match in the title, description or triggers counts double,
 * and an entry naming the blamed component itself is the most specific of all.
 */
export function rankRunbooks<T extends JsonRecord>(entries: readonly T[], modes: readonly FailureMode[], components: readonly string[]): T[] {
  const top = components.slice(0, 2).map((c) => c.toLowerCase());
  const stems = [...new Set(components.slice(0, 3).map(stemOf).filter((s) => s.length >= 3))];
  const scored = entries.map((entry, index) => {
    const headline = [text(entry['id']), text(entry['title']), text(entry['issue']), text(entry['description']), ...strings(entry['triggers']), ...strings(entry['symptoms'])]
      .filter(Boolean).join('\n');
    const body = runbookText(entry);
    const lower = body.toLowerCase();
    let score = 0;
    modes.forEach((m, i) => {
      const weight = 4 * 0.6 ** i;
      if (m.pattern.test(headline)) score += 2 * weight;
      else if (m.pattern.test(body)) score += weight;
    });
    // A runbook headed by another specific failure (a Redis outage when memory is the problem) is the wrong one.
    for (const m of FAILURE_MODES) if (SPECIFIC.has(m.id) && !modes.includes(m) && m.pattern.test(headline)) score -= 6;
    for (const c of top) if (lower.includes(c)) score += 6;
    for (const s of stems) if (lower.includes(s)) score += 3;
    if (text(entry['severity']) === 'critical') score += 0.5;
    return { entry, score, index };
  });
  return scored.sort((a, b) => b.score - a.score || a.index - b.index).filter((s) => s.score > 0 || modes.length === 0).map((s) => s.entry);
}
