import type { Evidence } from '../../domain/finding.js';
import { failureModesOf } from './failure-modes.js';
import { isRecord, type JsonRecord, num, records, rowsOf, strings, text } from './json-reading.js';
import { type Analyst, type FindingArgs, knownComponents, type Observation, uncheckedOf } from './observations.js';
import { rankRunbooks } from './runbook-matching.js';
import { estimateSeverity } from './severity.js';

const MAX_EXCERPT = 2000;

/** Steps are quoted verbatim, one a line, as many whole steps as the excerpt holds. */
function verbatim(header: string, steps: readonly string[]): string {
  let out = header;
  for (const step of steps) {
    if (out.length + step.length + 1 > MAX_EXCERPT) break;
    out += `\n${step}`;
  }
  return out;
}

const titleOf = (r: JsonRecord): string => `${text(r['id']) ?? 'untitled'}${text(r['title']) ? ` — ${text(r['title'])}` : ''}`;

function playbookOf(o: Observation): JsonRecord | undefined {
  if (!isRecord(o.data)) return undefined;
  if (Array.isArray(o.data['steps'])) return o.data;
  return rowsOf(o.data, 'playbook', 'runbook', 'playbooks', 'runbooks')[0];
}

function chainOf(p: JsonRecord): string {
  const chain = records(p['escalation_chain']).map((l) =>
    `L${num(l['level']) ?? '?'} ${text(l['role']) ?? '?'}${text(l['response_time']) ? ` within ${text(l['response_time'])}` : ''}`);
  return `${titleOf(p)}${text(p['severity']) ? ` (${text(p['severity'])})` : ''}: ${chain.length > 0 ? chain.join(' → ') : strings(p['trigger_conditions']).join('; ')}`;
}

function fixesOf(r: JsonRecord): string[] {
  return records(r['quick_fixes']).map((f) => {
    const how = [text(f['duration']), text(f['effectiveness']) ? `effectiveness ${text(f['effectiveness'])}` : undefined].filter(Boolean).join(', ');
    return `${text(f['action']) ?? 'fix'}${text(f['command']) ? `: ${text(f['command'])}` : ''}${how ? ` (${how})` : ''}`;
  });
}

function analyse(observations: readonly Observation[], context: Parameters<Analyst>[1]): FindingArgs {
  const modes = failureModesOf(context.findings, context.question);
  const components = knownComponents(context.findings);
  const rank = <T extends JsonRecord>(rows: readonly T[]): T[] => (rows.length > 0 ? rankRunbooks(rows, modes, components) : []);
  const ok = (op: string): Observation[] => observations.filter((o) => o.op === op && o.ok);

  const fetched = ok('get_incident_playbook').flatMap((o) => (playbookOf(o) ? [playbookOf(o)!] : []));
  const searched = ok('search_runbooks').flatMap((o) => rowsOf(o.data, 'runbooks', 'playbooks'));
  const playbook = fetched[0] ?? rank(searched)[0];
  const guide = rank(ok('get_troubleshooting_guide').flatMap((o) => rowsOf(o.data, 'guides')))[0];
  const resolution = rank(ok('get_common_resolutions').flatMap((o) => rowsOf(o.data, 'resolutions')))[0];
  const severity = estimateSeverity(context.findings);
  const procedures = ok('get_escalation_procedures').flatMap((o) => rowsOf(o.data, 'escalation_procedures'));
  const escalation = procedures.find((p) => text(p['severity']) === severity) ?? procedures.find((p) => records(p['escalation_chain']).length > 0) ?? procedures[0];

  const evidence: Evidence[] = [];
  if (playbook) {
    const tool = fetched[0] ? 'get_incident_playbook' : 'search_runbooks';
    evidence.push({ tool, excerpt: verbatim(`Playbook ${titleOf(playbook)}`, strings(playbook['steps'])) });
  }
  if (guide) evidence.push({ tool: 'get_troubleshooting_guide', excerpt: verbatim(`Guide ${titleOf(guide)}`, [...strings(guide['steps']), ...strings(guide['diagnostic_commands'])]) });
  if (resolution) evidence.push({ tool: 'get_common_resolutions', excerpt: verbatim(`Resolution ${titleOf(resolution)}${text(resolution['issue']) ? ` (${text(resolution['issue'])})` : ''}`, [...fixesOf(resolution), ...strings(resolution['permanent_solutions']).map((s) => `Permanent: ${s}`)]) });
  if (escalation) evidence.push({ tool: 'get_escalation_procedures', excerpt: chainOf(escalation) });

  const parts: string[] = [];
  const ids = [...new Set(searched.map((r) => text(r['id'])).filter(Boolean))];
  if (ok('search_runbooks').length > 0) parts.push(`search_runbooks matched ${ids.length} playbook(s)${ids.length > 0 ? ` (${ids.slice(0, 5).join(', ')})` : ''}.`);
  if (playbook) {
    parts.push(`Best match for ${modes[0]?.label ?? 'the reported issue'}: playbook ${titleOf(playbook)}${text(playbook['severity']) ? ` (${text(playbook['severity'])})` : ''}, ${strings(playbook['steps']).length} steps${fetched[0] ? ' (get_incident_playbook)' : ''}.`);
  } else parts.push('No matching incident playbook was found.');
  if (guide) parts.push(`Troubleshooting guide (get_troubleshooting_guide): ${titleOf(guide)}.`);
  if (resolution) parts.push(`Common resolution (get_common_resolutions): ${titleOf(resolution)}.`);
  if (escalation) parts.push(`Escalation (get_escalation_procedures): ${chainOf(escalation)}.`);

  const isEmpty = (o: Observation): boolean =>
    o.op === 'get_incident_playbook' ? playbookOf(o) === undefined : rowsOf(o.data, 'runbooks', 'playbooks', 'guides', 'resolutions', 'escalation_procedures').length === 0;
  return { summary: parts.join(' '), evidence, causes: [], unchecked: uncheckedOf(observations, isEmpty), facts: [] };
}

/** Picks the playbook, guide, resolution and escalation that fit what the others found. */
export const analyseRunbooks: Analyst = (observations, context) => analyse(observations, context);
