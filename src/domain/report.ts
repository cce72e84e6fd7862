import { AGENT_DISPLAY_NAMES } from './agents.js';
import { rankCauses } from './causes.js';
import type { Finding } from './finding.js';
import type { InvestigationSummary, ReportStyle } from './memory.js';
import type { Plan } from './plan.js';
import type { ReportSummary } from './report-summary.js';
import type { SessionTurn } from './session.js';

export interface ReportInput {
  readonly question: string;
  readonly plan: Plan;
  readonly findings: readonly Finding[];
  readonly summary: ReportSummary;
  readonly style: ReportStyle;
  readonly generatedAt: Date;
  /** Similar investigations memory recalled for this person, most similar first. */
  readonly related?: readonly InvestigationSummary[];
  /** Memory could not be reached: preferences and past investigations were not used. */
  readonly memoryUnavailable?: boolean;
}

const MEMORY_UNAVAILABLE = 'Memory: unavailable, so preferences and past investigations were not used.';

const RUNBOOK_TOOLS = new Set(['get_incident_playbook', 'search_runbooks', 'get_troubleshooting_guide', 'get_common_resolutions', 'get_escalation_procedures']);
const quote = (s: string): string => s.replace(/\s+/g, ' ').trim();
const bullets = (items: readonly string[]): string[] => items.map((i) => `- ${i}`);

/**
 * Writes the Markdown report. Claims carry their tool as source; runbook steps are quoted
 * verbatim from the tool output; what could not be checked is said. An executive reader gets
 * the same facts with fewer details.
 */
export function assembleReport(input: ReportInput): string {
  const { summary, findings, style } = input;
  const technical = style.audience === 'technical';
  const ranked = rankCauses(findings);
  const out: string[] = ['## Investigation Results', '', `**Question:** ${quote(input.question)}`, ''];

  out.push('### Root cause', '', summary.rootCause, '', `**Severity:** ${summary.severity.toUpperCase()}`);
  if (ranked[0]) out.push(`**Confidence:** ${Math.round(ranked[0].confidence * 100)}%${technical ? '' : `, confirmed by the ${ranked[0].agents.join(' and ')} specialist${ranked[0].agents.length > 1 ? 's' : ''}`}`);
  out.push('');

  out.push(technical ? '### Impact' : '### Business impact', '', summary.impact, '');

  // An executive reader gets the conclusion and what happens next; the evidence chain, tool
  // excerpts and the longer-term work are for the engineers' version of the same report.
  const chain = technical ? ranked.slice(0, 5) : [];
  if (chain.length > 0) {
    out.push('### Evidence', '');
    chain.forEach((c, i) => {
      out.push(`${i + 1}. **${c.description}**${c.component ? ` (\`${c.component}\`)` : ''} — ${Math.round(c.confidence * 100)}%, from ${c.agents.join(', ')}`);
      for (const e of c.evidence.slice(0, 4)) out.push(`   - \`${e.tool}\`: ${quote(e.excerpt)}`);
    });
    out.push('');
  }

  out.push('### Next steps', '');
  const groups: [string, readonly string[]][] = technical
    ? [['Now (within the hour)', summary.nextSteps.now], ['Today', summary.nextSteps.today], ['This week', summary.nextSteps.thisWeek]]
    : [['Now (within the hour)', summary.nextSteps.now.slice(0, 3)], ['Today', summary.nextSteps.today.slice(0, 2)]];
  for (const [label, items] of groups) if (items.length > 0) out.push(`**${label}**`, ...bullets(items), '');

  out.push('### Escalation', '', summary.escalation);
  if (style.contacts.length > 0) out.push(`Contacts: ${style.contacts.join(', ')}`);
  if (style.channels.length > 0) out.push(`Channels: ${style.channels.join(', ')}`);
  out.push('');

  const runbook = findings.filter((f) => f.agent === 'runbooks').flatMap((f) => f.evidence).filter((e) => RUNBOOK_TOOLS.has(e.tool));
  if (runbook.length > 0 && style.includeTroubleshooting) {
    out.push('### Runbook steps', '');
    for (const e of runbook.slice(0, 3)) out.push(`From \`${e.tool}\`:`, '', '```text', e.excerpt, '```', '');
  }

  if (technical) {
    out.push('### Findings by specialist', '');
    for (const f of findings) {
      out.push(`#### ${AGENT_DISPLAY_NAMES[f.agent]} (${f.status}, ${f.toolCalls} tool calls)`, '', f.summary, '');
      for (const e of f.evidence.slice(0, 6)) out.push(`- \`${e.tool}\`: ${quote(e.excerpt)}`);
      if (f.evidence.length > 0) out.push('');
    }
  }

  const related = (input.related ?? []).slice(0, technical ? 3 : 2);
  if (related.length > 0) {
    out.push('### Related past investigations', '');
    for (const r of related) out.push(`- ${r.at.slice(0, 10)}: "${quote(r.question)}" found ${quote(r.rootCause)} (${r.severity.toUpperCase()}, investigation ${r.investigationId})`);
    out.push('');
  }

  const unchecked = findings.flatMap((f) => f.unchecked.map((u) => `${AGENT_DISPLAY_NAMES[f.agent]}: ${u}`));
  if (input.memoryUnavailable) unchecked.push(MEMORY_UNAVAILABLE);
  if (unchecked.length > 0) out.push('### Not checked', '', ...bullets(unchecked), '');

  const tools = findings.reduce((n, f) => n + f.toolCalls, 0);
  out.push('---', `*Plan: ${input.plan.steps.map((s) => s.agent).join(', ')} · ${tools} tool calls · ${input.generatedAt.toISOString()}*`);
  return out.join('\n');
}

/** The Markdown shown when a plan waits for approval. */
export function planApprovalMessage(question: string, plan: Plan): string {
  return [
    '## Investigation Plan',
    '',
    `**Question:** ${quote(question)}`,
    `**Complexity:** ${plan.complexity}`,
    '',
    ...plan.steps.map((s) => `${s.id}. **${AGENT_DISPLAY_NAMES[s.agent]}**: ${s.goal}${s.dependsOn.length ? ` (after step ${s.dependsOn.join(', ')})` : ''}`),
    '',
    plan.reasoning ? `**Reasoning:** ${plan.reasoning}` : '',
    '',
    'Reply `proceed` to run this plan, send `{"action":"modify","plan":…}` to change it, or `{"action":"reject"}` to stop.',
  ].join('\n');
}

/** What an investigation that stopped early (cancelled, failed, rejected) had found. */
export function partialMessage(question: string, findings: readonly Finding[], reason: string): string {
  const lines = ['## Investigation stopped', '', `**Question:** ${quote(question)}`, '', reason, ''];
  if (findings.length === 0) lines.push('No specialist had finished.');
  for (const f of findings) {
    lines.push(`### ${AGENT_DISPLAY_NAMES[f.agent]} (${f.status})`, '', f.summary, '');
    for (const e of f.evidence.slice(0, 5)) lines.push(`- \`${e.tool}\`: ${quote(e.excerpt)}`);
    if (f.evidence.length) lines.push('');
  }
  return lines.join('\n');
}

export interface FollowUpInput {
  readonly question: string;
  readonly earlier: SessionTurn;
  readonly summary: ReportSummary;
  readonly style: ReportStyle;
  readonly memoryUnavailable?: boolean;
}

/** The answer to a follow-up question, built on the session's earlier investigation. */
export function assembleFollowUp(input: FollowUpInput): string {
  const { earlier, summary, style } = input;
  const out = ['## Follow-up', '', `**Question:** ${quote(input.question)}`, '',
    `Earlier in this session, "${quote(earlier.question)}" (investigation ${earlier.investigationId}, ${earlier.at}) found:`, '',
    `> ${quote(summary.rootCause)}`, '', `**Severity:** ${summary.severity.toUpperCase()}`, '', '### What to do', ''];
  const groups: [string, readonly string[]][] = [['Now (within the hour)', summary.nextSteps.now], ['Today', summary.nextSteps.today], ['This week', summary.nextSteps.thisWeek]];
  for (const [label, items] of groups) if (items.length > 0) out.push(`**${label}**`, ...items.map((i, n) => (label.startsWith('Now') ? `${n + 1}. ${i}` : `- ${i}`)), '');
  out.push('### Escalation', '', summary.escalation);
  if (style.contacts.length > 0) out.push(`Contacts: ${style.contacts.join(', ')}`);
  if (style.channels.length > 0) out.push(`Channels: ${style.channels.join(', ')}`);
  if (input.memoryUnavailable) out.push('', `_${MEMORY_UNAVAILABLE}_`);
  return out.join('\n');
}
