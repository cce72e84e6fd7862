import { toolOperation } from '../../domain/agents.js';
import type { Evidence, Finding, InfrastructureFact, SuspectedCause } from '../../domain/finding.js';
import type { AgentMessage } from '../../domain/messages.js';
import type { PlanStep } from '../../domain/plan.js';
import { clip, isTruncated, parseToolJson } from './json-reading.js';

/** One tool call and what it returned, as the analyst reads it from the conversation. */
export interface Observation {
  readonly tool: string;
  /** The operation name after `___`, e.g. `get_pod_status`. */
  readonly op: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly ok: boolean;
  readonly content: string;
  /** The parsed JSON (salvaged when cut), or undefined for plain text and failures. */
  readonly data: unknown;
  readonly truncated: boolean;
}

export function observationsOf(messages: readonly AgentMessage[]): Observation[] {
  const calls = new Map<string, { name: string; args: Readonly<Record<string, unknown>> }>();
  const out: Observation[] = [];
  for (const m of messages) {
    if (m.role === 'assistant') for (const c of m.toolCalls) calls.set(c.id, { name: c.name, args: c.args });
    if (m.role !== 'tool') continue;
    for (const r of m.results) {
      const call = calls.get(r.callId);
      const name = call?.name ?? r.name;
      out.push({
        tool: name,
        op: toolOperation(name),
        args: call?.args ?? {},
        ok: r.ok,
        content: r.content,
        data: r.ok ? parseToolJson(r.content) : undefined,
        truncated: isTruncated(r.content),
      });
    }
  }
  return out;
}

/** Model turns already taken in this conversation (assistant messages). */
export const turnsTaken = (messages: readonly AgentMessage[]): number => messages.filter((m) => m.role === 'assistant').length;

/** What a specialist's analysis reads besides the tool output. */
export interface AnalystContext {
  readonly question: string;
  readonly step?: PlanStep;
  readonly findings: readonly Finding[];
}

/** The `submit_finding` arguments, in the tool's wire shape. */
export interface FindingArgs {
  readonly summary: string;
  readonly evidence: readonly Evidence[];
  readonly causes: readonly SuspectedCause[];
  readonly unchecked: readonly string[];
  readonly facts: readonly InfrastructureFact[];
}

export type Analyst = (observations: readonly Observation[], context: AnalystContext) => FindingArgs;

export const describeCall = (o: Observation): string => {
  const args = Object.entries(o.args).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ');
  return args ? `${o.op}(${args})` : o.op;
};

/**
 * Failed tools, tools that returned nothing and cut outputs, said plainly. `isEmpty` decides
 * whether a successful answer carried no data for this tool.
 */
export function uncheckedOf(observations: readonly Observation[], isEmpty: (o: Observation) => boolean): string[] {
  const out: string[] = [];
  for (const o of observations) {
    if (!o.ok) out.push(`${describeCall(o)} failed: ${clip(o.content, 200) || 'no reason given'}`);
    else if (o.data === undefined && o.content.trim() === '') out.push(`${describeCall(o)} returned no output`);
    else if (isEmpty(o)) out.push(`${describeCall(o)} returned no data`);
    if (o.ok && o.truncated) out.push(`${describeCall(o)} output was cut to the byte budget; only the visible part was analysed`);
  }
  return out;
}

/** Components already blamed by earlier specialists (at least `minConfidence`), strongest first. */
export const knownComponents = (findings: readonly Finding[], minConfidence = 0): string[] =>
  findings
    .flatMap((f) => f.causes)
    .filter((c) => c.component && c.confidence >= minConfidence)
    .sort((a, b) => b.confidence - a.confidence)
    .map((c) => c.component as string);

export const ev = (tool: string, excerpt: string): Evidence => ({ tool, excerpt: clip(excerpt, 600) });
