import { z } from 'zod';
import type { MemoryRecord } from '../../domain/memory.js';

const text = (max: number) => z.string().max(max);

/**
 * A memory record as it crosses a boundary (a seed file, a database row, an AgentCore record):
 * checked before it can shape a report, since a store may hold what another version wrote.
 */
export const MemoryRecordSchema: z.ZodType<MemoryRecord> = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('preference'),
    preference: z.object({
      category: z.enum(['escalation', 'notification', 'workflow', 'style']),
      text: text(2_000),
      values: z.record(z.string(), z.unknown()),
    }),
  }),
  z.object({
    kind: z.literal('infrastructure'),
    fact: z.object({ service: text(256).min(1), kind: z.enum(['dependency', 'baseline', 'config', 'pattern']), detail: text(2_000).min(1) }),
  }),
  z.object({
    kind: z.literal('investigation'),
    summary: z.object({
      investigationId: text(256).min(1),
      question: text(20_000),
      rootCause: text(20_000),
      severity: text(32),
      evidence: z.array(text(4_000)).max(50),
      actions: z.array(text(4_000)).max(50),
      status: z.enum(['completed', 'ongoing', 'escalated']),
      at: z.string().datetime({ offset: true }),
    }),
  }),
]);

/** The record in `raw`, or undefined when it is not one. */
export function parseMemoryRecord(raw: unknown): MemoryRecord | undefined {
  const parsed = MemoryRecordSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}
