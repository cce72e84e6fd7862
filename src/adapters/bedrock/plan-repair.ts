import { z } from 'zod';
import type { LlmRequest } from '../../application/ports/llm.js';
import { AGENT_NAMES } from '../../domain/agents.js';
import type { AgentMessage } from '../../domain/messages.js';
import { PLAN_TOOL_NAME } from '../../domain/plan.js';
import type { AssembledCall, ModelTurn } from './converse-mapping.js';

/** Mirrors `PLAN_TOOL_SCHEMA`: the input a `submit_plan` call must have. */
export const PlanInputSchema = z.object({
  steps: z.array(z.object({
    agent: z.enum(AGENT_NAMES),
    goal: z.string().min(1),
    depends_on: z.array(z.number().int().min(1)).optional(),
  })).min(1).max(8),
  complexity: z.enum(['simple', 'complex']),
  auto_execute: z.boolean(),
  reasoning: z.string(),
});

/** A planning request that forces `submit_plan`: the only kind the adapter validates and repairs. */
export function isForcedPlan(request: LlmRequest): boolean {
  return request.purpose === 'plan' && typeof request.toolChoice === 'object' && request.toolChoice.name === PLAN_TOOL_NAME;
}

/** Why the turn holds no valid plan, or undefined when it does. */
export function planProblem(turn: ModelTurn): string | undefined {
  const call = turn.toolCalls.find((c) => c.name === PLAN_TOOL_NAME);
  if (!call) return `You did not call ${PLAN_TOOL_NAME}.`;
  if (call.invalidJson !== undefined) return `The ${PLAN_TOOL_NAME} input was not a JSON object: ${call.invalidJson.slice(0, 200)}`;
  const parsed = PlanInputSchema.safeParse(call.args);
  return parsed.success ? undefined : `The ${PLAN_TOOL_NAME} input does not match its schema:\n${z.prettifyError(parsed.error)}`;
}

/**
 * The conversation for the one repair attempt: the model's invalid call, then the validation
 * error as a failed tool result (or as a user turn when it called no tool) asking for a fix.
 */
export function repairMessages(request: LlmRequest, turn: ModelTurn, problem: string): AgentMessage[] {
  const ask = `${problem}\nCall ${PLAN_TOOL_NAME} again with input that matches the schema.`;
  const call: AssembledCall | undefined = turn.toolCalls.find((c) => c.name === PLAN_TOOL_NAME);
  if (!call) {
    return [...request.messages, { role: 'assistant', ...(turn.text ? { text: turn.text } : {}), toolCalls: [] }, { role: 'user', content: ask }];
  }
  return [
    ...request.messages,
    { role: 'assistant', ...(turn.text ? { text: turn.text } : {}), toolCalls: [{ id: call.id, name: call.name, args: call.args }] },
    { role: 'tool', results: [{ callId: call.id, name: call.name, ok: false, content: ask }] },
  ];
}

/**
 * A turn whose plan is still invalid after the repair: the same turn without the plan call, so
 * that the graph falls back to its documented default plan (every specialist, in parallel).
 */
export function withoutPlan(turn: ModelTurn): ModelTurn {
  const toolCalls = turn.toolCalls.filter((c) => c.name !== PLAN_TOOL_NAME);
  return { ...turn, toolCalls, stopReason: toolCalls.length ? 'tool_use' : 'end_turn' };
}
