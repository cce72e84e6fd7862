import { z } from 'zod';
import type { Clock } from '../../application/ports/clock.js';
import type { Scenario } from './scenario.js';

export interface DemoContext {
  readonly scenario: Scenario;
  readonly clock: Clock;
}

/** What a demo tool answers: a JSON object, or a one-line reason for failing. */
export type DemoToolResult =
  | { readonly ok: true; readonly value: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly message: string };

/** One tool of the demo server: its MCP name, its description and parameters, and a pure handler. */
export interface DemoTool {
  readonly name: string;
  readonly description: string;
  readonly params: z.ZodRawShape;
  /** Validates `args` against `params` and runs the handler; never throws. */
  invoke(ctx: DemoContext, args: unknown): DemoToolResult;
}

export const ok = (value: Readonly<Record<string, unknown>>): DemoToolResult => ({ ok: true, value });
export const fail = (message: string): DemoToolResult => ({ ok: false, message: message.replace(/\s*\n\s*/g, '; ') });

export function defineTool<S extends z.ZodRawShape>(spec: {
  readonly name: string;
  readonly description: string;
  readonly params: S;
  readonly run: (ctx: DemoContext, args: z.output<z.ZodObject<S>>) => DemoToolResult;
}): DemoTool {
  const schema = z.object(spec.params);
  return {
    name: spec.name,
    description: spec.description,
    params: spec.params,
    invoke(ctx, args) {
      const parsed = schema.safeParse(args ?? {});
      if (!parsed.success) return fail(`Invalid arguments for ${spec.name}: ${parsed.error.issues.map((i) => describeIssue(i, args)).join('; ')}`);
      try {
        return spec.run(ctx, parsed.data);
      } catch (error) {
        // A handler bug must not take the server down: the model sees a failed tool instead.
        return fail(`${spec.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}

function describeIssue(issue: z.core.$ZodIssue, args: unknown): string {
  const at = issue.path.map(String).join('.');
  const given = typeof args === 'object' && args !== null ? (args as Record<string, unknown>)[String(issue.path[0])] : undefined;
  const reason = issue.code === 'invalid_type' && issue.path.length === 1 && given === undefined ? 'is required' : issue.message.replace(/^Invalid input: /, '');
  return at ? `${at} ${reason}` : reason;
}

/** The JSON Schema a client sees for a tool (the same conversion the MCP SDK applies). */
export function inputSchemaOf(tool: DemoTool): Record<string, unknown> {
  return z.toJSONSchema(z.object(tool.params), { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
}

// Parameter builders. Enumerations are documented (JSON Schema `enum` and the description) but
// not enforced: as with the original OpenAPI backends, a value outside one matches nothing.

export const text = (description: string) => z.string().describe(description).optional();

export const requiredText = (description: string) => z.string().min(1).describe(description);

export const oneOf = (values: readonly string[], description: string) =>
  z.string().meta({ enum: [...values], description: `${description} One of: ${values.join(', ')}.` }).optional();

export const dateTime = (description: string) =>
  z.string()
    .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'expected an ISO-8601 date-time' })
    .meta({ format: 'date-time', description: `${description} ISO-8601, e.g. 2024-01-15T14:20:00Z.` })
    .optional();

export const timeWindow = (values: readonly string[], description: string) =>
  z.string().meta({ enum: [...values], description: `${description} One of: ${values.join(', ')}; counted back from the current time.` }).optional();

// Matching rules shared by the handlers.

/** Enumerated values compare without regard to case ("error" finds ERROR). */
export const sameWord = (a: string | undefined, b: string): boolean => a !== undefined && a.toLowerCase() === b.toLowerCase();

/** Every whitespace-separated term of `query` occurs, case-insensitively, somewhere in `texts`. */
export function containsAll(texts: readonly (string | undefined)[], query: string): boolean {
  const haystack = texts.filter((t): t is string => typeof t === 'string').join('\n').toLowerCase();
  return query.toLowerCase().split(/\s+/).filter(Boolean).every((term) => haystack.includes(term));
}
