import { z } from 'zod';
import type { InboundTrace } from '../../application/ports/telemetry.js';
import type { InvestigateCommand } from '../../application/use-cases/investigation-stream.js';
import { asActorId, asInvestigationId, type SessionId } from '../../domain/ids.js';
import type { ApprovalMode, PlanDecision } from '../../domain/plan.js';

export const MAX_PROMPT_CHARS = 20_000;
// eslint-disable-next-line no-control-regex -- matching control characters is the point.
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f]*$/;
// A plan is {steps: [{agent, goal, depends_on: [...]}]}: four levels; the rest is headroom.
const MAX_PLAN_DEPTH = 16;

const typeError = (expected: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is required' : `must be ${expected}`;

/**
 * The body of `POST /invocations` (CONTRACT.md §2). Unknown fields are dropped: AgentCore passes
 * the caller's payload through untouched, and clients add their own fields.
 */
export const InvocationRequestSchema = z.object({
  // A string, never content blocks: a non-string prompt could smuggle tool-use blocks to the model.
  // Optional only when `action` answers a plan awaiting approval.
  prompt: z
    .string({ error: typeError('a string') })
    .min(1, 'must not be empty')
    .max(MAX_PROMPT_CHARS, `must be at most ${MAX_PROMPT_CHARS} characters`)
    .refine((p) => p.trim().length > 0, 'must not be blank')
    .optional(),
  action: z.enum(['approve', 'modify', 'reject', 'status', 'cancel'], { error: 'must be "approve", "modify", "reject", "status" or "cancel"' }).optional(),
  investigation_id: z.string({ error: typeError('a string') }).min(1, 'must not be empty').max(256, 'must be at most 256 characters').optional(),
  async: z.boolean({ error: 'must be a boolean' }).optional(),
  // Passed on as sent and serialised recursively downstream (the checkpoint): a plan nested
  // 100,000 levels deep, well within the body limit, overflowed the stack there (a 500).
  plan: z.record(z.string(), z.unknown(), { error: 'must be an object with steps' })
    .refine((plan) => nestedAtMost(plan, MAX_PLAN_DEPTH), `must be nested at most ${MAX_PLAN_DEPTH} levels deep`).optional(),
  // Echoed in the session response header: a CR or LF would let the body write headers of its own.
  session_id: z.string({ error: typeError('a string') }).min(1, 'must not be empty').max(256, 'must be at most 256 characters')
    .regex(NO_CONTROL_CHARACTERS, 'must not contain control characters').optional(),
  user_id: z.string({ error: typeError('a string') }).min(1, 'must not be empty').max(128, 'must be at most 128 characters').default('default_user'),
  auto_approve_plan: z
    .union([z.boolean(), z.literal('simple')], { error: 'must be true, false or "simple"' })
    .default(true),
  stream: z.boolean({ error: 'must be a boolean' }).optional(),
}).superRefine((v, ctx) => {
  if (v.prompt === undefined && v.action === undefined) ctx.addIssue({ code: 'custom', path: ['prompt'], message: 'is required' });
  if (v.action === 'modify' && v.plan === undefined) ctx.addIssue({ code: 'custom', path: ['plan'], message: 'is required with action "modify"' });
  if (v.action === 'status' && v.investigation_id === undefined) ctx.addIssue({ code: 'custom', path: ['investigation_id'], message: 'is required with action "status"' });
});

/** A request about an investigation rather than a new one. */
export type ControlRequest =
  | { readonly kind: 'status'; readonly investigationId: string }
  | { readonly kind: 'cancel'; readonly investigationId?: string };

export interface InvocationRequest {
  readonly prompt: string;
  readonly decision?: PlanDecision;
  readonly control?: ControlRequest;
  /** Answer at once with `accepted`; the investigation runs on without this connection. */
  readonly background: boolean;
  readonly sessionId?: string;
  readonly userId: string;
  readonly autoApprovePlan: ApprovalMode;
  readonly stream: boolean;
}

export type InvocationRequestParse =
  | { readonly ok: true; readonly request: InvocationRequest }
  | { readonly ok: false; readonly message: string };

/**
 * Accepts the original system's `{"input": {...}}` and AgentCore's flat `{...}`. Anything but a
 * JSON object (an array, a string, a number, null) is rejected. The message names the field.
 */
export function parseInvocationRequest(body: unknown): InvocationRequestParse {
  if (!isRecord(body)) return { ok: false, message: `The body must be a JSON object, not ${describe(body)}.` };
  const wrapped = isRecord(body['input']);
  const parsed = InvocationRequestSchema.safeParse(wrapped ? body['input'] : body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = [...(wrapped ? ['input'] : []), ...(issue?.path ?? [])].map(String).join('.');
    return { ok: false, message: `${field || 'body'} ${issue?.message ?? 'is invalid'}.` };
  }
  const v = parsed.data;
  const decision: PlanDecision | undefined = v.action === 'modify' ? { action: 'modify', plan: v.plan }
    : v.action === 'approve' || v.action === 'reject' ? { action: v.action } : undefined;
  const control: ControlRequest | undefined = v.action === 'status' && v.investigation_id ? { kind: 'status', investigationId: v.investigation_id }
    : v.action === 'cancel' ? { kind: 'cancel', ...(v.investigation_id ? { investigationId: v.investigation_id } : {}) } : undefined;
  return {
    ok: true,
    request: {
      prompt: v.prompt ?? v.action ?? '',
      ...(decision ? { decision } : {}),
      ...(control ? { control } : {}),
      background: v.async ?? false,
      ...(v.session_id !== undefined ? { sessionId: v.session_id } : {}),
      userId: v.user_id,
      autoApprovePlan: v.auto_approve_plan,
      stream: v.stream ?? false,
    },
  };
}

/** Iterative on purpose: a recursive walk would overflow on the very input it guards against. */
function nestedAtMost(value: unknown, maxDepth: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, depth] = next;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > maxDepth) return false;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}

/** The use-case command for a parsed request, in the session the transport settled on. */
export function toCommand(request: InvocationRequest, sessionId: SessionId, investigationId: string, trace?: InboundTrace): InvestigateCommand {
  return {
    prompt: request.prompt,
    sessionId,
    investigationId: asInvestigationId(investigationId),
    actor: asActorId(request.userId),
    autoApprovePlan: request.autoApprovePlan,
    ...(request.decision ? { decision: request.decision } : {}),
    ...(trace ? { trace } : {}),
  };
}
