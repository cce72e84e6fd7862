import { z } from 'zod';
import { count, timestamp } from './schema-primitives.js';

/** One line of `application.log`, parsed. */
export interface LogEntry {
  readonly timestamp: string;
  readonly level: string;
  readonly service: string;
  readonly message: string;
}

/** `errors.json` is a bare array, as the original's error log was. */
export const ErrorsFile = z.array(z.looseObject({
  timestamp,
  level: z.string(),
  service: z.string(),
  message: z.string(),
  stack_trace: z.string().optional(),
  correlation_id: z.string().optional(),
}));

export const PatternsFile = z.looseObject({
  patterns: z.array(z.looseObject({
    pattern: z.string(),
    count,
    first_seen: timestamp,
    last_seen: timestamp,
    severity: z.string(),
    occurrences: z.array(z.looseObject({ timestamp, service: z.string(), message: z.string() })).optional(),
  })),
});

const countRow = z.looseObject({ group: z.string(), count, percentage: z.number() });
const countBlock = z.looseObject({
  total_count: count,
  by_service: z.array(countRow).optional(),
  by_level: z.array(countRow).optional(),
  by_hour: z.array(countRow).optional(),
});

export const CountsFile = z.looseObject({ error_counts: countBlock.optional(), all_counts: countBlock.optional() });

export type ErrorLogEntry = z.infer<typeof ErrorsFile>[number];
export type LogPattern = z.infer<typeof PatternsFile>['patterns'][number];
export type LogCounts = z.infer<typeof CountsFile>;
export type CountRow = z.infer<typeof countRow>;
