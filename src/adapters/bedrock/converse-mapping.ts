import type { ContentBlock, Message, SystemContentBlock, Tool, ToolChoice, ToolConfiguration, ToolUseBlock } from '@aws-sdk/client-bedrock-runtime';
import type { LlmRequest, StopReason } from '../../application/ports/llm.js';
import type { AgentMessage } from '../../domain/messages.js';
import type { ToolCall, ToolSpec } from '../../domain/tools.js';

// Domain messages ↔ Converse messages. Bedrock rejects empty text blocks and two messages of
// the same role in a row, so blanks get a placeholder and consecutive same-role turns merge.

type DocumentType = NonNullable<ToolUseBlock['input']>;

const BLANK = '(empty)';
const CACHE_POINT = { cachePoint: { type: 'default' as const } };

/** A tool call as the adapter sees it; `invalidJson` holds input the model wrote that is not JSON. */
export interface AssembledCall extends ToolCall {
  readonly invalidJson?: string;
}

/** One model turn before it becomes a port `LlmResponse`. */
export interface ModelTurn {
  readonly text: string;
  readonly toolCalls: readonly AssembledCall[];
  readonly stopReason: StopReason;
  readonly usage: { readonly inputTokens: number; readonly outputTokens: number; readonly costUsd?: number };
}

function toBlocks(message: AgentMessage): ContentBlock[] {
  if (message.role === 'user') return [{ text: message.content.trim() ? message.content : BLANK }];
  if (message.role === 'assistant') {
    const blocks: ContentBlock[] = message.text?.trim() ? [{ text: message.text }] : [];
    for (const call of message.toolCalls) blocks.push({ toolUse: { toolUseId: call.id, name: call.name, input: { ...call.args } as DocumentType } });
    return blocks.length ? blocks : [{ text: BLANK }];
  }
  return message.results.map((r) => ({
    toolResult: { toolUseId: r.callId, content: [{ text: r.content.trim() ? r.content : BLANK }], status: r.ok ? 'success' : 'error' },
  }));
}

/** Tool results travel as a user message of `toolResult` blocks; same-role neighbours merge. */
export function toConverseMessages(messages: readonly AgentMessage[]): Message[] {
  const out: Message[] = [];
  for (const message of messages) {
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const blocks = toBlocks(message);
    const last = out.at(-1);
    if (last && last.role === role) last.content = [...(last.content ?? []), ...blocks];
    else out.push({ role, content: blocks });
  }
  return out;
}

export function toSystem(preamble: string, system: string, cache: boolean): SystemContentBlock[] {
  const blocks: SystemContentBlock[] = [preamble, system].filter((t) => t.trim()).map((text) => ({ text }));
  return cache ? [...blocks, CACHE_POINT] : blocks;
}

function toTool(spec: ToolSpec): Tool {
  return { toolSpec: { name: spec.name, description: spec.description || spec.name, inputSchema: { json: { ...spec.inputSchema } as DocumentType } } };
}

/** Tool specs from the gateway's JSON schemas; a forced `{name}` becomes `{tool:{name}}`. */
export function toToolConfig(request: LlmRequest, cache: boolean): ToolConfiguration | undefined {
  const specs = request.tools ?? [];
  if (specs.length === 0) return undefined;
  const tools = specs.map(toTool);
  const toolChoice: ToolChoice = typeof request.toolChoice === 'object' ? { tool: { name: request.toolChoice.name } } : { auto: {} };
  return { tools: cache ? [...tools, CACHE_POINT] : tools, toolChoice };
}

export function toStopReason(reason: string | undefined): StopReason {
  if (reason === 'end_turn' || reason === 'stop_sequence') return 'end_turn';
  if (reason === 'tool_use' || reason === 'max_tokens') return reason;
  return 'other';
}

/** Tool input as an object; a string is parsed, and input that is not a JSON object is flagged. */
export function readToolInput(input: unknown): { args: Record<string, unknown>; invalidJson?: string } {
  if (typeof input === 'string') {
    try {
      return readToolInput(input.trim() ? JSON.parse(input) : {});
    } catch {
      return { args: {}, invalidJson: input };
    }
  }
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) return { args: { ...(input as Record<string, unknown>) } };
  return { args: {}, invalidJson: JSON.stringify(input) ?? String(input) };
}

export function fromContent(content: readonly ContentBlock[] | undefined): { text: string; toolCalls: AssembledCall[] } {
  let text = '';
  const toolCalls: AssembledCall[] = [];
  for (const block of content ?? []) {
    if (block.text !== undefined) text += block.text;
    else if (block.toolUse) {
      const { args, invalidJson } = readToolInput(block.toolUse.input);
      toolCalls.push({ id: block.toolUse.toolUseId ?? `tooluse_${toolCalls.length}`, name: block.toolUse.name ?? '', args, ...(invalidJson !== undefined ? { invalidJson } : {}) });
    }
  }
  return { text, toolCalls };
}

export const tokens = (n: number | undefined): number => (Number.isInteger(n) && (n as number) >= 0 ? (n as number) : 0);
