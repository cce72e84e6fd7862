import { z } from 'zod';
import type { MemoryRecord, StoredMemory, UserPreference } from '../../domain/memory.js';
import { MemoryRecordSchema } from '../shared/memory-record-schema.js';

const Preference = z.object({
  category: z.enum(['escalation', 'notification', 'workflow', 'style']),
  text: z.string().min(1).max(2_000),
  values: z.record(z.string(), z.unknown()).default({}),
});

/** `{ "<actor>": [ preference | memory record, … ] }`: a preference may be written without its `kind` wrapper. */
const SeedFile = z.record(z.string().min(1).max(128), z.array(z.union([MemoryRecordSchema, Preference])).max(1_000));

export type Seed = Readonly<Record<string, readonly MemoryRecord[]>>;

/** Reads a seed file's text; a bad file is an error naming the place, never a partial seed. */
export function parseSeed(text: string): Seed {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`the seed file is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = SeedFile.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`the seed file is not { "<user>": [preference | record, …] }:\n${parsed.error.issues.slice(0, 10).map((i) => `  - ${i.path.join('.') || '(file)'}: ${i.message}`).join('\n')}`);
  }
  return Object.fromEntries(Object.entries(parsed.data).map(([actor, items]) => [actor, items.map((item): MemoryRecord =>
    ('kind' in item ? item : { kind: 'preference', preference: item as UserPreference }))]));
}

/** The seed of the built-in personas. */
export function personaSeed(personas: Readonly<Record<string, readonly UserPreference[]>>): Seed {
  return Object.fromEntries(Object.entries(personas).map(([actor, prefs]) => [actor, prefs.map((preference): MemoryRecord => ({ kind: 'preference', preference }))]));
}

/** One line per stored record, for `sre-agent memory list`. */
export function formatMemoryLine(m: StoredMemory): string {
  const r = m.record;
  const what = r.kind === 'preference' ? `${r.preference.category}: ${r.preference.text}`
    : r.kind === 'infrastructure' ? `${r.fact.service} ${r.fact.kind}: ${r.fact.detail}`
      : `${r.summary.question} -> ${r.summary.rootCause}`;
  const oneLine = what.replace(/\s+/g, ' ').trim();
  return `${m.id}  ${m.createdAt.slice(0, 19)}Z  ${m.actor}  ${r.kind.padEnd(14)}  ${oneLine.length > 100 ? `${oneLine.slice(0, 99)}…` : oneLine}`;
}
